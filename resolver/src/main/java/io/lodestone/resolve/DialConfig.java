package io.lodestone.resolve;

import java.time.Duration;
import java.util.Objects;

/**
 * How metadata peers may be dialled, over every resolution that shares one {@link PeerDialer}.
 *
 * @param maxConnections   TCP connections open or opening at once for metadata, in all
 * @param deadPeerTtl      how long a peer that timed out, refused, stayed silent or lied is not
 *                         dialled again, for any hash; zero remembers no dead peers
 * @param deadPeerCapacity dead peers remembered at most; past it the oldest are forgotten
 * @param perIpDialsPerSecond dials to one IP address per second, sustained (0: no limit)
 * @param perIpDialBurst   dials to one IP address allowed at once before the rate applies
 */
public record DialConfig(int maxConnections, Duration deadPeerTtl, int deadPeerCapacity, double perIpDialsPerSecond,
                         int perIpDialBurst) {

    public static final int MAX_CONNECTIONS = 100_000;
    public static final int MAX_DEAD_PEERS = 10_000_000;
    /** Past a day a dead peer's address has as likely been reused by someone else. */
    public static final Duration MAX_DEAD_PEER_TTL = Duration.ofDays(1);

    public DialConfig {
        Objects.requireNonNull(deadPeerTtl, "deadPeerTtl");
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("maxConnections outside 1.." + MAX_CONNECTIONS + ": " + maxConnections);
        }
        if (deadPeerTtl.isNegative() || deadPeerTtl.compareTo(MAX_DEAD_PEER_TTL) > 0) {
            throw new IllegalArgumentException("deadPeerTtl outside [0, " + MAX_DEAD_PEER_TTL + "]: " + deadPeerTtl);
        }
        if (deadPeerCapacity < 1 || deadPeerCapacity > MAX_DEAD_PEERS) {
            throw new IllegalArgumentException("deadPeerCapacity outside 1.." + MAX_DEAD_PEERS + ": " + deadPeerCapacity);
        }
        if (!(perIpDialsPerSecond >= 0) || perIpDialsPerSecond > 1e6) {
            throw new IllegalArgumentException("perIpDialsPerSecond outside [0, 1e6]: " + perIpDialsPerSecond);
        }
        if (perIpDialBurst < 1) {
            throw new IllegalArgumentException("perIpDialBurst must be positive: " + perIpDialBurst);
        }
    }

    /**
     * For one-off resolves (the command line, the API alone): the resolver's connection cap, no
     * dead-peer memory and no per-IP limit, so a peer named by hand is always dialled.
     */
    public static DialConfig unlimited(int maxConnections) {
        return new DialConfig(maxConnections, Duration.ZERO, 1, 0, 1);
    }
}
