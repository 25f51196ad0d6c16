package io.lodestone.index.store;

import io.lodestone.index.SwarmCounts;
import io.lodestone.metainfo.TorrentSummary.FileEntry;
import java.util.List;
import java.util.Objects;

/**
 * A torrent as of its latest write, read back in sequence order for the search index to catch up.
 *
 * @param infoDict  the info dict, or null for a torrent known without it (imported from magnetico)
 * @param bareFiles the files of a torrent without its info dict, else null
 * @param swarm     its swarm counts ({@link SwarmCounts#NONE} when none are known)
 */
public record StoreChange(long sequence, byte[] key, StoredTorrent torrent, byte[] infoDict,
                          List<FileEntry> bareFiles, SwarmCounts swarm) {
    public StoreChange {
        Objects.requireNonNull(swarm, "swarm");
        if ((infoDict == null) == (bareFiles == null)) {
            throw new IllegalArgumentException("a stored torrent has either its info dict or a bare file list");
        }
    }

    public StoreChange(long sequence, byte[] key, StoredTorrent torrent, byte[] infoDict) {
        this(sequence, key, torrent, infoDict, null, SwarmCounts.NONE);
    }

    /** False for a torrent known by name and files only, whose info dict the crawl has yet to fetch. */
    public boolean hasMetadata() {
        return infoDict != null;
    }
}
