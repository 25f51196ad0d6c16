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

    /** Reads them from {@code doc}; missing keys take {@code base}'s values (all required when null). */
    static FleetConfig read(YamlSection doc, FleetConfig base) {
        String roleKey = doc.oneOf("role", base == null ? null : base.role().key(), "crawl", "index", "all");
        YamlSection k = doc.section("kafka");
        List<String> boot = k.strings("bootstrap", base == null ? null
                : base.bootstrap().stream().map(HostPort::toString).toList());
        List<HostPort> bootstrap;
        try {
            bootstrap = boot.stream().map(DhtOptions::hostPort).toList();
        } catch (BadInputException e) {
            throw k.bad("bootstrap", "holds a bad entry: " + e.getMessage());
        }
        long req = YamlSection.REQUIRED;
        try {
            FleetConfig f = new FleetConfig(FleetConfig.Role.parse(roleKey), bootstrap,
                    (int) k.integer("replication-factor", base == null ? req : base.replicationFactor(), 1, 32),
                    (int) k.integer("min-insync-replicas", base == null ? req : base.minInsyncReplicas(), 1, 32),
                    k.string("topic-prefix", base == null ? null : base.topicPrefix()),
                    (int) k.integer("harvest-partitions", base == null ? req : base.harvestPartitions(), 1,
                            FleetConfig.MAX_PARTITIONS),
                    (int) k.integer("catalog-partitions", base == null ? req : base.catalogPartitions(), 1,
                            FleetConfig.MAX_PARTITIONS));
            k.rejectUnknownKeys();
            return f;
        } catch (IllegalArgumentException e) {
            throw new BadInputException("config: " + e.getMessage());
        }
    }
}
