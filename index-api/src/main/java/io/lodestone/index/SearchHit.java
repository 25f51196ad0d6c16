package io.lodestone.index;

import io.lodestone.index.classify.Classification;
import io.lodestone.index.classify.ContentType;
import io.lodestone.index.classify.MediaAttributes;
import io.lodestone.types.InfoHash;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One search result, enough for a result list without loading the torrent.
 *
 * @param classification the type and attributes the classifier gave it when it was indexed
 * @param seeders        seeds estimated by the last BEP 33 scrape, -1 when never scraped
 * @param peers          downloaders estimated by the last BEP 33 scrape, -1 when never scraped
 */
public record SearchHit(InfoHash infoHash, String name, long totalSize, int fileCount, Instant discoveredAt,
                        long seenCount, float score, Classification classification, long seeders, long peers) {
    /** What a torrent not classified yet shows. */
    public static final Classification UNCLASSIFIED = new Classification(ContentType.OTHER,
            new MediaAttributes(null, null, null, null, null, null, null, false, null, List.of(), List.of()));

    public SearchHit {
        Objects.requireNonNull(classification, "classification");
    }

    public SearchHit(InfoHash infoHash, String name, long totalSize, int fileCount, Instant discoveredAt,
                     long seenCount, float score) {
        this(infoHash, name, totalSize, fileCount, discoveredAt, seenCount, score, UNCLASSIFIED, -1, -1);
    }

    public ContentType type() {
        return classification.type();
    }
}
