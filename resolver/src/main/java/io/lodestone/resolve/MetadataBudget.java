package io.lodestone.resolve;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of metadata pieces held at once by every fetch of one {@link MetadataFetcher}. Each fetch
 * is bounded by the largest {@code metadata_size} alone, but hundreds of peers each sending that
 * much at once would not be; pieces are reserved here as they arrive (a peer that only claims a
 * large size reserves nothing) and released when the fetch ends. Thread-safe.
 */
final class MetadataBudget {

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    MetadataBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("budget must be positive: " + limit);
        }
        this.limit = limit;
    }

    /** Takes {@code bytes} if that stays within the limit; false, and nothing taken, if not. */
    boolean tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative reservation: " + bytes);
        }
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        long after = used.addAndGet(-bytes);
        if (after < 0) {
            throw new IllegalStateException("released more than was reserved: " + after);
        }
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }
}
