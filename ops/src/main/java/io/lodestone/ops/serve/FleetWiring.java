package io.lodestone.ops.serve;

import io.lodestone.crawler.CrawlerConfig;
import io.lodestone.ops.fleet.Fleet;
import java.util.Map;

/** The few places where serve runs differently in a fleet, kept out of {@link ServeRuntime}. */
final class FleetWiring {

    private FleetWiring() {
    }

    /** A pure replica does not sweep the DHT: it has no crawl to feed. */
    static CrawlerConfig crawlerConfig(ServeConfig config, CrawlerConfig c) {
        return config.fleet().enabled() && !config.fleet().crawls() ? c.withSweep(0, c.sweep()) : c;
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
