package io.lodestone.index.store;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;

/**
 * The LMDB map of a store: it starts at the configured size and doubles, up to its maximum,
 * whenever a write finds it full, and the write is tried again. Growing needs no transaction open
 * in this process, so it takes the store's transaction lock exclusively for the moment it lasts.
 * Also tells a write that failed for want of disk space (ENOSPC, EDQUOT) from other failures.
 */
final class MapGrowth {

    /** Linux errno values for "no space": the disk, or the user's quota. */
    private static final int ENOSPC = 28;
    private static final int EDQUOT = 122;

    private final Env<byte[]> env;
    private final ReentrantReadWriteLock txns;
    private final long max;
    private volatile long size;

    MapGrowth(Env<byte[]> env, ReentrantReadWriteLock txns, long initial, long max) {
        this.env = env;
        this.txns = txns;
        this.size = Math.max(initial, env.info().mapSize); // an existing file may be larger already
        this.max = Math.max(max, this.size);
    }

    long size() {
        return size;
    }

    interface Write<T> {
        T run() throws IOException;
    }

    /** Runs a write, doubling the map and trying again while it is full and may still grow. */
    <T> T run(Write<T> write) throws IOException {
        while (true) {
            try {
                return write.run();
            } catch (MapFull e) {
                grow(e);
            }
        }
    }

    private void grow(MapFull cause) throws IOException {
        txns.writeLock().lock();
        try {
            long now = size;
            if (now >= max) {
                throw new StoreFullException("the store's map is full at its maximum of " + max
                        + " bytes (raise index.max-map-size-bytes)", cause);
            }
            long next = now > max / 2 ? max : now * 2;
            env.setMapSize(next);
            size = next;
        } catch (LmdbException e) {
            throw new IOException("cannot grow the store's map: " + e.getMessage(), e);
        } finally {
            txns.writeLock().unlock();
        }
    }

    /** What a failed write transaction throws: map full (grown and retried), disk full, or other. */
    static IOException failure(Exception e) {
        if (e instanceof Env.MapFullException) {
            return new MapFull(e);
        }
        if (e instanceof LmdbNativeException n && (n.getResultCode() == ENOSPC || n.getResultCode() == EDQUOT)) {
            return new StoreFullException("disk full: " + e.getMessage(), e);
        }
        return new IOException("store write failed: " + e.getMessage(), e);
    }

    /** The map is full; {@link #run} catches it and grows. */
    static final class MapFull extends IOException {
        MapFull(Throwable cause) {
            super("map full", cause);
        }
    }
}
