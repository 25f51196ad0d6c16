package io.lodestone.time;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task later: the timers of policy code that is not tied to one node's loop (the resolver's
 * deadlines, fetch stagger, lookup rounds). Injected beside a {@link Clock}, so the same code runs on
 * real time and on a {@link VirtualScheduler} in tests.
 */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} once, about {@code delayNanos} from now (at once when not positive). */
    Cancellable schedule(long delayNanos, Runnable task);

    /** A scheduled task; cancelling one that already ran or was cancelled does nothing. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /**
     * Timers on {@code timer}, tasks run on {@code runOn}: the timer thread only hands work over, so
     * a slow task (a caller's callback on a finished resolve) never delays another timer.
     */
    static Scheduler of(ScheduledExecutorService timer, Executor runOn) {
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(runOn, "runOn");
        return (delayNanos, task) -> {
            var f = timer.schedule(() -> runOn.execute(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }

    /** The process's shared real-time scheduler: one daemon timer thread, tasks on the common pool. */
    static Scheduler system() {
        return SystemScheduler.INSTANCE;
    }

    /** Holds the one timer thread, made on first use. */
    final class SystemScheduler {
        static final Scheduler INSTANCE;

        static {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "lodestone-timer");
                t.setDaemon(true);
                return t;
            });
            // cancelled deadlines leave the queue at once instead of holding their task until due
            timer.setRemoveOnCancelPolicy(true);
            INSTANCE = of(timer, ForkJoinPool.commonPool());
        }

        private SystemScheduler() {
        }
    }
}
