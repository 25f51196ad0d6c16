package io.lodestone.index;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the torrent index (LMDB store plus search index).
 *
 * @param mapSizeBytes        LMDB's map to start with. Address space only; the file grows with
 *                            the data, and the map doubles whenever a write finds it full...
 * @param maxMapSizeBytes     ...up to this, the largest the store may grow
 * @param maxReaders          concurrent read transactions LMDB allows (one per search or lookup in flight)
 * @param indexBatchSize      torrents the indexer reads from the store per read transaction
 * @param refreshInterval     longest a stored torrent waits to become searchable while writes go on
 * @param commitInterval      how often the search index is committed; after a crash, at most this
 *                            much writing is indexed again from the store
 * @param ramBufferMb         Lucene's indexing buffer before it flushes a segment
 * @param verifyOnOpen        check the search index's checksums at every open, not only after a crash
 */
public record IndexConfig(long mapSizeBytes, int maxReaders, int indexBatchSize, Duration refreshInterval,
                          Duration commitInterval, double ramBufferMb, boolean verifyOnOpen, long maxMapSizeBytes) {
    public static final int MAX_READERS_LIMIT = 65_536;
    public static final int MAX_INDEX_BATCH = 100_000;

    public IndexConfig {
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        Objects.requireNonNull(commitInterval, "commitInterval");
        if (mapSizeBytes < (1L << 20)) {
            throw new IllegalArgumentException("mapSizeBytes must be at least 1 MiB");
        }
        if (maxMapSizeBytes < mapSizeBytes) {
            throw new IllegalArgumentException("maxMapSizeBytes must be at least mapSizeBytes");
        }
        if (maxReaders < 1 || maxReaders > MAX_READERS_LIMIT) {
            throw new IllegalArgumentException("maxReaders must be 1 to " + MAX_READERS_LIMIT);
        }
        if (indexBatchSize < 1 || indexBatchSize > MAX_INDEX_BATCH) {
            throw new IllegalArgumentException("indexBatchSize must be 1 to " + MAX_INDEX_BATCH);
        }
        if (refreshInterval.isNegative() || commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("intervals must be positive");
        }
        if (!(ramBufferMb >= 1 && ramBufferMb <= 2048)) {
            throw new IllegalArgumentException("ramBufferMb must be 1 to 2048");
        }
    }

    /** No libtorrent counterpart: these are storage settings. */
    public static IndexConfig defaults() {
        return new IndexConfig(
                1L << 30,               // 1 GiB to start; doubles when full
                1024,                   // LMDB's default is 126: too few for many concurrent HTTP readers
                2_000,
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                64,
                false,
                1L << 40);              // 1 TiB of address space at most; a 64-bit process has plenty
    }

    public IndexConfig withRefreshInterval(Duration d) {
        return new IndexConfig(mapSizeBytes, maxReaders, indexBatchSize, d, commitInterval, ramBufferMb, verifyOnOpen, maxMapSizeBytes);
    }

    public IndexConfig withCommitInterval(Duration d) {
        return new IndexConfig(mapSizeBytes, maxReaders, indexBatchSize, refreshInterval, d, ramBufferMb, verifyOnOpen, maxMapSizeBytes);
    }

    /** A map of {@code bytes} that never grows. */
    public IndexConfig withMapSize(long bytes) {
        return new IndexConfig(bytes, maxReaders, indexBatchSize, refreshInterval, commitInterval, ramBufferMb,
                verifyOnOpen, bytes);
    }

    public IndexConfig withMapSize(long bytes, long maxBytes) {
        return new IndexConfig(bytes, maxReaders, indexBatchSize, refreshInterval, commitInterval, ramBufferMb,
                verifyOnOpen, maxBytes);
    }

    public IndexConfig withRamBufferMb(double mb) {
        return new IndexConfig(mapSizeBytes, maxReaders, indexBatchSize, refreshInterval, commitInterval, mb,
                verifyOnOpen, maxMapSizeBytes);
    }
}
