package io.lodestone.ops.bench.sim;

import io.lodestone.dht.lookup.TaskScheduler;
import io.lodestone.time.VirtualClock;
import io.lodestone.time.VirtualScheduler;

/**
 * The simulation's only thread of time: tasks ordered by virtual time (then by when they were
 * added, so equal times run in a fixed order), the clock moved to each as it runs. Also the
 * farm's {@link TaskScheduler}, so lookup timers run on virtual time.
 */
final class VirtualEvents implements TaskScheduler {

    private final VirtualScheduler scheduler;

    VirtualEvents(VirtualClock clock) {
        this.scheduler = new VirtualScheduler(clock);
    }

    VirtualClock clock() {
        return scheduler.clock();
    }

    void at(long nanos, Runnable task) {
        scheduler.at(nanos, task);
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        return scheduler.schedule(delayNanos, task)::cancel;
    }

    /** Runs every task due up to {@code end}, then sets the clock to {@code end}. */
    void runUntil(long end) {
        scheduler.runUntil(end);
    }

    long ran() {
        return scheduler.ran();
    }
}
