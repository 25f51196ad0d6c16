package io.lodestone.index;

import io.lodestone.types.InfoHash;
import java.time.Instant;

/**
 * One search result, enough for a result list without loading the torrent.
 *
 * @param seeders estimated seeds from the last DHT scrape, -1 when never scraped
 * @param peers   estimated downloaders from the last DHT scrape, -1 when never scraped
 */
public record SearchHit(InfoHash infoHash, String name, long totalSize, int fileCount, Instant discoveredAt,
                        long seenCount, float score, int seeders, int peers) {
    public SearchHit(InfoHash infoHash, String name, long totalSize, int fileCount, Instant discoveredAt,
                     long seenCount, float score) {
        this(infoHash, name, totalSize, fileCount, discoveredAt, seenCount, score, -1, -1);
    }
}
