package io.lodestone.index.store;

import io.lodestone.crawler.PendingHash;
import io.lodestone.metainfo.TorrentSummary.FileEntry;
import java.util.List;
import java.util.Objects;

/**
 * A torrent known by name and files but not its info dict (a magnetico row): stored so searches
 * find it, and pending so the crawl fetches its info dict.
 *
 * @param torrent its record, with sequence 0 until the store assigns one
 * @param files   paths as shown (a multi-file torrent's start with its name), torrent order
 */
public record BareTorrent(byte[] key, StoredTorrent torrent, List<FileEntry> files, PendingHash pending) {
    public BareTorrent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(torrent, "torrent");
        Objects.requireNonNull(pending, "pending");
        files = List.copyOf(files);
        if (key.length != 20) {
            throw new IllegalArgumentException("a bare torrent is keyed by a 20-byte hash");
        }
    }
}
