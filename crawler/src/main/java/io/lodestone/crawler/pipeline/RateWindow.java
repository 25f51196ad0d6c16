package io.lodestone.crawler.pipeline;

/**
 * Per-minute rates of two counters over the last minute, from one sample a second in a ring (or,
 * built with a longer sample interval, over the last 60 such intervals). Pure; the caller feeds it
 * its clock's readings.
 */
final class RateWindow {

    static final long SAMPLE_NANOS = 1_000_000_000L;
    static final int SAMPLES = 61;
    private static final double NANOS_PER_MINUTE = 60e9;

    private final long sampleNanos;

    RateWindow() {
        this(SAMPLE_NANOS);
    }

    /** One sample per {@code sampleNanos}: 60 s of them is a window of the last hour. */
    RateWindow(long sampleNanos) {
        this.sampleNanos = sampleNanos;
    }

    private final long[] at = new long[SAMPLES];
    private final long[] a = new long[SAMPLES];
    private final long[] b = new long[SAMPLES];
    private int head = -1;
    private int count;

    /** Records the counters at {@code now}, at most once per {@link #SAMPLE_NANOS}. */
    void record(long now, long counterA, long counterB) {
        if (head >= 0 && now - at[head] < sampleNanos) {
            return;
        }
        head = (head + 1) % SAMPLES;
        at[head] = now;
        a[head] = counterA;
        b[head] = counterB;
        count = Math.min(SAMPLES, count + 1);
    }

    double perMinuteA() {
        return rate(a);
    }

    double perMinuteB() {
        return rate(b);
    }

    private double rate(long[] v) {
        if (count < 2) {
            return 0;
        }
        int oldest = (head - count + 1 + SAMPLES) % SAMPLES;
        long dt = at[head] - at[oldest];
        return dt <= 0 ? 0 : (v[head] - v[oldest]) * NANOS_PER_MINUTE / dt;
    }
}
