package io.lodestone.dht.node;

import io.lodestone.dht.routing.RoutingTable;
import io.lodestone.time.Clock;
import io.lodestone.types.NodeId;
import java.net.InetAddress;
import java.util.random.RandomGenerator;

/** What a node's helpers share: its identity, settings, tables and ways out. */
record NodeParts(NodeId id, DhtConfig config, Clock clock, RandomGenerator random, RoutingTable table4,
        RoutingTable table6, DhtListener listener, DhtMetrics metrics, Outbox outbox) {

    /** The table for {@code address}'s family (after unmapping). */
    RoutingTable tableFor(InetAddress address) {
        return Ips.isV4(address) ? table4 : table6;
    }

    /** Whether this node talks to {@code address} at all. */
    boolean reachable(InetAddress address) {
        return config.allowPrivate() || Ips.isPublic(address);
    }
}
