package io.lodestone.crawler.scrape;

import java.time.Duration;
import java.util.Objects;

/**
 * The BEP 33 scrape schedule: how much DHT traffic swarm counts may take and how fresh they are kept.
 *
 * @param enabled          scrape at all
 * @param packetsPerSecond KRPC queries per second all scrapes together may send, on average (a
 *                         scrape lookup takes some 10-40); the budget, not a target
 * @param burstPackets     queries the budget may save up while idle
 * @param refreshAfter     a torrent is scraped again once its last scrape is this old; oldest first
 * @param atOnce           scrape lookups under way at once (BEP 33 suggests few for inactive torrents)
 */
public record ScrapeConfig(boolean enabled, double packetsPerSecond, int burstPackets, Duration refreshAfter,
                           int atOnce) {
    public static final int MAX_AT_ONCE = 64;

    public ScrapeConfig {
        Objects.requireNonNull(refreshAfter, "refreshAfter");
        if (packetsPerSecond <= 0 || burstPackets < 1 || atOnce < 1 || atOnce > MAX_AT_ONCE
                || refreshAfter.isNegative()) {
            throw new IllegalArgumentException("scrape settings out of range");
        }
    }

    /** libtorrent has no scrape schedule of its own; these keep scrapes a small share of a home crawl's traffic. */
    public static ScrapeConfig defaults() {
        return new ScrapeConfig(true, 20, 200, Duration.ofHours(6), 2);
    }
}
