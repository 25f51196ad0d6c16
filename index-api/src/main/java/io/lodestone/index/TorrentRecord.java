package io.lodestone.index;

import io.lodestone.metainfo.TorrentSummary;
import io.lodestone.types.InfoHash;
import java.time.Instant;
import java.util.Objects;

/**
 * One indexed torrent as the store keeps it.
 *
 * @param infoHash    the key: v1 hash, or truncated v2 for v2-only torrents
 * @param infoDict    the info dictionary byte for byte as fetched
 * @param summary     what the info dict holds, in the contract's shape
 * @param seenCount   how often the crawler saw the hash
 * @param sources     bit set of the crawler's harvest source ordinals
 */
public record TorrentRecord(InfoHash infoHash, byte[] infoDict, TorrentSummary summary, Instant discoveredAt,
                            Instant resolvedAt, long seenCount, int sources) {
    public TorrentRecord {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(infoDict, "infoDict");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(discoveredAt, "discoveredAt");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        infoDict = infoDict.clone();
    }

    @Override
    public byte[] infoDict() {
        return infoDict.clone();
    }

    public int sourceCount() {
        return Integer.bitCount(sources);
    }
}
