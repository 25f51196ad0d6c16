package io.lodestone.client.engine;

import io.lodestone.time.Clock;

/**
 * Bytes per second over a sliding window of one-second slots, as libtorrent's stat_channel keeps a
 * short average: recent enough for the choker and request depth, smooth enough not to flap.
 * Not thread-safe: owned by one torrent loop.
 */
public final class RateMeter {

    /** Seconds averaged over; libtorrent's stat_channel averages over a few seconds as well. */
    public static final int WINDOW_SECONDS = 5;
    private static final long SECOND = 1_000_000_000L;

    private final Clock clock;
    private final long[] slots = new long[WINDOW_SECONDS];
    private final long started;
    private long slotSecond;
    private long total;

    public RateMeter(Clock clock) {
        this.clock = clock;
        this.started = clock.nanos();
        this.slotSecond = 0;
    }

    public void add(long bytes) {
        roll();
        slots[(int) (slotSecond % WINDOW_SECONDS)] += bytes;
        total += bytes;
    }

    /** Bytes ever added. */
    public long total() {
        return total;
    }

    /** Bytes per second over the window (over the time elapsed while younger than the window). */
    public long rate() {
        roll();
        long sum = 0;
        for (long s : slots) {
            sum += s;
        }
        // the slots hold the whole seconds before this one and the part of this one gone by
        long elapsed = clock.nanos() - started;
        long span = Math.min(elapsed, (WINDOW_SECONDS - 1) * SECOND + elapsed % SECOND);
        return (long) (sum * (double) SECOND / Math.max(span, SECOND));
    }

    private void roll() {
        long now = (clock.nanos() - started) / SECOND;
        if (now - slotSecond >= WINDOW_SECONDS) {
            java.util.Arrays.fill(slots, 0);
        } else {
            for (long s = slotSecond + 1; s <= now; s++) {
                slots[(int) (s % WINDOW_SECONDS)] = 0;
            }
        }
        slotSecond = Math.max(slotSecond, now);
    }
}
