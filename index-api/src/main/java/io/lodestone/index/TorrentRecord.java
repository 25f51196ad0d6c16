package io.lodestone.index;

import io.lodestone.metainfo.TorrentSummary;
import io.lodestone.types.InfoHash;
import java.time.Instant;
import java.util.Objects;

/**
 * One indexed torrent as the store keeps it.
 *
 * @param infoHash    the key: v1 hash, or truncated v2 for v2-only torrents
 * @param infoDict    the info dictionary byte for byte as fetched; null for a torrent imported
 *                    without it (a magnetico row) until the crawl resolves it
 * @param summary     what the info dict holds, in the contract's shape (for one without an info
 *                    dict: name, size and files as imported; piece fields 0)
 * @param seenCount   how often the crawler saw the hash
 * @param sources     bit set of the crawler's harvest source ordinals
 * @param swarm       seeders, peers and announcers as last counted
 */
public record TorrentRecord(InfoHash infoHash, byte[] infoDict, TorrentSummary summary, Instant discoveredAt,
                            Instant resolvedAt, long seenCount, int sources, SwarmCounts swarm) {
    public TorrentRecord {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(discoveredAt, "discoveredAt");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        Objects.requireNonNull(swarm, "swarm");
        infoDict = infoDict == null ? null : infoDict.clone();
    }

    public TorrentRecord(InfoHash infoHash, byte[] infoDict, TorrentSummary summary, Instant discoveredAt,
                         Instant resolvedAt, long seenCount, int sources) {
        this(infoHash, Objects.requireNonNull(infoDict, "infoDict"), summary, discoveredAt, resolvedAt, seenCount,
                sources, SwarmCounts.NONE);
    }

    @Override
    public byte[] infoDict() {
        return infoDict == null ? null : infoDict.clone();
    }

    /** False while the torrent is known by name and files only (imported without its info dict). */
    public boolean hasMetadata() {
        return infoDict != null;
    }

    /** Estimated seeds from the last DHT scrape; -1 when never scraped. */
    public int seeders() {
        return swarm.seeders();
    }

    /** Estimated downloaders from the last DHT scrape; -1 when never scraped. */
    public int peers() {
        return swarm.peers();
    }

    public int sourceCount() {
        return Integer.bitCount(sources);
    }
}
