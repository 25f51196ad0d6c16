package io.lodestone.ops.bench.sim;

import io.lodestone.dht.lookup.TaskScheduler;
import io.lodestone.time.VirtualClock;
import java.util.PriorityQueue;

/**
 * The simulation's only thread of time: tasks ordered by virtual time (then by when they were
 * added, so equal times run in a fixed order), the clock moved to each as it runs. Also the
 * farm's {@link TaskScheduler}, so lookup timers run on virtual time.
 */
final class VirtualEvents implements TaskScheduler {

    private static final class Event implements Comparable<Event> {
        final long at;
        final long seq;
        Runnable task;

        Event(long at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final VirtualClock clock;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long seq;
    private long ran;

    VirtualEvents(VirtualClock clock) {
        this.clock = clock;
    }

    VirtualClock clock() {
        return clock;
    }

    void at(long nanos, Runnable task) {
        queue.add(new Event(Math.max(nanos, clock.nanos()), seq++, task));
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        Event e = new Event(clock.nanos() + Math.max(0, delayNanos), seq++, task);
        queue.add(e);
        return () -> e.task = null; // left in the queue; skipped when its time comes
    }

    /** Runs every task due up to {@code end}, then sets the clock to {@code end}. */
    void runUntil(long end) {
        while (!queue.isEmpty() && queue.peek().at <= end) {
            Event e = queue.poll();
            clock.advanceTo(e.at);
            if (e.task != null) {
                ran++;
                e.task.run();
            }
        }
        clock.advanceTo(end);
    }

    long ran() {
        return ran;
    }
}
