package io.lodestone.index;

import io.lodestone.types.InfoHash;
import io.lodestone.index.classify.ContentType;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** What the HTTP layer reads: torrents by hash, and search. */
public interface TorrentIndex {

    /** By v1 hash, truncated v2 hash or full v2 hash. */
    Optional<TorrentRecord> get(InfoHash infoHash) throws IOException;

    SearchPage search(SearchQuery query) throws IOException;

    /**
     * How many matches of the query each content type has, its type filter aside (the facets of a
     * result page); types without a match are left out. Empty where the index does not classify.
     */
    default Map<ContentType, Long> typeCounts(SearchQuery query) throws IOException {
        return Map.of();
    }

    /** Torrents indexed. */
    long torrentCount() throws IOException;

    /** Harvested hashes still waiting to be resolved. */
    long pendingCount() throws IOException;
}
