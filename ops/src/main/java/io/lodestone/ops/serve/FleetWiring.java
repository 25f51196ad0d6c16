package io.lodestone.ops.serve;

import io.lodestone.crawler.CrawlerConfig;
import io.lodestone.ops.fleet.Fleet;
import java.util.Map;

/** The few places where serve runs differently in a fleet, kept out of {@link ServeRuntime}. */
final class FleetWiring {

    private FleetWiring() {
    }

    /** How long a fleet crawler lets resolved torrents wait before they go to the catalog. */
    static final java.time.Duration FLEET_BATCH_DELAY = java.time.Duration.ofMillis(200);

    /**
     * A pure replica does not sweep the DHT: it has no crawl to feed. A fleet crawler publishes
     * sooner than a local store is written: the other crawlers learn from the catalog what not to
     * fetch, and the replicas show it sooner (Kafka batches the records again by itself). Its new
     * hashes wait their start spread, so those lessons arrive before its own fetch starts.
     */
    static CrawlerConfig crawlerConfig(ServeConfig config, CrawlerConfig c) {
        if (!config.fleet().enabled()) {
            return c;
        }
        if (!config.fleet().crawls()) {
            return c.withSweep(0, c.sweep());
        }
        return c.withBatch(c.batchMaxItems(), FLEET_BATCH_DELAY, c.maxUnflushed())
                .withStartSpread(java.time.Duration.ofSeconds(config.fleet().startSpreadSeconds()));
    }

    /** Names this instance to Kafka and on the replicas' per-crawler figures: its DHT and HTTP addresses. */
    static String instanceId(ServeConfig config) {
        String id = config.fleet().role().key() + "-" + config.dht().bind() + "-" + config.dht().port() + "-"
                + config.http().host() + "-" + config.http().port();
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The health JSON's crawl object, with the fleet's figures under {@code fleet} when there is one. */
    static Map<String, Object> withFleet(Map<String, Object> crawl, Fleet fleet) {
        if (fleet != null) {
            crawl.put("fleet", fleet.reading().json());
        }
        return crawl;
    }
}
