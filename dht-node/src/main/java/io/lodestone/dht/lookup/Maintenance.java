package io.lodestone.dht.lookup;

import io.lodestone.dht.routing.NetworkSizeEstimator;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Keeps a routing table healthy, driven by the owner's tick (every 100 ms to 1 s, on the node's
 * thread): bootstraps while the table is nearly empty (at most once per
 * {@code rebootstrapInterval}), looks its own id up every {@code selfRefreshInterval} while the
 * table is shallow, as libtorrent's node::tick does, and runs a find_node lookup for each bucket
 * {@link io.lodestone.dht.routing.RoutingTable#bucketsToRefresh()} hands out, a few at a time.
 * Every lookup's closest nodes go to the {@link NetworkSizeEstimator}, if one is given: refresh
 * targets are spread over the key space, which is what the estimate needs.
 */
public final class Maintenance {

    /** libtorrent node::tick refreshes its own id while its table has fewer buckets than this. */
    static final int SHALLOW_TABLE_BUCKETS = 4;

    private final LookupContext ctx;
    private final List<InetSocketAddress> routers;
    private final NetworkSizeEstimator sizes;
    /** At most one target per bucket plus our own id: bucketsToRefresh is asked only when this is empty. */
    private final Deque<NodeId> pending = new ArrayDeque<>();
    private Bootstrap bootstrap;
    private long lastBootstrap;
    private long lastSelfRefresh;
    private boolean bootstrapped;
    private int running;
    private long refreshesStarted;
    private int bootstraps;

    public Maintenance(LookupContext ctx, Collection<InetSocketAddress> routers) {
        this(ctx, routers, null);
    }

    /** @param sizes receives every finished lookup's closest nodes; null for none */
    public Maintenance(LookupContext ctx, Collection<InetSocketAddress> routers, NetworkSizeEstimator sizes) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.routers = List.copyOf(routers);
        this.sizes = sizes;
        this.lastSelfRefresh = ctx.clock().nanos();
    }

    /** One round of upkeep; cheap when there is nothing to do. */
    public void tick() {
        long now = ctx.clock().nanos();
        LookupConfig config = ctx.config();
        if (bootstrap != null && !bootstrap.running()) {
            bootstrap = null;
        }
        if (bootstrap == null && ctx.table().size() < config.rebootstrapBelow() && !routers.isEmpty()
                && (!bootstrapped || now - lastBootstrap >= config.rebootstrapInterval().toNanos())) {
            bootstrap = new Bootstrap(ctx, routers, this::measure);
            bootstrapped = true;
            lastBootstrap = now;
            lastSelfRefresh = now;
            bootstraps++;
            bootstrap.start();
            return;
        }
        if (bootstrap != null) {
            return; // it refreshes every bucket itself
        }
        if (now - lastSelfRefresh >= config.selfRefreshInterval().toNanos()
                && ctx.table().bucketCount() < SHALLOW_TABLE_BUCKETS) {
            lastSelfRefresh = now;
            pending.add(ctx.table().ownId());
        }
        if (pending.isEmpty()) {
            pending.addAll(ctx.table().bucketsToRefresh());
        }
        while (running < config.maxConcurrentRefreshes() && !pending.isEmpty()) {
            running++;
            refreshesStarted++;
            new FindNodeLookup(ctx, pending.poll()).start().whenComplete((r, e) -> {
                running--;
                if (r != null) {
                    measure(r);
                }
            });
        }
    }

    private void measure(FindNodeLookup.Result r) {
        if (sizes != null) {
            sizes.add(r.target(), r.closest().stream().map(NodeInfo::id).toList());
        }
    }

    /** Refresh lookups running now. */
    public int running() {
        return running;
    }

    /** Refresh targets waiting for a free slot. */
    public int pending() {
        return pending.size();
    }

    public boolean bootstrapping() {
        return bootstrap != null && bootstrap.running();
    }

    public long refreshesStarted() {
        return refreshesStarted;
    }

    public int bootstraps() {
        return bootstraps;
    }
}
