package io.lodestone.client.engine;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs its tasks one at a time, in order, on a shared pool. Several lanes on one pool run in
 * parallel with each other; within a lane nothing overlaps, so a piece whose blocks all go to one
 * lane is written (and stream-hashed) in the order they arrived, without a lock held across
 * threads or a read-back of blocks written ahead.
 */
final class SerialLane implements Executor {

    /** Tasks run per turn before the lane yields its pool thread, so busy lanes take turns. */
    static final int TURN = 64;

    private final Executor pool;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean scheduled;

    SerialLane(Executor pool) {
        this.pool = pool;
    }

    /** Queues {@code task}; throws {@link RejectedExecutionException} when the pool refuses the lane. */
    @Override
    public void execute(Runnable task) {
        synchronized (queue) {
            queue.add(task);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        schedule(task);
    }

    private void schedule(Runnable justAdded) {
        try {
            pool.execute(this::runTurn);
        } catch (RejectedExecutionException e) {
            synchronized (queue) {
                scheduled = false;
                if (justAdded != null) {
                    queue.removeLastOccurrence(justAdded);
                }
            }
            throw e;
        }
    }

    private void runTurn() {
        for (int i = 0; i < TURN; i++) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                // a task's failure is its own; the lane goes on with the next
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            } catch (Error e) {
                // the Error goes up to the pool's thread, but the tasks behind it still run: a lane
                // left marked as scheduled with no turn coming would take nothing more, ever
                continueLater();
                throw e;
            }
        }
        continueLater();
    }

    private void continueLater() {
        boolean more;
        synchronized (queue) {
            more = !queue.isEmpty();
            scheduled = more;
        }
        if (!more) {
            return;
        }
        try {
            schedule(null); // back of the pool's queue, after other lanes
        } catch (RejectedExecutionException e) {
            // the pool is shutting down: what is left no longer matters
        }
    }

    /** Tasks waiting (not counting one running). */
    int waiting() {
        synchronized (queue) {
            return queue.size();
        }
    }
}
