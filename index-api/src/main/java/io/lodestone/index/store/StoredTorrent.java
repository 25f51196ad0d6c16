package io.lodestone.index.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The small, mutable part of a stored torrent: what a search hit shows and what sightings change.
 * The info dict itself sits in its own table, written once.
 *
 * @param sequence  the store-wide write sequence of the last change the search index must see
 * @param fileCount files shown (pad files left out)
 * @param totalSize bytes, pad files left out
 */
public record StoredTorrent(long sequence, Instant discoveredAt, Instant resolvedAt, long seenCount, int sources,
                           long totalSize, int fileCount, String name) {
    public StoredTorrent {
        Objects.requireNonNull(discoveredAt, "discoveredAt");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        Objects.requireNonNull(name, "name");
        if (sequence < 0 || seenCount < 0 || totalSize < 0 || fileCount < 0) {
            throw new IllegalArgumentException("negative field in a stored torrent");
        }
    }

    /**
     * The seen count rounded down to a power of two. The search index ranks by this, so a sighting
     * re-indexes a torrent only when it crosses into the next power of two, not on every sighting.
     */
    public static int seenBucket(long seenCount) {
        return 64 - Long.numberOfLeadingZeros(Math.max(1, seenCount));
    }

    public StoredTorrent withSequence(long seq) {
        return new StoredTorrent(seq, discoveredAt, resolvedAt, seenCount, sources, totalSize, fileCount, name);
    }

    public StoredTorrent withSeen(long seen, int sourceBits, Instant firstSeen) {
        Instant first = firstSeen.isBefore(discoveredAt) ? firstSeen : discoveredAt;
        return new StoredTorrent(sequence, first, resolvedAt, seen, sourceBits, totalSize, fileCount, name);
    }
}
