package io.lodestone.crawler;

import io.lodestone.types.InfoHash;
import java.util.List;

/**
 * Everything the crawler wants written at once; a sink applies a batch in one transaction.
 *
 * @param sightings sightings of hashes already indexed
 * @param pending   pending hashes to insert or replace
 * @param resolved  torrents to store; each also removes its pending entry
 * @param abandoned pending hashes given up on, to be removed
 */
public record CrawlBatch(List<Sighting> sightings, List<PendingHash> pending, List<ResolvedTorrent> resolved,
                         List<InfoHash> abandoned) {
    public CrawlBatch {
        sightings = List.copyOf(sightings);
        pending = List.copyOf(pending);
        resolved = List.copyOf(resolved);
        abandoned = List.copyOf(abandoned);
    }

    public boolean isEmpty() {
        return sightings.isEmpty() && pending.isEmpty() && resolved.isEmpty() && abandoned.isEmpty();
    }
}
