package io.lodestone.ops.cli;

import io.lodestone.client.DownloadState;
import io.lodestone.client.engine.TorrentStats;
import io.lodestone.client.session.Download;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows a running download: a progress bar (progress, rate, peers, ETA) on a terminal, a plain
 * line every few seconds otherwise (logs, pipes, tests). Runs on its own virtual thread until
 * closed.
 */
final class DownloadProgress implements AutoCloseable {

    /** Plain lines come this often; a bar redraws faster. */
    static final Duration LINE_INTERVAL = Duration.ofSeconds(5);
    static final Duration BAR_INTERVAL = Duration.ofMillis(500);
    private static final long MIB = 1 << 20;

    private final Download download;
    private final PrintWriter out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private final Thread thread;
    private volatile boolean closed;
    private ProgressBar bar;

    DownloadProgress(Download download, PrintWriter out, boolean terminal) {
        this.download = download;
        this.out = out;
        this.terminal = terminal;
        this.thread = Thread.ofVirtual().name("download-progress").start(this::run);
    }

    private void run() {
        DownloadState shown = null;
        try {
            while (!closed) {
                DownloadState state = download.state();
                TorrentStats s = download.stats();
                if (terminal && s != null && state == DownloadState.DOWNLOADING) {
                    showBar(s);
                } else if (!terminal && s != null) {
                    out.println(line(s));
                } else if (!terminal || state != shown) {
                    out.println(elapsed() + " " + state.name().toLowerCase(Locale.ROOT) + " " + download.status().name());
                }
                shown = state;
                Thread.sleep((terminal ? BAR_INTERVAL : LINE_INTERVAL).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void showBar(TorrentStats s) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(download.status().name())
                    .setInitialMax(s.totalBytes())
                    .setUnit("MiB", MIB)
                    .showSpeed()
                    .setUpdateIntervalMillis((int) BAR_INTERVAL.toMillis())
                    .build();
        }
        bar.stepTo(s.verifiedBytes());
        bar.setExtraMessage(s.peers() + " peers, " + mib(s.downloadRate()) + " MiB/s");
    }

    /** One plain status line. */
    String line(TorrentStats s) {
        long left = s.totalBytes() - s.verifiedBytes();
        String eta = s.downloadRate() > 0 ? (left / s.downloadRate()) + "s" : "-";
        return String.format(Locale.ROOT, "%s %s %5.1f%% %s/%s MiB, down %s MiB/s, up %s MiB/s, %d peers, ETA %s",
                elapsed(), download.state().name().toLowerCase(Locale.ROOT), s.progress() * 100,
                mib(s.verifiedBytes()), mib(s.totalBytes()), mib(s.downloadRate()), mib(s.uploadRate()), s.peers(), eta);
    }

    private String elapsed() {
        return "[" + Duration.ofNanos(System.nanoTime() - started).toSeconds() + "s]";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (double) MIB);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bar != null) {
            TorrentStats s = download.stats();
            if (s != null) {
                bar.stepTo(s.verifiedBytes());
            }
            bar.close();
        }
    }
}
