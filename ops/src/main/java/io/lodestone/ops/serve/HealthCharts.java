package io.lodestone.ops.serve;

import io.lodestone.index.http.HealthHistory;
import io.lodestone.index.http.HealthHistory.Kind;
import io.lodestone.index.http.HealthHistory.Series;
import io.lodestone.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the health page's charts: the series given, every {@link #INTERVAL} over the last
 * {@link #WINDOW}, on one daemon thread of its own (a sample reads every farm node, which may take
 * up to {@link FarmSnapshots#READ_TIMEOUT}, so it must not run on a node's loop).
 */
final class HealthCharts implements AutoCloseable {

    /** 240 samples an hour: smooth enough for a chart, a few kilobytes per series. */
    static final Duration INTERVAL = Duration.ofSeconds(15);
    static final Duration WINDOW = Duration.ofHours(1);

    private final HealthHistory history;
    private final ScheduledExecutorService timer;

    HealthCharts(List<Series> series) {
        this.history = new HealthHistory(Clock.system(), INTERVAL, WINDOW, series);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "health-history");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(history::sampleIfDue, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    HealthHistory.Snapshot snapshot() {
        return history.snapshot();
    }

    static Series gauge(String name, String label, java.util.function.DoubleSupplier source) {
        return new Series(name, label, Kind.GAUGE, source);
    }

    static Series perHour(String name, String label, java.util.function.DoubleSupplier counter) {
        return new Series(name, label, Kind.RATE_PER_HOUR, counter);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
