package io.lodestone.dht.net;

import io.lodestone.dht.lookup.LookupConfig;
import io.lodestone.dht.lookup.LookupContext;
import io.lodestone.dht.lookup.Maintenance;
import io.lodestone.dht.lookup.TaskScheduler;
import io.lodestone.dht.node.DhtNode;
import io.lodestone.dht.routing.NetworkSizeEstimator;
import io.lodestone.time.Clock;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The lookup side of one farm node: its lookup context (queries through the node, timers on the
 * node's loop) and the maintenance that bootstraps and refreshes its routing table.
 */
final class NodeRuntime {
    private final FarmNode node;
    private final LookupConfig config;
    private final SplittableRandom random;
    private final TaskScheduler scheduler;
    private final boolean secureIds;
    private final SecureIds secure = new SecureIds();
    private final NetworkSizeEstimator sizes;
    private LookupContext context;
    private Maintenance maintenance;
    private List<InetSocketAddress> routers = List.of();

    NodeRuntime(FarmNode node, LookupConfig config, long seed, boolean secureIds, NetworkSizeEstimator sizes) {
        this.node = node;
        this.sizes = sizes;
        this.config = config;
        this.random = new SplittableRandom(seed);
        this.secureIds = secureIds;
        this.scheduler = (delayNanos, task) -> {
            ScheduledFuture<?> f = node.loop().schedule(() -> node.runAndFlush(task), Math.max(0, delayNanos),
                    TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
        this.context = contextFor(node.node());
    }

    private LookupContext contextFor(DhtNode dht) {
        return new LookupContext(dht, scheduler, Clock.system(), dht.routingTable4(), config, random.split(),
                dht.metrics()::recordLookup);
    }

    /** After the node was replaced: lookups and maintenance follow the new node and table. */
    void rebuild() {
        context = contextFor(node.node());
        if (maintenance != null) {
            maintenance = new Maintenance(context, routers, sizes);
        }
    }

    /** Takes a BEP 42 id once the external address is known and the id does not fit it. */
    void secureIdCheck() {
        if (!secureIds) {
            return;
        }
        DhtNode dht = node.node();
        secure.check(dht.id(), dht.externalAddress(), System.nanoTime(), random).ifPresent(node::rekey);
    }

    FarmNode node() {
        return node;
    }

    LookupContext context() {
        return context;
    }

    /** Starts maintenance, which bootstraps from {@code routers} on its first tick. On the loop. */
    void bootstrap(List<InetSocketAddress> routers) {
        this.routers = List.copyOf(routers);
        maintenance = new Maintenance(context, routers, sizes);
        maintenance.tick();
    }

    void tick() {
        if (maintenance != null) {
            maintenance.tick();
        }
    }

    Maintenance maintenance() {
        return maintenance;
    }
}
