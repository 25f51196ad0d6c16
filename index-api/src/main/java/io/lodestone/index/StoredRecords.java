package io.lodestone.index;

import io.lodestone.index.store.StoreChange;
import io.lodestone.index.store.StoredTorrent;
import io.lodestone.metainfo.TorrentSummary;
import io.lodestone.types.InfoHash;

/** Records of torrents the store holds without an info dict. */
final class StoredRecords {
    private StoredRecords() {
    }

    /**
     * What is known of a torrent imported without its info dict: name, size, files. Piece fields
     * are 0 and the version "v1" (a magnetico hash is a v1 hash); renderers show them as unknown.
     */
    static TorrentRecord bare(StoreChange c) {
        StoredTorrent t = c.torrent();
        InfoHash hash = InfoHash.v1(c.key());
        TorrentSummary s = new TorrentSummary(hash.hex(), null, t.name(), t.totalSize(), 0, 0, false, c.bareFiles(),
                "v1");
        return new TorrentRecord(hash, null, s, t.discoveredAt(), t.resolvedAt(), t.seenCount(), t.sources(),
                c.swarm());
    }
}
