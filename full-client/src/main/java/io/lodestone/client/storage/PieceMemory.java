package io.lodestone.client.storage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory for whole pieces held before their direct write, shared by every store of a process: each
 * store has its own cap too, but a serve with many downloads (a slow one holds its partial pieces
 * for as long as its peers take) must not add those caps up. Thread-safe.
 */
public final class PieceMemory {

    private final long limit;
    private final AtomicLong taken = new AtomicLong();

    /** @param limit bytes that may be held at once over every store; 0 holds nothing */
    public PieceMemory(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        this.limit = limit;
    }

    /** The process-wide share the config names. */
    public static PieceMemory of(StorageConfig config) {
        return new PieceMemory(config.directPieceBytesTotal());
    }

    /** Takes {@code bytes} if they fit under the limit; false (nothing taken) otherwise. */
    public boolean tryTake(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        // compare-and-set rather than add-then-undo: a refused take never shows, even for a moment
        for (long now = taken.get(); ; now = taken.get()) {
            if (now + bytes > limit) {
                return false;
            }
            if (taken.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back what {@link #tryTake} took. */
    public void give(long bytes) {
        long now = taken.addAndGet(-bytes);
        if (now < 0) {
            throw new IllegalStateException("gave back more than was taken: " + now);
        }
    }

    /** Bytes held now. */
    public long taken() {
        return taken.get();
    }

    public long limit() {
        return limit;
    }
}
