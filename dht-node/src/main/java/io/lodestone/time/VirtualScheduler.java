package io.lodestone.time;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on a {@link VirtualClock}: tasks run only inside {@link #advance} and
 * {@link #runDue}, on the caller's thread, in time order (equal times in the order scheduled),
 * with the clock moved to each task's time first. Deterministic timers for tests.
 */
public final class VirtualScheduler implements Scheduler {

    private static final class Task implements Comparable<Task> {
        final long at;
        final long seq;
        volatile Runnable run;

        Task(long at, long seq, Runnable run) {
            this.at = at;
            this.seq = seq;
            this.run = run;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final VirtualClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long seq;
    private long ran;

    public VirtualScheduler(VirtualClock clock) {
        this.clock = clock;
    }

    public VirtualClock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable schedule(long delayNanos, Runnable task) {
        Task t = new Task(clock.nanos() + Math.max(0, delayNanos), seq++, task);
        queue.add(t);
        return () -> t.run = null; // left in the queue; skipped when its time comes
    }

    /** Runs {@code task} at {@code nanos} on the clock (now, if that has passed). */
    public synchronized void at(long nanos, Runnable task) {
        queue.add(new Task(Math.max(nanos, clock.nanos()), seq++, task));
    }

    /** Runs every task due now, including ones those tasks schedule for now. */
    public void runDue() {
        runUntil(clock.nanos());
    }

    /** Moves time forward by {@code d}, running each task as its time comes. */
    public void advance(Duration d) {
        runUntil(clock.nanos() + d.toNanos());
    }

    /** Tasks not yet run nor cancelled. */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> t.run != null).count();
    }

    /** Tasks run so far (cancelled ones not counted). */
    public synchronized long ran() {
        return ran;
    }

    /** Runs every task due up to {@code end} (nanos on the clock), then sets the clock to {@code end}. */
    public void runUntil(long end) {
        while (true) {
            Task t;
            synchronized (this) {
                if (queue.isEmpty() || queue.peek().at > end) {
                    break;
                }
                t = queue.poll();
            }
            clock.advanceTo(t.at);
            Runnable r = t.run;
            if (r != null) {
                synchronized (this) {
                    ran++;
                }
                r.run(); // outside the lock: a task may schedule more
            }
        }
        clock.advanceTo(end);
    }
}
