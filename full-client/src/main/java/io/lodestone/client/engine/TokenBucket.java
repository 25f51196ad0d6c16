package io.lodestone.client.engine;

import io.lodestone.time.Clock;

/**
 * A rate limit: tokens (bytes) refill at {@code rate} per second up to one second's worth; a
 * rate of 0 means unlimited. Spending may go into debt, so a 16 KiB block is never split; callers
 * wait until the balance is positive again. Thread-safe, since uploads and downloads of several
 * torrents share one limit.
 */
public final class TokenBucket {

    private static final long SECOND = 1_000_000_000L;

    /** How long a refused owner keeps its place in line without asking again. */
    static final long CLAIM_NANOS = 2 * SECOND;

    private final Clock clock;
    private final long rate;
    /** Owners refused since their last grant, oldest first, with when each last asked. */
    private final java.util.LinkedHashMap<Object, Long> waiting = new java.util.LinkedHashMap<>();
    private long tokens;
    private long last;

    public TokenBucket(Clock clock, long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("rate must be >= 0, not " + bytesPerSecond);
        }
        this.clock = clock;
        this.rate = bytesPerSecond;
        this.last = clock.nanos();
        this.tokens = bytesPerSecond;
    }

    public static TokenBucket unlimited(Clock clock) {
        return new TokenBucket(clock, 0);
    }

    public boolean limited() {
        return rate > 0;
    }

    public long rate() {
        return rate;
    }

    /** Whether there is anything to spend now. */
    public synchronized boolean available() {
        if (rate == 0) {
            return true;
        }
        refill();
        return tokens > 0;
    }

    /**
     * Whether {@code owner} (a torrent) may spend now. Owners that were refused wait in line, and
     * a positive balance goes to the longest waiting first: a torrent that asks only on its tick
     * is not starved by ones that ask on every block (each arrival drains what refilled). A place
     * in line lapses when its owner has not asked for {@link #CLAIM_NANOS}.
     */
    public synchronized boolean available(Object owner) {
        if (rate == 0) {
            return true;
        }
        refill();
        long now = clock.nanos();
        waiting.values().removeIf(askedAt -> now - askedAt > CLAIM_NANOS);
        Object first = waiting.isEmpty() ? null : waiting.keySet().iterator().next();
        if (tokens > 0 && (first == null || first == owner)) {
            waiting.remove(owner);
            return true;
        }
        waiting.put(owner, now); // keeps its place when already in line
        return false;
    }

    /** {@code owner} stopped: it gives up its place in line at once rather than after it lapses. */
    public synchronized void leave(Object owner) {
        waiting.remove(owner);
    }

    public synchronized void spend(long bytes) {
        if (rate == 0) {
            return;
        }
        refill();
        tokens -= bytes;
    }

    /** Nanoseconds until the balance is positive again; 0 when it already is. */
    public synchronized long nanosUntilAvailable() {
        if (rate == 0) {
            return 0;
        }
        refill();
        return tokens > 0 ? 0 : (long) ((1 - tokens) * (double) SECOND / rate);
    }

    private void refill() {
        long now = clock.nanos();
        long elapsed = now - last;
        if (elapsed <= 0) {
            return;
        }
        long add = (long) (elapsed * (double) rate / SECOND);
        if (add > 0) {
            tokens = Math.min(rate, tokens + add);
            last = now;
        }
    }
}
