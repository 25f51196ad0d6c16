package io.lodestone.crawler.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.CrawlTime;
import io.lodestone.crawler.CrawlerConfig;
import io.lodestone.crawler.HarvestSource;
import io.lodestone.crawler.InMemorySink;
import io.lodestone.crawler.pipeline.Pipeline;
import io.lodestone.crawler.pipeline.ResolveOutcome;
import io.lodestone.dht.krpc.GetPeersResponse;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.QueryMethod;
import io.lodestone.dht.lookup.LookupConfig;
import io.lodestone.dht.lookup.LookupContext;
import io.lodestone.dht.lookup.SampleSweeper;
import io.lodestone.dht.lookup.SweepConfig;
import io.lodestone.dht.lookup.TaskScheduler;
import io.lodestone.dht.node.DhtNode;
import io.lodestone.dht.sim.VirtualNetwork;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The harvest on an in-memory DHT of 150 nodes: our node's listener feeds the pipeline, its BEP 51
 * sweep finds every hash the others store without asking anyone twice inside its interval, and an
 * announce to our node is resolved from the announced peer.
 */
class SweepHarvestTest {

    static final int NODES = 150;
    static final int STORING = 120;
    static final int HASHES_PER_NODE = 3;
    static final Duration TICK = Duration.ofMillis(100);
    static final Duration SWEEP_TIME = Duration.ofMinutes(4);

    final VirtualNetwork net = new VirtualNetwork();
    final SplittableRandom rnd = new SplittableRandom(11);
    final InMemorySink sink = new InMemorySink();
    final Map<InfoHash, List<InetSocketAddress>> resolvedFrom = new ConcurrentHashMap<>();

    /** Timers for the lookup context: run by the test loop in virtual time. */
    final PriorityQueue<long[]> timerOrder = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    final List<Runnable> timerTasks = new ArrayList<>();
    final TaskScheduler timers = (delay, task) -> {
        int id = timerTasks.size();
        timerTasks.add(task);
        timerOrder.add(new long[] {net.clock().nanos() + delay, id});
        return () -> timerTasks.set(id, () -> { });
    };

    InfoHash randomHash() {
        byte[] b = new byte[20];
        rnd.nextBytes(b);
        return InfoHash.v1(b);
    }

    @Test
    void theSweepFindsEveryStoredHashAndAnAnnounceIsResolvedFromItsPeer() throws Exception {
        List<DhtNode> others = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            others.add(net.addNode());
        }
        Set<InfoHash> stored = new HashSet<>();
        for (int i = 0; i < NODES; i++) {
            DhtNode n = others.get(i);
            for (int k = 0; k < 16; k++) { // each knows a few others: the sweep must walk to the rest
                DhtNode o = others.get(rnd.nextInt(NODES));
                if (o != n) {
                    n.routingTable4().onResponse(new NodeInfo(o.id(), net.address(o)), 20_000_000L);
                }
            }
            for (int k = 0; i < STORING && k < HASHES_PER_NODE; k++) {
                InfoHash h = randomHash();
                n.peerStore().announce(h, new InetSocketAddress("127.1.0.1", 6000 + i), false);
                stored.add(h);
            }
        }

        Harvester harvester = new Harvester(10_000, net.clock());
        DhtNode us = net.addNode(net.options().nodeConfig(), NodeId.random(rnd), harvester);
        for (int k = 0; k < 8; k++) {
            DhtNode o = others.get(k * 7);
            us.routingTable4().onResponse(new NodeInfo(o.id(), net.address(o)), 20_000_000L);
        }
        LookupContext ctx = new LookupContext(us, timers, net.clock(), us.routingTable4(), LookupConfig.defaults(),
                new SplittableRandom(3));
        SampleSweeper sweeper = new SampleSweeper(ctx, SweepConfig.defaults(), b -> { });
        Pipeline pipeline = new Pipeline(CrawlerConfig.defaults(), harvester, (hash, peers, timeout) -> {
            resolvedFrom.put(hash, List.copyOf(peers));
            byte[] dict = ("d4:name40:" + hash.hex() + "e").getBytes(StandardCharsets.US_ASCII);
            return CompletableFuture.completedFuture(new ResolveOutcome.Resolved(dict, List.of()));
        }, sink, CrawlTime.of(net.clock(), Instant.parse("2025-01-01T00:00:00Z")), 1);

        // someone announces a torrent to us: get_peers for a token, then announce_peer
        DhtNode announcer = others.get(STORING + 1);
        InfoHash announced = randomHash();
        CompletableFuture<KrpcResponse> gp = announcer.query(net.address(us), announcer.getPeers(announced));
        net.runUntil(gp::isDone, Duration.ofSeconds(2));
        var token = ((GetPeersResponse) gp.join()).token().orElseThrow();
        CompletableFuture<KrpcResponse> ap = announcer.query(net.address(us),
                announcer.announcePeer(announced, 51413, false, token, false));
        net.runUntil(ap::isDone, Duration.ofSeconds(2));
        assertThat(ap).isCompleted();

        for (long t = 0; t < SWEEP_TIME.toNanos(); t += TICK.toNanos()) {
            sweeper.tick();
            net.runFor(TICK);
            runTimers();
            pipeline.step(0);
        }
        pipeline.step(0);
        net.runFor(Duration.ofSeconds(2));
        pipeline.step(0);

        Set<InfoHash> harvested = new HashSet<>(sink.state().torrents().keySet());
        Set<InfoHash> missing = new HashSet<>(stored);
        missing.removeAll(harvested);
        System.out.printf("sweep over %d virtual nodes in %s: %d of %d stored hashes resolved, %d queries,"
                        + " %d samplers, %d tracked%n", NODES, SWEEP_TIME, stored.size() - missing.size(),
                stored.size(), sweeper.stats().queries(), sweeper.stats().samplers(), sweeper.stats().tracked());
        assertThat(missing).isEmpty();
        assertThat(harvester.accepted(HarvestSource.SAMPLE)).isGreaterThanOrEqualTo(stored.size());
        assertThat(harvester.droppedTotal()).isZero();

        // every node says interval 600 s: nobody was asked twice within this run
        for (DhtNode n : others) {
            long asked = n.metrics().snapshot().queriesIn().getOrDefault(QueryMethod.SAMPLE_INFOHASHES.wireName(), 0L);
            assertThat(asked).as("sample_infohashes received by %s", net.address(n)).isLessThanOrEqualTo(1);
        }
        assertThat(sweeper.supportedCount()).isGreaterThan(NODES / 2);

        // the announced torrent was resolved, from the announced peer first
        assertThat(harvester.accepted(HarvestSource.ANNOUNCE)).isEqualTo(1);
        assertThat(resolvedFrom.get(announced))
                .containsExactly(new InetSocketAddress(net.address(announcer).getAddress(), 51413));
        assertThat(sink.state().torrents()).containsKey(announced);
    }

    private void runTimers() {
        while (!timerOrder.isEmpty() && timerOrder.peek()[0] <= net.clock().nanos()) {
            timerTasks.get((int) timerOrder.poll()[1]).run();
        }
    }
}
