package io.lodestone.crawler.schedule;

import java.time.Duration;

/**
 * How long to wait after a failed resolution: {@code base} after the first failure, doubled
 * after each further one, never more than {@code cap}; after {@code maxAttempts} failures the
 * hash is given up.
 */
public record Backoff(Duration base, Duration cap, int maxAttempts) {

    /** Past 2^30 times the base every sane cap is reached; bounds the shift. */
    private static final int MAX_DOUBLINGS = 30;

    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("need 0 < base <= cap and maxAttempts >= 1");
        }
    }

    /** The wait after {@code failures} failed attempts in all (1 for the first). */
    public long delayNanos(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), MAX_DOUBLINGS);
        long b = base.toNanos();
        long c = cap.toNanos();
        return b > (c >> doublings) ? c : Math.min(c, b << doublings);
    }

    public boolean exhausted(int failures) {
        return failures >= maxAttempts;
    }
}
