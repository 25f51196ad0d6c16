package io.lodestone.ops.bench.sim;

import io.lodestone.crawler.CrawlerConfig;
import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.dht.lookup.LookupConfig;
import io.lodestone.dht.lookup.LookupContext;
import io.lodestone.dht.lookup.Maintenance;
import io.lodestone.dht.lookup.SampleSweeper;
import io.lodestone.dht.net.FarmConfig;
import io.lodestone.dht.net.FarmIds;
import io.lodestone.dht.net.SiblingBootstrap;
import io.lodestone.dht.node.DatagramSink;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtMetrics;
import io.lodestone.dht.node.DhtNode;
import io.lodestone.dht.node.RateLimits;
import io.lodestone.dht.routing.NetworkSizeEstimator;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Our farm inside the simulation, assembled as {@code DhtFarm} and the crawler assemble it, from
 * the same classes and defaults: N {@link DhtNode}s with ids spread by {@link FarmIds}, one IP,
 * one shared set of per-IP {@link RateLimits}, a {@link Maintenance} per node joining as
 * {@link SiblingBootstrap} says, BEP 51 {@link SampleSweeper}s
 * on the first {@code CrawlerConfig.sweepNodes()} nodes, every node reporting to one
 * {@link Harvester}. Only the transport differs: datagrams go through the simulated network and
 * timers run on virtual time, every 100 ms as the farm's.
 */
final class SimFarm {

    static final long TICK_NANOS = 100_000_000L;

    private final VirtualEvents events;
    private final List<DhtNode> nodes = new ArrayList<>();
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private final List<LookupContext> contexts = new ArrayList<>();
    private final Maintenance[] maintenance;
    private final List<SampleSweeper> sweepers = new ArrayList<>();
    private final Harvester harvester;
    private final NetworkSizeEstimator sizes = new NetworkSizeEstimator(512);
    private final List<InetSocketAddress> routers;
    private boolean siblingsStarted;

    /** @param sinkFor the network's sink for datagrams from the given farm address */
    SimFarm(SimulationConfig c, VirtualEvents events, Function<InetSocketAddress, DatagramSink> sinkFor,
            List<InetSocketAddress> routers, SplittableRandom random) {
        this.events = events;
        this.routers = List.copyOf(routers);
        FarmConfig farm = FarmConfig.defaults();
        CrawlerConfig crawl = CrawlerConfig.defaults();
        DhtConfig nodeConfig = farm.node().toBuilder().allowPrivate(true).build(); // the simulated DHT is on 10/8
        LookupConfig lookup = farm.lookup();
        RateLimits limits = RateLimits.create(nodeConfig.rateLimits(), events.clock());
        this.harvester = new Harvester(crawl.harvestQueueSize(), events.clock());
        List<NodeId> ids = FarmIds.spread(c.farmNodes(), random);
        for (int k = 0; k < c.farmNodes(); k++) {
            InetSocketAddress at = new InetSocketAddress(SimPopulation.farmIp(), FarmConfig.DEFAULT_PORT + k);
            DhtNode node = new DhtNode(nodeConfig, ids.get(k), events.clock(), random.split(), sinkFor.apply(at),
                    harvester, limits, new DhtMetrics());
            limits.addOwnEndpoint(at);
            nodes.add(node);
            addresses.add(at);
            contexts.add(new LookupContext(node, events, events.clock(), node.routingTable4(), lookup, random.split(),
                    node.metrics()::recordLookup));
        }
        this.maintenance = new Maintenance[c.farmNodes()];
        for (int k = 0; k < Math.min(crawl.sweepNodes(), nodes.size()); k++) {
            sweepers.add(new SampleSweeper(contexts.get(k), crawl.sweep(), batch -> { }));
        }
    }

    /** Starts node 0's bootstrap and every node's 100 ms timer. */
    void start() {
        maintenance[0] = new Maintenance(contexts.get(0), routers, sizes);
        maintenance[0].tick();
        long t0 = events.clock().nanos();
        for (int k = 0; k < nodes.size(); k++) {
            int node = k;
            events.at(t0 + TICK_NANOS, () -> tick(node, t0));
        }
    }

    private void tick(int k, long t0) {
        DhtNode node = nodes.get(k);
        node.tick();
        if (maintenance[k] != null) {
            maintenance[k].tick();
        }
        if (k < sweepers.size()) {
            sweepers.get(k).tick();
        }
        if (k == 0 && !siblingsStarted) {
            maybeStartSiblings(t0);
        }
        events.at(events.clock().nanos() + TICK_NANOS, () -> tick(k, t0));
    }

    private void maybeStartSiblings(long t0) {
        List<InetSocketAddress> known = nodes.get(0).routingTable4().closest(nodes.get(0).id(), SiblingBootstrap.ROUTERS)
                .stream().map(NodeInfo::address).toList();
        if (!SiblingBootstrap.ready(known.size(), events.clock().nanos() - t0)) {
            return;
        }
        siblingsStarted = true;
        for (int k = 1; k < nodes.size(); k++) {
            List<InetSocketAddress> from = SiblingBootstrap.routers(k, known, routers);
            int node = k;
            events.at(events.clock().nanos() + SiblingBootstrap.delayNanos(k), () -> {
                maintenance[node] = new Maintenance(contexts.get(node), from, sizes);
                maintenance[node].tick();
            });
        }
    }

    /** Delivers a datagram from a simulated node to the farm node at {@code to}. */
    void deliver(InetSocketAddress to, InetSocketAddress from, byte[] datagram) {
        int k = addresses.indexOf(to);
        if (k >= 0) {
            nodes.get(k).onDatagram(from, datagram, 0, datagram.length);
        }
    }

    long networkSizeEstimate() {
        return sizes.estimate();
    }

    Harvester harvester() {
        return harvester;
    }

    List<DhtNode> nodes() {
        return nodes;
    }

    List<SampleSweeper> sweepers() {
        return sweepers;
    }
}
