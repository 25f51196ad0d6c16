package io.lodestone.index;

import io.lodestone.types.InfoHash;
import java.time.Instant;

/** One search result, enough for a result list without loading the torrent. */
public record SearchHit(InfoHash infoHash, String name, long totalSize, int fileCount, Instant discoveredAt,
                        long seenCount, float score) {
}
