package io.lodestone.dht.node;

import io.lodestone.time.Clock;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two limiters every node of a farm shares: one inbound (per source IP) and one outbound (per
 * destination IP), and the farm's own endpoints, which are exempt: the limits protect other
 * people's nodes and ours from others, not our nodes from each other. Thread-safe.
 */
public record RateLimits(InboundLimiter inbound, OutboundLimiter outbound, Set<InetSocketAddress> ownEndpoints) {

    public RateLimits {
        Objects.requireNonNull(inbound, "inbound");
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(ownEndpoints, "ownEndpoints");
    }

    public RateLimits(InboundLimiter inbound, OutboundLimiter outbound) {
        this(inbound, outbound, ConcurrentHashMap.newKeySet());
    }

    public static RateLimits create(RateLimitConfig config, Clock clock) {
        return new RateLimits(
                InboundLimiter.create(config.inbound(), config.maxTrackedIps(), clock),
                OutboundLimiter.create(config.outbound(), config.outboundSubnet(), config.maxTrackedIps(), clock));
    }

    /** No limits: benchmarks, and tests of everything but limiting. */
    public static RateLimits unlimited() {
        return new RateLimits(InboundLimiter.unlimited(), OutboundLimiter.unlimited());
    }

    /** Marks a socket of this process as exempt (the farm adds each node's bound address). */
    public void addOwnEndpoint(InetSocketAddress endpoint) {
        ownEndpoints.add(Ips.normalize(endpoint));
    }

    boolean isOwn(InetSocketAddress endpoint) {
        return !ownEndpoints.isEmpty() && ownEndpoints.contains(endpoint);
    }

    boolean allowIn(InetSocketAddress source) {
        return isOwn(source) || inbound.allow(source.getAddress());
    }

    boolean allowOut(InetSocketAddress destination) {
        return isOwn(Ips.normalize(destination)) || outbound.allow(destination.getAddress());
    }

    /** As {@link #allowOut}, for a query of ours: it leaves the destination's answer reserve. */
    boolean allowQueryOut(InetSocketAddress destination) {
        return isOwn(Ips.normalize(destination)) || outbound.allowQuery(destination.getAddress());
    }
}
