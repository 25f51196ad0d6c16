package io.lodestone.dht.lookup;

import io.lodestone.dht.node.QueryClient;
import io.lodestone.dht.routing.RoutingTable;
import io.lodestone.time.Clock;
import io.lodestone.types.NodeInfo;
import java.net.StandardProtocolFamily;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/**
 * What every lookup of one node needs: its query client, timer, clock, routing table (seeds, own
 * id, address family), settings and random source, all used on the node's thread only.
 *
 * @param latency receives each finished lookup's duration in nanoseconds (the node's metrics)
 */
public record LookupContext(QueryClient client, TaskScheduler scheduler, Clock clock, RoutingTable table,
                            LookupConfig config, RandomGenerator random, LongConsumer latency) {

    public LookupContext {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(latency, "latency");
    }

    /** Without latency metrics. */
    public LookupContext(QueryClient client, TaskScheduler scheduler, Clock clock, RoutingTable table,
            LookupConfig config, RandomGenerator random) {
        this(client, scheduler, clock, table, config, random, nanos -> { });
    }

    /** Of an answer's BEP 5 {@code nodes} and BEP 32 {@code nodes6}, those of our table's family. */
    public List<NodeInfo> ourFamily(List<NodeInfo> nodes, List<NodeInfo> nodes6) {
        return table.family() == StandardProtocolFamily.INET6 ? nodes6 : nodes;
    }
}
