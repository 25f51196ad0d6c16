package io.lodestone.ops.fleet;

import io.lodestone.types.HostPort;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which part of the service this instance runs, and the Kafka cluster the parts talk through.
 * With no bootstrap address there is no fleet: one process does everything, as before.
 *
 * @param role               crawl (farm, crawler, resolver), index (store, search, HTTP), or all
 * @param bootstrap          Kafka brokers to start from; empty for none
 * @param replicationFactor  copies of every topic the fleet creates (three brokers: 3)
 * @param minInsyncReplicas  copies a write must reach before it counts (with acks=all)
 * @param topicPrefix        put before every topic name, so fleets can share a cluster
 * @param harvestPartitions  partitions of the harvest topic: the most crawlers that share work
 * @param catalogPartitions  partitions of the catalog topic
 * @param startSpreadSeconds a crawler's new hash waits up to this long (its own bits pick how long)
 *                           before its first fetch, so what other crawlers fetched meanwhile reaches
 *                           it first: the two keys of a hybrid torrent, taken by two crawlers, are
 *                           then mostly fetched once. 0: at once
 */
public record FleetConfig(Role role, List<HostPort> bootstrap, int replicationFactor, int minInsyncReplicas,
                          String topicPrefix, int harvestPartitions, int catalogPartitions, int startSpreadSeconds) {

    /** Longest topic prefix; Kafka allows 249 characters per topic name. */
    public static final int MAX_PREFIX = 200;
    public static final int MAX_PARTITIONS = 1_000;
    public static final int MAX_START_SPREAD_SECONDS = 3_600;

    public enum Role {
        CRAWL, INDEX, ALL;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Role parse(String s) {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        }
    }

    public FleetConfig {
        Objects.requireNonNull(role, "role");
        bootstrap = List.copyOf(bootstrap);
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        if (!topicPrefix.matches("[A-Za-z0-9._-]{0," + MAX_PREFIX + "}")) {
            throw new IllegalArgumentException("kafka.topic-prefix may hold letters, digits, '.', '_' and '-' only");
        }
        if (replicationFactor < 1 || replicationFactor > 32) {
            throw new IllegalArgumentException("kafka.replication-factor must be 1 to 32");
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("kafka.min-insync-replicas must be 1 to the replication factor");
        }
        if (harvestPartitions < 1 || harvestPartitions > MAX_PARTITIONS
                || catalogPartitions < 1 || catalogPartitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("kafka partitions must be 1 to " + MAX_PARTITIONS);
        }
        if (startSpreadSeconds < 0 || startSpreadSeconds > MAX_START_SPREAD_SECONDS) {
            throw new IllegalArgumentException("kafka.start-spread-seconds must be 0 to " + MAX_START_SPREAD_SECONDS);
        }
        if (role != Role.ALL && bootstrap.isEmpty()) {
            throw new IllegalArgumentException("role " + role.key() + " needs a Kafka cluster (--kafka HOST:PORT)");
        }
    }

    /** No Kafka: today's single process. Defaults for a three-broker cluster otherwise. */
    public static FleetConfig defaults() {
        // a fetch and its catalog record take a second or two on a fast network: 10 s keeps most
        // pairs of starts further apart than that, at 5 s of added latency on average
        return new FleetConfig(Role.ALL, List.of(), 3, 2, "lodestone.", 12, 6, 10);
    }

    public boolean enabled() {
        return !bootstrap.isEmpty();
    }

    public boolean crawls() {
        return role != Role.INDEX;
    }

    public boolean indexes() {
        return role != Role.CRAWL;
    }

    public FleetConfig withRole(Role r) {
        return new FleetConfig(r, bootstrap, replicationFactor, minInsyncReplicas, topicPrefix, harvestPartitions,
                catalogPartitions, startSpreadSeconds);
    }

    public FleetConfig withBootstrap(List<HostPort> b) {
        return new FleetConfig(role, b, replicationFactor, minInsyncReplicas, topicPrefix, harvestPartitions,
                catalogPartitions, startSpreadSeconds);
    }

    /** Verified info dicts keyed by info-hash, compacted; a tombstone deletes one. */
    public String catalogTopic() {
        return topicPrefix + "catalog";
    }

    /** Block rules keyed by kind and value, compacted; a tombstone lifts one. */
    public String blocksTopic() {
        return topicPrefix + "blocks";
    }

    /** Harvested hashes keyed by info-hash, claimed by the crawlers' consumer group. */
    public String harvestTopic() {
        return topicPrefix + "harvest";
    }

    public String crawlerGroup() {
        return topicPrefix + "crawlers";
    }

    public String bootstrapServers() {
        return String.join(",", bootstrap.stream().map(HostPort::toString).toList());
    }
}
