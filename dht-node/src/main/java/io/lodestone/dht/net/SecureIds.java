package io.lodestone.dht.net;

import io.lodestone.dht.routing.NodeIdSecurity;
import io.lodestone.types.NodeId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a node should take a BEP 42 id: once the responders' {@code ip} fields have decided its
 * external address and its id does not fit that address. Not more often than {@link #MIN_INTERVAL}:
 * a new id costs the node its routing table's standing, so an address that flaps must not make it
 * change ids every few seconds. Loopback and private addresses are exempt, so ids never change on
 * a testnet. Pure: time and randomness come in as arguments.
 */
final class SecureIds {
    static final Duration MIN_INTERVAL = Duration.ofMinutes(10);

    private boolean changed;
    private long lastChange;

    /** A new id for {@code current}, or empty when it may stay. */
    Optional<NodeId> check(NodeId current, Optional<InetAddress> external, long nowNanos, RandomGenerator random) {
        if (external.isEmpty() || NodeIdSecurity.isValid(current, external.get())) {
            return Optional.empty();
        }
        if (changed && nowNanos - lastChange < MIN_INTERVAL.toNanos()) {
            return Optional.empty();
        }
        changed = true;
        lastChange = nowNanos;
        return Optional.of(NodeIdSecurity.generate(external.get(), random));
    }
}
