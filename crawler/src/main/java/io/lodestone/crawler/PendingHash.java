package io.lodestone.crawler;

import io.lodestone.types.InfoHash;
import java.time.Instant;
import java.util.Objects;

/**
 * A harvested info-hash that is not resolved yet, as it is kept across restarts.
 *
 * @param seenCount   how often it was seen
 * @param sources     bit set of {@link HarvestSource} ordinals it was seen from
 * @param attempts    resolutions tried and failed so far
 * @param nextAttempt when to try again (growing backoff)
 */
public record PendingHash(InfoHash infoHash, Instant firstSeen, long seenCount, int sources, int attempts,
                          Instant nextAttempt) {
    public PendingHash {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        if (seenCount < 0 || attempts < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }

    /** How many distinct kinds of source saw it. */
    public int sourceCount() {
        return Integer.bitCount(sources);
    }
}
