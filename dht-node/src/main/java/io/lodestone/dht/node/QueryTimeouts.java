package io.lodestone.dht.node;

import io.lodestone.dht.routing.RoutingEntry;
import io.lodestone.dht.routing.RoutingTable;
import io.lodestone.dht.routing.RttEstimate;
import io.lodestone.types.NodeId;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Adaptive query timeouts: a node the routing table has measured gets its own RFC 6298 timeout
 * (SRTT + 4 RTTVAR), any other the same formula over every answer this node has had, all clamped
 * to the configured floor and ceiling; the fallback applies until anything has been measured.
 */
final class QueryTimeouts {

    private final long minNanos;
    private final long maxNanos;
    private final long fallbackNanos;
    private RttEstimate global = RttEstimate.NONE;

    QueryTimeouts(DhtConfig c) {
        this.minNanos = c.minQueryTimeout().toNanos();
        this.maxNanos = c.maxQueryTimeout().toNanos();
        this.fallbackNanos = c.fallbackQueryTimeout().toNanos();
    }

    /** The timeout for a query to {@code destination}, whose id may be known ({@code id} non-null). */
    long timeoutNanos(RoutingTable table, NodeId id, InetSocketAddress destination) {
        if (id != null) {
            Optional<RoutingEntry> e = table.find(id);
            if (e.isPresent() && e.get().rtt().known() && e.get().node().address().equals(destination)) {
                return e.get().rtt().timeoutNanos(minNanos, maxNanos, fallbackNanos);
            }
        }
        return global.timeoutNanos(minNanos, maxNanos, fallbackNanos);
    }

    void onRoundTrip(long rttNanos) {
        global = global.add(rttNanos);
    }

    RttEstimate global() {
        return global;
    }
}
