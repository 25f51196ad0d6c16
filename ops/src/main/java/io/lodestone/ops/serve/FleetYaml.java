package io.lodestone.ops.serve;

import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.dht.DhtOptions;
import io.lodestone.ops.fleet.FleetConfig;
import io.lodestone.types.HostPort;
import java.util.List;

/** The {@code role:} key and the {@code kafka:} section of the serve config. */
final class FleetYaml {

    private FleetYaml() {
    }

    /**
     * Reads them from {@code doc}; missing keys take {@code base}'s values, or the defaults of
     * {@link FleetConfig#defaults()} while the bundled file is read (it leaves the fleet out: one
     * process needs none of it; the README lists the keys).
     */
    static FleetConfig read(YamlSection doc, FleetConfig given) {
        FleetConfig base = given == null ? FleetConfig.defaults() : given;
        String roleKey = doc.oneOf("role", base.role().key(), "crawl", "index", "all");
        YamlSection k = doc.section("kafka");
        List<String> boot = k.strings("bootstrap", base.bootstrap().stream().map(HostPort::toString).toList());
        List<HostPort> bootstrap;
        try {
            bootstrap = boot.stream().map(DhtOptions::hostPort).toList();
        } catch (BadInputException e) {
            throw k.bad("bootstrap", "holds a bad entry: " + e.getMessage());
        }
        try {
            FleetConfig f = new FleetConfig(FleetConfig.Role.parse(roleKey), bootstrap,
                    (int) k.integer("replication-factor", base.replicationFactor(), 1, 32),
                    (int) k.integer("min-insync-replicas", base.minInsyncReplicas(), 1, 32),
                    k.string("topic-prefix", base.topicPrefix()),
                    (int) k.integer("harvest-partitions", base.harvestPartitions(), 1,
                            FleetConfig.MAX_PARTITIONS),
                    (int) k.integer("catalog-partitions", base.catalogPartitions(), 1,
                            FleetConfig.MAX_PARTITIONS),
                    (int) k.integer("start-spread-seconds", base.startSpreadSeconds(), 0,
                            FleetConfig.MAX_START_SPREAD_SECONDS));
            k.rejectUnknownKeys();
            return f;
        } catch (IllegalArgumentException e) {
            throw new BadInputException("config: " + e.getMessage());
        }
    }
}
