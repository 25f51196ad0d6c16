package io.lodestone.resolve;

/**
 * Drops peers that keep a connection alive with a trickle of bytes: once the grace period is over,
 * every window of time must bring at least {@code minBytesPerSecond * window} bytes. Deadlines
 * alone would let such a peer hold a fetch until the last moment; this ends it within two windows.
 * Pure: times are {@link System#nanoTime()} values passed in.
 */
final class TrickleGuard {

    private final long minBytesPerWindow;
    private final long windowNanos;
    private long windowStart;
    private long windowBytes;

    TrickleGuard(int minBytesPerSecond, long graceNanos, long windowNanos, long startNanos) {
        this.windowNanos = windowNanos;
        this.minBytesPerWindow = (long) Math.ceil(minBytesPerSecond * (windowNanos / 1e9));
        this.windowStart = startNanos + graceNanos;
    }

    void received(int bytes, long now) {
        if (now >= windowStart) {
            windowBytes += bytes;
        }
    }

    /**
     * Null while the peer keeps up, otherwise why not. Bytes that arrived in the grace period count
     * for nothing: a burst at the start must not pay for a trickle later.
     */
    String check(long now) {
        long windowEnd = windowStart + windowNanos;
        if (now - windowEnd < 0 || minBytesPerWindow == 0) {
            return null;
        }
        if (windowBytes < minBytesPerWindow) {
            return windowBytes + " bytes in " + windowNanos / 1_000_000 + " ms, below the minimum of "
                    + minBytesPerWindow;
        }
        windowStart = windowEnd;
        windowBytes = 0;
        return null;
    }
}
