package io.lodestone.dht.lookup;

/**
 * Runs a task later on the node's own thread: the timer lookups use for slow queries and their
 * deadline. The node's event loop provides it in production, a virtual-time queue in tests.
 */
@FunctionalInterface
public interface TaskScheduler {

    /** Runs {@code task} once, about {@code delayNanos} from now, on the node's thread. */
    Cancellable schedule(long delayNanos, Runnable task);

    /** A scheduled task; cancelling one that already ran or was cancelled does nothing. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
