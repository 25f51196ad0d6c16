package io.lodestone.index.http;

import io.lodestone.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The health figures over the last window (an hour by default), for the health page's charts: named
 * series read from suppliers every {@code interval} into a ring buffer, so memory is fixed at
 * window / interval samples per series. A gauge keeps the value read; a rate series turns a
 * counter into its increase per hour between two samples (a counter that went down, as after a
 * restart, counts as no increase). Pure policy on an injected clock: the owner calls
 * {@link #sampleIfDue()} from a timer. Thread-safe.
 */
public final class HealthHistory {

    /** How a series' readings are kept. */
    public enum Kind { GAUGE, RATE_PER_HOUR }

    /**
     * One line of a chart.
     *
     * @param name   its key in the JSON, unique
     * @param label  what the page calls it
     * @param kind   gauge, or a counter shown as a rate per hour
     * @param source read once per sample; a supplier that throws or gives NaN leaves a gap
     */
    public record Series(String name, String label, Kind kind, DoubleSupplier source) {
        public Series {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(source, "source");
        }
    }

    /** A series as drawn: one value per sample, oldest first, null where there is none. */
    public record Line(String name, String label, Kind kind, List<Double> values) {
    }

    /**
     * The window at one instant.
     *
     * @param secondsAgo how long before now each sample was taken, oldest first
     */
    public record Snapshot(double intervalSeconds, double windowSeconds, List<Double> secondsAgo, List<Line> series) {
        public static final Snapshot EMPTY = new Snapshot(0, 0, List.of(), List.of());
    }

    /** Fewer would let a page load or a test spin the sampler. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** More samples per series than any chart can show. */
    static final int MAX_SAMPLES = 4_096;
    private static final double SECONDS_PER_HOUR = 3_600;

    private final Clock clock;
    private final long intervalNanos;
    private final List<Series> series;
    private final long[] times;
    private final double[][] values;
    private final double[] lastCounter;
    private int next;
    private int size;
    private long lastSample = Long.MIN_VALUE;

    public HealthHistory(Clock clock, Duration interval, Duration window, List<Series> series) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.compareTo(MIN_INTERVAL) < 0 || window.compareTo(interval) < 0) {
            throw new IllegalArgumentException("need interval >= " + MIN_INTERVAL + " and window >= interval");
        }
        long capacity = window.toNanos() / interval.toNanos() + 1;
        if (capacity > MAX_SAMPLES) {
            throw new IllegalArgumentException("window / interval must be at most " + (MAX_SAMPLES - 1));
        }
        this.series = List.copyOf(series);
        if (this.series.stream().map(Series::name).distinct().count() != this.series.size()) {
            throw new IllegalArgumentException("series names must be unique");
        }
        this.intervalNanos = interval.toNanos();
        this.times = new long[(int) capacity];
        this.values = new double[this.series.size()][(int) capacity];
        this.lastCounter = new double[this.series.size()];
        java.util.Arrays.fill(lastCounter, Double.NaN);
    }

    /** Takes a sample when an interval has passed since the last one; returns whether it did. */
    public synchronized boolean sampleIfDue() {
        long now = clock.nanos();
        if (lastSample != Long.MIN_VALUE && now - lastSample < intervalNanos) {
            return false;
        }
        double hours = lastSample == Long.MIN_VALUE ? 0 : (now - lastSample) / 1e9 / SECONDS_PER_HOUR;
        for (int s = 0; s < series.size(); s++) {
            double v = read(series.get(s));
            if (series.get(s).kind() == Kind.RATE_PER_HOUR) {
                double before = lastCounter[s];
                lastCounter[s] = v;
                v = Double.isNaN(before) || Double.isNaN(v) || hours <= 0 ? Double.NaN : Math.max(0, v - before) / hours;
            }
            values[s][next] = v;
        }
        times[next] = now;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
        lastSample = now;
        return true;
    }

    private static double read(Series s) {
        try {
            return s.source().getAsDouble();
        } catch (RuntimeException e) {
            return Double.NaN; // a gap in the chart, not a dead sampler
        }
    }

    public synchronized Snapshot snapshot() {
        long now = clock.nanos();
        List<Double> ago = new ArrayList<>(size);
        int first = (next - size + times.length) % times.length;
        for (int k = 0; k < size; k++) {
            ago.add((now - times[(first + k) % times.length]) / 1e9);
        }
        List<Line> lines = new ArrayList<>(series.size());
        for (int s = 0; s < series.size(); s++) {
            List<Double> vs = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                double v = values[s][(first + k) % times.length];
                vs.add(Double.isFinite(v) ? v : null);
            }
            Series def = series.get(s);
            lines.add(new Line(def.name(), def.label(), def.kind(), java.util.Collections.unmodifiableList(vs)));
        }
        return new Snapshot(intervalNanos / 1e9, (times.length - 1) * intervalNanos / 1e9, List.copyOf(ago),
                List.copyOf(lines));
    }

    /** Samples kept now. */
    public synchronized int size() {
        return size;
    }
}
