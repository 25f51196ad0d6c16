package io.lodestone.crawler.scrape;

import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Where scrapes come from and go: the index, seen through this interface only. */
public interface ScrapeTarget {

    /** Up to {@code max} hashes last scraped before {@code before}, never scraped first, oldest first. */
    List<InfoHash> due(Instant before, int max) throws IOException;

    /** Stores finished scrapes. */
    void store(List<ScrapeResult> results) throws IOException;

    /** One scrape's estimate. */
    record ScrapeResult(InfoHash infoHash, int seeders, int peers, Instant at) {
    }
}
