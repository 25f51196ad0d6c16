package io.lodestone.wire.utp;

/**
 * Round-trip time and retransmission timeout as TCP computes them (RFC 6298: smoothed RTT and
 * mean deviation, RTO = SRTT + 4 RTTVAR), floored at the configured minimum as libtorrent's
 * {@code utp_min_timeout}, doubled on each timeout in a row. Samples come only from packets sent
 * once (Karn), so a retransmission never muddles them.
 */
final class RttEstimator {

    /** Before any sample: BEP 29 starts at 1 s, as TCP does. */
    static final long INITIAL_RTO_NANOS = 1_000_000_000L;
    /** However often it doubles, a timeout never waits longer than this. */
    static final long MAX_RTO_NANOS = 60_000_000_000L;

    private final long minRtoNanos;
    private long srtt = -1;
    private long rttvar;
    private int backoff;

    RttEstimator(long minRtoNanos) {
        this.minRtoNanos = minRtoNanos;
    }

    void sample(long rttNanos) {
        long r = Math.max(0, rttNanos);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar += (Math.abs(srtt - r) - rttvar) / 4;
            srtt += (r - srtt) / 8;
        }
        backoff = 0;
    }

    void timedOut() {
        backoff = Math.min(backoff + 1, 16);
    }

    long rtoNanos() {
        long base = srtt < 0 ? INITIAL_RTO_NANOS : Math.max(minRtoNanos, srtt + 4 * rttvar);
        return Math.min(MAX_RTO_NANOS, base << backoff);
    }

    /** Smoothed RTT, or the initial RTO before any sample. */
    long srttNanos() {
        return srtt < 0 ? INITIAL_RTO_NANOS : srtt;
    }
}
