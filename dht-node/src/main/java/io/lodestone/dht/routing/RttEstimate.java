package io.lodestone.dht.routing;

/**
 * A node's round-trip time, smoothed as TCP does (RFC 6298: gains 1/8 and 1/4), so that queries to
 * it can later use an adaptive timeout instead of one fixed for the whole DHT.
 *
 * @param smoothedNanos SRTT; 0 when nothing was measured
 * @param varianceNanos RTTVAR
 * @param samples measurements folded in, saturating at {@link #MAX_SAMPLES}
 */
public record RttEstimate(long smoothedNanos, long varianceNanos, int samples) {

    public static final RttEstimate NONE = new RttEstimate(0, 0, 0);
    /** Counting further changes nothing; the cap keeps the counter from overflowing. */
    public static final int MAX_SAMPLES = 1_000;
    /** RFC 6298: RTO = SRTT + 4 * RTTVAR. */
    private static final int VARIANCE_WEIGHT = 4;
    /** RFC 6298 alpha = 1/8 and beta = 1/4, as shifts. */
    private static final int ALPHA_SHIFT = 3;
    private static final int BETA_SHIFT = 2;

    public RttEstimate {
        if (smoothedNanos < 0 || varianceNanos < 0 || samples < 0) {
            throw new IllegalArgumentException("negative RTT estimate");
        }
    }

    public boolean known() {
        return samples > 0;
    }

    /** This estimate with one more measurement; a negative one (a caller's clock mix-up) is ignored. */
    public RttEstimate add(long sampleNanos) {
        if (sampleNanos < 0) {
            return this;
        }
        if (samples == 0) {
            return new RttEstimate(sampleNanos, sampleNanos / 2, 1);
        }
        long error = sampleNanos - smoothedNanos;
        long variance = varianceNanos + ((Math.abs(error) - varianceNanos) >> BETA_SHIFT);
        long smoothed = smoothedNanos + (error >> ALPHA_SHIFT);
        return new RttEstimate(Math.max(0, smoothed), Math.max(0, variance), Math.min(samples + 1, MAX_SAMPLES));
    }

    /** SRTT + 4 RTTVAR clamped to [min, max], or {@code fallbackNanos} before any measurement. */
    public long timeoutNanos(long minNanos, long maxNanos, long fallbackNanos) {
        if (!known()) {
            return fallbackNanos;
        }
        long rto = smoothedNanos + VARIANCE_WEIGHT * varianceNanos;
        return Math.min(maxNanos, Math.max(minNanos, rto));
    }
}
