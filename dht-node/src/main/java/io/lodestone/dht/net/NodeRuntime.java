package io.lodestone.dht.net;

import io.lodestone.dht.lookup.LookupConfig;
import io.lodestone.dht.lookup.LookupContext;
import io.lodestone.dht.lookup.Maintenance;
import io.lodestone.dht.lookup.TaskScheduler;
import io.lodestone.dht.node.DhtNode;
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
    private final LookupContext context;
    private Maintenance maintenance;

    NodeRuntime(FarmNode node, LookupConfig config, long seed) {
        this.node = node;
        DhtNode dht = node.node();
        TaskScheduler scheduler = (delayNanos, task) -> {
            ScheduledFuture<?> f = node.loop().schedule(() -> node.runAndFlush(task), Math.max(0, delayNanos),
                    TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
        this.context = new LookupContext(dht, scheduler, Clock.system(), dht.routingTable4(), config,
                new SplittableRandom(seed), dht.metrics()::recordLookup);
    }

    FarmNode node() {
        return node;
    }

    LookupContext context() {
        return context;
    }

    /** Starts maintenance, which bootstraps from {@code routers} on its first tick. On the loop. */
    void bootstrap(List<InetSocketAddress> routers) {
        maintenance = new Maintenance(context, routers);
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
