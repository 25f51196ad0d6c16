package io.lodestone.client.storage;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gets written data to the device while the download goes on. A download is complete only once
 * its data is forced to disk; left to the end, that force waits for every byte still in the page
 * cache (about 0.6 s per GiB on a fast disk, a fifth of a loopback download). So once enough bytes
 * have been written since the last pass, one background pass forces each file written to. Then the
 * final force finds little left. At most one pass runs at a time; writers never wait for it.
 *
 * <p>A failure here is kept and reported by the final force: Linux reports a write-back error to
 * each open file only once, so the final force on the same channel could otherwise miss it.
 */
final class WriteBehind {

    /** Forces one file's data to the device. */
    interface Force {
        void force(int file) throws IOException;
    }

    private final long threshold;
    private final Force force;
    private final Executor executor;
    private final AtomicLong unforced = new AtomicLong();
    private final ConcurrentHashMap.KeySetView<Integer, Boolean> written = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean passing = new AtomicBoolean();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private volatile boolean stopped;

    /** {@code threshold} 0 turns it off: everything waits for the final force. */
    WriteBehind(long threshold, Force force, Executor executor) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must not be negative");
        }
        this.threshold = threshold;
        this.force = force;
        this.executor = executor;
    }

    /** Called after each write; starts a pass once {@code threshold} bytes are waiting. */
    void wrote(int file, long bytes) {
        if (threshold == 0 || stopped) {
            return;
        }
        written.add(file);
        if (unforced.addAndGet(bytes) >= threshold && passing.compareAndSet(false, true)) {
            try {
                executor.execute(this::passes);
            } catch (RuntimeException e) { // the executor is gone: the final force still does it all
                passing.set(false);
            }
        }
    }

    private void passes() {
        do {
            try {
                while (!stopped && unforced.get() >= threshold) {
                    unforced.set(0);
                    for (Integer file : written) {
                        written.remove(file); // before the force: a write during it marks the file again
                        force.force(file);
                    }
                }
            } catch (IOException e) {
                failure.compareAndSet(null, e);
                stopped = true;
            } finally {
                passing.set(false);
            }
            // a writer that crossed the threshold while this pass was ending found it still running
        } while (!stopped && unforced.get() >= threshold && passing.compareAndSet(false, true));
    }

    /** The first background failure, to be thrown by the final force. */
    IOException failure() {
        return failure.get();
    }

    /** No more passes start; one running finishes its current file. */
    void stop() {
        stopped = true;
    }
}
