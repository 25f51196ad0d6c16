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

    private final Clock clock;
    private final long rate;
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
