package io.lodestone.time;

import java.time.Duration;

/** A clock that moves only when told to: deterministic time for tests and simulations. */
public final class VirtualClock implements Clock {
    private long nanos;

    public VirtualClock() {
        this(0);
    }

    public VirtualClock(long startNanos) {
        this.nanos = startNanos;
    }

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time does not go back");
        }
        nanos += d.toNanos();
    }

    public synchronized void advanceTo(long targetNanos) {
        if (targetNanos > nanos) {
            nanos = targetNanos;
        }
    }
}
