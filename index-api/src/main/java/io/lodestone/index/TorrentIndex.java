package io.lodestone.index;

import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.util.Optional;

/** What the HTTP layer reads: torrents by hash, and search. */
public interface TorrentIndex {

    /** By v1 hash, truncated v2 hash or full v2 hash. */
    Optional<TorrentRecord> get(InfoHash infoHash) throws IOException;

    SearchPage search(SearchQuery query) throws IOException;

    /** Torrents indexed. */
    long torrentCount() throws IOException;

    /** Harvested hashes still waiting to be resolved. */
    long pendingCount() throws IOException;
}
