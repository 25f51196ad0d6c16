package io.lodestone.time;

/**
 * Monotonic time for policy code (routing table, lookups, rate limits, timeouts). Injected, so the
 * same code runs on the system clock and on a {@link VirtualClock} in tests.
 */
public interface Clock {

    /** Monotonic nanoseconds; only differences mean anything. */
    long nanos();

    default long millis() {
        return nanos() / 1_000_000L;
    }

    static Clock system() {
        return System::nanoTime;
    }
}
