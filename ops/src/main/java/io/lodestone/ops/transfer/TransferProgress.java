package io.lodestone.ops.transfer;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress of an export or import: a bar on a terminal, a plain line every few seconds otherwise
 * (pipes, logs, tests). Called from the one thread doing the work; draws nothing between calls.
 */
final class TransferProgress implements AutoCloseable {
    static final Duration LINE_INTERVAL = Duration.ofSeconds(5);

    private final String task;
    private final String unit;
    private final long max;
    private final PrintWriter out;
    private final ProgressBar bar;
    private final long started = System.nanoTime();
    private long lastLine = started;
    private long done;

    /** {@code max} in {@code unit}s (torrents, bytes), 0 when unknown. */
    TransferProgress(String task, String unit, long max, PrintWriter out, boolean terminal) {
        this.task = task;
        this.unit = unit;
        this.max = max;
        this.out = out;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(" " + unit, 1)
                .setUpdateIntervalMillis(500).build() : null;
    }

    void stepTo(long n, String note) {
        done = n;
        if (bar != null) {
            bar.stepTo(n);
            bar.setExtraMessage(note);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLine >= LINE_INTERVAL.toNanos()) {
            lastLine = now;
            out.println(line(note));
            out.flush();
        }
    }

    private String line(String note) {
        String of = max > 0 ? String.format(Locale.ROOT, "/%d (%.0f%%)", max, 100.0 * done / max) : "";
        return String.format(Locale.ROOT, "[%ds] %s: %d%s %s, %s", Duration.ofNanos(System.nanoTime() - started)
                .toSeconds(), task, done, of, unit, note);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
