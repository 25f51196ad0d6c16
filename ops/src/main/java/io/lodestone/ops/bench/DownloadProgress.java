package io.lodestone.ops.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes received over time in one benchmark download, sampled every few tens of milliseconds:
 * enough to tell the seeder's start from its full rate. A libtorrent seeder sends one block at a
 * time until its first once-a-second rate tick (its send buffer is sized from the last second's
 * upload), so the first half of a run mixes that ramp, which falls where it falls for every
 * leecher, with the leecher's own speed; the rate from half to 95% is the leecher's alone.
 * Pure arithmetic; samples in time order.
 */
final class DownloadProgress {

    private final List<double[]> samples = new ArrayList<>();

    /** Adds a sample: {@code bytes} received {@code seconds} after the start. */
    void add(double seconds, long bytes) {
        if (!samples.isEmpty() && seconds < samples.getLast()[0]) {
            throw new IllegalArgumentException("samples must come in time order");
        }
        samples.add(new double[] {seconds, bytes});
    }

    /**
     * When {@code bytes} had come in, between the two samples around it (linear); NaN when no
     * sample reached it.
     */
    double secondsTo(double bytes) {
        return along(1, bytes);
    }

    /**
     * Bytes received {@code seconds} after the start, between the two samples around it (linear);
     * NaN past the last sample.
     */
    double bytesAt(double seconds) {
        return along(0, seconds);
    }

    /**
     * The other coordinate where the samples' {@code axis} (0: seconds, 1: bytes) first reaches
     * {@code value}, linear between the samples around it, from 0 bytes at 0 s; NaN when none does.
     */
    private double along(int axis, double value) {
        int other = 1 - axis;
        double[] before = {0, 0};
        for (double[] s : samples) {
            if (s[axis] >= value) {
                double span = s[axis] - before[axis];
                return span <= 0 ? s[other] : before[other] + (s[other] - before[other]) * (value - before[axis]) / span;
            }
            before = s;
        }
        return Double.NaN;
    }

    /** Bytes per second between {@code from} and {@code to} bytes received; NaN when not both seen. */
    double rateBetween(double from, double to) {
        double t0 = secondsTo(from);
        double t1 = secondsTo(to);
        return Double.isNaN(t0) || Double.isNaN(t1) || t1 <= t0 ? Double.NaN : (to - from) / (t1 - t0);
    }
}
