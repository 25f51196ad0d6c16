package io.lodestone.index;

import java.time.Instant;
import java.util.Objects;

/**
 * How big a torrent's swarm looked: the BEP 33 scrape estimates and the announcers the crawl saw.
 *
 * @param seeders    estimated seeds from the last DHT scrape; -1 when never scraped
 * @param peers      estimated downloaders from the last DHT scrape; -1 when never scraped
 * @param scrapedAt  when the last scrape finished; {@link Instant#EPOCH} when never
 * @param announcers distinct peer addresses the crawl saw announce it (bounded, see the crawler)
 */
public record SwarmCounts(int seeders, int peers, Instant scrapedAt, int announcers) {
    public static final SwarmCounts NONE = new SwarmCounts(-1, -1, Instant.EPOCH, 0);

    public SwarmCounts {
        Objects.requireNonNull(scrapedAt, "scrapedAt");
        if (seeders < -1 || peers < -1 || announcers < 0) {
            throw new IllegalArgumentException("swarm counts out of range");
        }
    }

    public boolean scraped() {
        return !scrapedAt.equals(Instant.EPOCH);
    }

    public SwarmCounts withScrape(int seeds, int downloaders, Instant at) {
        return new SwarmCounts(seeds, downloaders, at, announcers);
    }

    public SwarmCounts withAnnouncers(int n) {
        return new SwarmCounts(seeders, peers, scrapedAt, n);
    }
}
