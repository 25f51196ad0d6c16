package io.lodestone.dht.net;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How a farm's nodes join: node 0 bootstraps from the routers; the others wait until it knows a
 * few nodes (or until {@link #WAIT_NANOS} has passed) and then bootstrap from those and the
 * routers, each starting at other nodes and {@link #STAGGER_NANOS} after the previous one, so N
 * nodes do not all hit the same router at once (the shared per-IP limit would hold most of their
 * queries back) and the load spreads over many addresses. Pure: the farm and the crawl
 * simulation both follow it.
 */
public final class SiblingBootstrap {

    /** Nodes the first node hands its siblings as bootstrap routers. */
    public static final int ROUTERS = 16;
    /** How long siblings wait for the first node before using the routers themselves. */
    public static final long WAIT_NANOS = 10_000_000_000L;
    /** Between two siblings' bootstraps: the outbound limit refills 4 packets/s per IP. */
    public static final long STAGGER_NANOS = 400_000_000L;

    private SiblingBootstrap() {
    }

    /** Whether the siblings may start, node 0 knowing {@code known} nodes after {@code waitedNanos}. */
    public static boolean ready(int known, long waitedNanos) {
        return known >= ROUTERS / 2 || waitedNanos > WAIT_NANOS;
    }

    /** Sibling {@code i}'s (1-based) routers: what node 0 knows, then the farm's routers, rotated. */
    public static List<InetSocketAddress> routers(int i, List<InetSocketAddress> known,
            List<InetSocketAddress> bootstrap) {
        List<InetSocketAddress> out = new ArrayList<>(known);
        out.addAll(bootstrap);
        Collections.rotate(out, -3 * i); // each sibling starts at other nodes
        return out;
    }

    /** How long after the siblings may start sibling {@code i} (1-based) bootstraps. */
    public static long delayNanos(int i) {
        return (i - 1) * STAGGER_NANOS;
    }
}
