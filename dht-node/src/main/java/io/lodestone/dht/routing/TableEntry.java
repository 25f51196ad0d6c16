package io.lodestone.dht.routing;

import static io.lodestone.dht.routing.RoutingEntry.NEVER;

import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The mutable state a {@link RoutingTable} keeps per node; confined to the table. */
final class TableEntry {

    final NodeInfo node;
    final boolean idVerified;
    final long firstSeen;
    long lastResponse = NEVER;
    long lastQuery = NEVER;
    long lastFailure = NEVER;
    /** When {@link RoutingTable#nodesToPing} last handed it out, until its answer or timeout. */
    long pingedAt = NEVER;
    int failures;
    RttEstimate rtt = RttEstimate.NONE;
    /** In its bucket's replacement cache rather than among the live entries. */
    boolean replacement;

    TableEntry(NodeInfo node, boolean idVerified, long now) {
        this.node = node;
        this.idVerified = idVerified;
        this.firstSeen = now;
    }

    NodeId id() {
        return node.id();
    }

    InetSocketAddress endpoint() {
        return node.address();
    }

    InetAddress ip() {
        return node.address().getAddress();
    }

    boolean responded() {
        return lastResponse != NEVER;
    }

    void onResponse(long now, long rttNanos) {
        lastResponse = now;
        failures = 0;
        pingedAt = NEVER;
        rtt = rtt.add(rttNanos);
    }

    void onFailure(long now) {
        failures++;
        lastFailure = now;
        pingedAt = NEVER;
    }

    /** The newest sign of life, or when we first heard of it. */
    long lastActivity() {
        return Math.max(firstSeen, Math.max(lastResponse, lastQuery));
    }

    NodeState state(long now, RoutingConfig config) {
        if (failures >= config.badAfterFailures()) {
            return NodeState.BAD;
        }
        long window = config.questionableAfter().toNanos();
        // BEP 5: good = answered within the window, or answered ever and queried us within it
        if (failures == 0 && responded() && (within(now, lastResponse, window) || within(now, lastQuery, window))) {
            return NodeState.GOOD;
        }
        return NodeState.QUESTIONABLE;
    }

    boolean pingPending(long now, RoutingConfig config) {
        return within(now, pingedAt, config.pingGrace().toNanos());
    }

    static boolean within(long now, long t, long window) {
        return t != NEVER && now - t < window;
    }

    RoutingEntry snapshot(long now, RoutingConfig config, int bucket) {
        return new RoutingEntry(node, bucket, state(now, config), firstSeen, lastResponse, lastQuery, failures, rtt,
                idVerified);
    }

    @Override
    public String toString() {
        return node + (replacement ? " (replacement)" : "") + " failures=" + failures;
    }
}
