package io.lodestone.wire.utp;

/**
 * LEDBAT congestion control (BEP 29, RFC 6817) for one connection: the window grows while the
 * one-way queuing delay the peer measures stays under the target and shrinks above it, so uTP
 * yields to TCP and to interactive traffic. The base delay is the smallest delay sample of the
 * last two minutes (one minimum per minute, as libutp keeps), which takes out the clock offset
 * between the two hosts. Slow start doubles the window each round trip until a loss or until
 * delay builds up, as libtorrent does. A loss halves the window at most once per round trip.
 */
final class Ledbat {

    /** Minutes of delay history the base delay is the minimum of. */
    static final int HISTORY_MINUTES = 2;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int minWindow;
    private final int maxWindow;
    private final long targetMicros;
    private final int gainPerRtt;

    private double window;
    private boolean slowStart = true;
    private double slowStartEnd = Double.MAX_VALUE;
    private final int[] minuteMin = new int[HISTORY_MINUTES];
    private final boolean[] minuteSeen = new boolean[HISTORY_MINUTES];
    private int minute;
    private long minuteStart = Long.MIN_VALUE;
    private long ourDelayMicros;
    private long lastCutNanos = Long.MIN_VALUE;

    Ledbat(int packetSize, int maxWindow, long targetMicros, int gainPerRtt) {
        this.minWindow = packetSize;
        this.maxWindow = maxWindow;
        this.targetMicros = targetMicros;
        this.gainPerRtt = gainPerRtt;
        this.window = 2.0 * packetSize;
    }

    /** A delay sample: the peer's receive time minus our send time, in its clock's microseconds. */
    void onDelay(int sample, long nowNanos) {
        if (minuteStart == Long.MIN_VALUE || nowNanos - minuteStart >= MINUTE_NANOS) {
            minute = (minute + 1) % HISTORY_MINUTES;
            minuteSeen[minute] = false;
            minuteStart = nowNanos;
        }
        if (!minuteSeen[minute] || sample - minuteMin[minute] < 0) { // wrapping compare: clocks are 32-bit
            minuteMin[minute] = sample;
            minuteSeen[minute] = true;
        }
        int base = sample;
        for (int i = 0; i < HISTORY_MINUTES; i++) {
            if (minuteSeen[i] && minuteMin[i] - base < 0) {
                base = minuteMin[i];
            }
        }
        ourDelayMicros = Math.max(0, (long) (sample - base));
    }

    /** Bytes newly acknowledged: the window moves by LEDBAT's rule (or doubles in slow start). */
    void onAck(int ackedBytes) {
        if (ackedBytes <= 0) {
            return;
        }
        double offTarget = (targetMicros - (double) ourDelayMicros) / targetMicros;
        if (slowStart && ourDelayMicros > targetMicros / 2) {
            slowStart = false; // delay is building: from here on LEDBAT alone
        }
        if (slowStart) {
            window += ackedBytes;
            if (window >= slowStartEnd) {
                slowStart = false;
            }
        } else {
            window += gainPerRtt * offTarget * ackedBytes / window;
        }
        window = Math.max(minWindow, Math.min(maxWindow, window));
    }

    /** A packet was lost (duplicate acks or selective acks): halve, once per round trip. */
    void onLoss(long nowNanos, long rttNanos) {
        slowStart = false;
        if (lastCutNanos != Long.MIN_VALUE && nowNanos - lastCutNanos < rttNanos) {
            return;
        }
        lastCutNanos = nowNanos;
        window = Math.max(minWindow, window / 2);
    }

    /** A retransmission timeout: back to one packet, then slow start up to half the old window. */
    void onTimeout() {
        slowStartEnd = Math.max(2.0 * minWindow, window / 2);
        window = minWindow;
        slowStart = true;
    }

    int window() {
        return (int) window;
    }

    long ourDelayMicros() {
        return ourDelayMicros;
    }

    boolean inSlowStart() {
        return slowStart;
    }
}
