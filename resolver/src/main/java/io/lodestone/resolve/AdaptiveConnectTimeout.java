package io.lodestone.resolve;

import java.time.Duration;
import java.util.Arrays;

/**
 * How long a fetcher waits for a TCP connect. Until enough connects have succeeded it waits the
 * configured ceiling; then {@value #FACTOR} times the 95th percentile of the last {@value #WINDOW}
 * successful connect times, kept between a floor and the ceiling. A peer that answers at all
 * answers within a few round trips, so a crawl whose peers are near stops spending the ceiling
 * on every address that drops SYNs; the floor leaves room for one lost SYN's resend (Linux
 * resends after 1 s). Thread-safe.
 */
public final class AdaptiveConnectTimeout {
    static final int WINDOW = 256;
    static final int MIN_SAMPLES = 32;
    static final int FACTOR = 3;

    private final long floorNanos;
    private final long ceilingNanos;
    private final long[] recent = new long[WINDOW];
    private int count;
    private int next;
    private long current;

    /** {@code floor} above {@code ceiling} is taken as the ceiling: the timeout is then fixed. */
    public AdaptiveConnectTimeout(Duration floor, Duration ceiling) {
        if (floor.isNegative() || floor.isZero() || ceiling.isNegative() || ceiling.isZero()) {
            throw new IllegalArgumentException("connect timeouts must be positive");
        }
        this.ceilingNanos = ceiling.toNanos();
        this.floorNanos = Math.min(floor.toNanos(), ceilingNanos);
        this.current = ceilingNanos;
    }

    /** Always {@code timeout}. */
    public static AdaptiveConnectTimeout fixed(Duration timeout) {
        return new AdaptiveConnectTimeout(timeout, timeout);
    }

    /** A connect that succeeded after {@code nanos}. */
    public synchronized void connected(long nanos) {
        if (floorNanos == ceilingNanos || nanos < 0) {
            return;
        }
        recent[next] = nanos;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
        if (count >= MIN_SAMPLES) {
            long[] sorted = Arrays.copyOf(recent, count);
            Arrays.sort(sorted);
            long p95 = sorted[Math.min(count - 1, (int) Math.ceil(count * 0.95) - 1)];
            long want = p95 > ceilingNanos / FACTOR ? ceilingNanos : p95 * FACTOR;
            current = Math.max(floorNanos, Math.min(ceilingNanos, want));
        }
    }

    /** The timeout for the next connect. */
    public synchronized long nanos() {
        return current;
    }

    public Duration timeout() {
        return Duration.ofNanos(nanos());
    }
}
