package io.lodestone.dht.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.lookup.Announce;
import io.lodestone.dht.lookup.GetPeersLookup;
import io.lodestone.dht.lookup.SampleBatch;
import io.lodestone.dht.lookup.SampleSweeper;
import io.lodestone.dht.lookup.SweepConfig;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.dht.node.QueryFailedException;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.types.HostPort;
import io.lodestone.types.InfoHash;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A farm of 8 Lodestone nodes joins a loopback DHT of 30 libtorrent nodes: routing tables fill,
 * libtorrent lists our nodes, lookups find every seeder, libtorrent finds what we announce, and
 * BEP 51 works both ways.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DhtFarmIT {
    static final int LIBTORRENT_NODES = 30;
    static final int FARM_NODES = 8;
    static final int SAMPLE_INTERVAL = 60;

    static Testnet testnet;
    static DhtFarm farm;

    @BeforeAll
    static void start() throws Exception {
        Libtorrent lt = Libtorrent.require();
        testnet = lt.startTestnet(TestnetOptions.defaults().withNodes(LIBTORRENT_NODES).withTorrents(6)
                .withSeeders(3).withSampleInterval(SAMPLE_INTERVAL).withDuration(Duration.ofSeconds(300)));
        TestnetManifest.Node first = testnet.node(0);
        FarmConfig config = FarmConfig.defaults()
                .withNodes(FARM_NODES)
                .withBind(List.of(InetAddress.getLoopbackAddress()), 0)
                .withBootstrap(List.of(new HostPort(first.host(), first.port())))
                .withThreads(2)
                .withNode(DhtConfig.defaults().toBuilder().allowPrivate(true).build());
        farm = DhtFarm.start(config, DhtListener.NONE);
    }

    @AfterAll
    static void stop() {
        if (farm != null) {
            farm.close();
        }
        if (testnet != null) {
            testnet.close();
        }
    }

    @Test
    @Order(1)
    void everyNodeHasTwentyGoodEntriesWithinThirtySeconds() throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(30);
        List<Integer> good = goodCounts();
        while (good.stream().anyMatch(g -> g < 20) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            good = goodCounts();
        }
        // all entries, good or not, tell a table that learned too few from one whose entries went stale
        List<Integer> sizes = new ArrayList<>();
        for (FarmNode n : farm.nodes()) {
            sizes.add(n.call(d -> d.routingTable4().size()).get(5, TimeUnit.SECONDS));
        }
        System.out.printf("farm routing tables after %.1f s: good entries per node %s, all entries %s%n",
                (System.nanoTime() - start) / 1e9, good, sizes);
        assertThat(good).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(20));
    }

    @Test
    @Order(2)
    void theNetworkSizeEstimateIsAboutTheTestnetsSize() {
        // 30 libtorrent nodes and our 8: every node's bootstrap lookups measured the id density
        long estimate = farm.networkSizeEstimate();
        int truth = LIBTORRENT_NODES + FARM_NODES;
        System.out.printf("network size estimate %d for %d nodes%n", estimate, truth);
        assertThat(estimate).isBetween((long) truth / 2, 2L * truth);
    }

    @Test
    @Order(2)
    void libtorrentListsOurNodesInItsTablesAndFindNodeAnswers() throws Exception {
        Set<String> ours = new HashSet<>();
        farm.nodes().forEach(n -> ours.add(n.id().hex()));
        int tablesWithOurs = 0;
        for (int i = 0; i < LIBTORRENT_NODES; i++) {
            if (testnet.liveNodes(i).stream().anyMatch(n -> ours.contains(n.id()))) {
                tablesWithOurs++;
            }
        }
        System.out.printf("libtorrent routing tables holding our nodes: %d of %d%n", tablesWithOurs, LIBTORRENT_NODES);
        assertThat(tablesWithOurs).isGreaterThanOrEqualTo(LIBTORRENT_NODES / 2);

        // find_node for each of our ids, asked of every libtorrent node, one target per second so
        // each libtorrent address gets one query a second, far below the per-IP limit we keep to
        for (FarmNode target : farm.nodes()) {
            Thread.sleep(1000);
            FarmNode asker = farm.node((target.index() + 1) % FARM_NODES);
            int listed = 0;
            int asked = LIBTORRENT_NODES;
            for (int k = 0; k < asked; k++) {
                TestnetManifest.Node lt = testnet.node(k);
                FindNodeResponse r = findNode(asker, lt, target);
                if (r.nodes().stream().anyMatch(ni -> ni.id().equals(target.id()))) {
                    listed++;
                }
            }
            System.out.printf("node %s listed by %d of %d libtorrent find_node answers%n", target.id(), listed, asked);
            assertThat(listed).as("libtorrent nodes answering find_node(%s) with it", target.id()).isPositive();
        }
    }

    /**
     * One find_node, asked again a little later when our own outbound limit refused it: that limit
     * is shared by the farm's nodes, whose own lookups may have spent this IP's tokens just now.
     * Any other failure, and a limit still refusing after a few seconds, fail the test.
     */
    private static FindNodeResponse findNode(FarmNode asker, TestnetManifest.Node lt, FarmNode target)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return (FindNodeResponse) asker.callAsync(n -> n.query(lt.socketAddress(),
                        n.findNode(target.id()))).get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof QueryFailedException q)
                        || q.reason() != QueryFailedException.Reason.RATE_LIMITED || attempt == 10) {
                    throw e;
                }
                Thread.sleep(500); // a token comes back every 250 ms
            }
        }
    }

    @Test
    @Order(3)
    void getPeersLookupFindsTheSeedersOfEveryTorrent() throws Exception {
        FarmNode node = farm.node(0);
        for (TestnetManifest.Torrent t : testnet.torrents()) {
            for (String key : t.dhtInfoHashes()) {
                GetPeersLookup.Result r = node.<GetPeersLookup.Result>lookup((n, ctx) ->
                        new GetPeersLookup(ctx, InfoHash.fromHex(key)).start()).get(20, TimeUnit.SECONDS);
                assertThat(r.peers()).as("peers of %s (%s)", key, t.name()).containsAll(t.seederAddresses());
            }
        }
    }

    @Test
    @Order(4)
    void libtorrentFindsAPeerWeAnnounce() throws Exception {
        InfoHash hash = InfoHash.fromHex("5eed5eed5eed5eed5eed5eed5eed5eed5eed0001");
        Announce.Result r = farm.node(1).<Announce.Result>lookup((n, ctx) ->
                new Announce(ctx, hash, 7777, false, false).start()).get(20, TimeUnit.SECONDS);
        assertThat(r.acceptedBy()).isNotEmpty();
        List<String> peers = testnet.libtorrentGetPeers(5, hash.hex(), Duration.ofSeconds(10));
        assertThat(peers).contains("127.0.0.1:7777");
    }

    @Test
    @Order(5)
    void libtorrentSamplesWhatWasAnnouncedToOurNode() throws Exception {
        FarmNode store = farm.node(2);
        FarmNode announcer = farm.node(3);
        List<String> announced = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            int i = k;
            InfoHash h = InfoHash.fromHex(String.format("abcdef%034x", i + 1));
            var peers = announcer.callAsync(n -> n.query(store.address(), n.getPeers(h))).get(5, TimeUnit.SECONDS);
            var token = ((io.lodestone.dht.krpc.GetPeersResponse) peers).token().orElseThrow();
            announcer.callAsync(n -> n.query(store.address(), n.announcePeer(h, 6000 + i, false, token, false)))
                    .get(5, TimeUnit.SECONDS);
            announced.add(h.hex());
        }
        Testnet.SampleReply reply = testnet.libtorrentSample(0, store.address(), "00".repeat(20));
        assertThat(reply.answered()).isTrue();
        assertThat(reply.samples()).containsAll(announced);
        assertThat(reply.num()).isGreaterThanOrEqualTo(announced.size());
    }

    @Test
    @Order(6)
    void ourSweeperCollectsLibtorrentSamplesAndRespectsTheirInterval() throws Exception {
        Map<String, Long> before = sampleQueriesIn();
        Set<String> collected = ConcurrentHashMap.newKeySet();
        FarmNode node = farm.node(4);
        node.call(n -> {
            SampleSweeper sweeper = new SampleSweeper(node.lookupContext(), SweepConfig.defaults(),
                    (SampleBatch b) -> b.samples().forEach(h -> collected.add(h.hex())));
            schedule(node, sweeper);
            return null;
        }).get(5, TimeUnit.SECONDS);

        Set<String> expected = new HashSet<>();
        testnet.torrents().forEach(t -> expected.addAll(t.dhtInfoHashes()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!collected.containsAll(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(collected).containsAll(expected);
        Thread.sleep(5000); // keep sweeping: nothing may be asked twice within its 60 s interval
        Map<String, Long> after = sampleQueriesIn();
        // every libtorrent node answers with interval 60 s: at most one query each in this test
        after.forEach((addr, n) -> assertThat(n - before.getOrDefault(addr, 0L))
                .as("sample_infohashes sent to %s", addr).isLessThanOrEqualTo(1));
        assertThat(after.entrySet().stream().filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L)).count())
                .as("libtorrent nodes sampled").isGreaterThan(LIBTORRENT_NODES / 3);
    }

    private static void schedule(FarmNode node, SampleSweeper sweeper) {
        node.loop().scheduleAtFixedRate(() -> node.call(n -> {
            sweeper.tick();
            return null;
        }), 0, 100, TimeUnit.MILLISECONDS);
    }

    private static Map<String, Long> sampleQueriesIn() {
        Map<String, Long> m = new java.util.HashMap<>();
        testnet.stats().forEach(s -> m.put(s.addr(), s.counter("dht.dht_sample_infohashes_in")));
        return m;
    }

    private static List<Integer> goodCounts() throws Exception {
        List<Integer> out = new ArrayList<>();
        for (FarmNode n : farm.nodes()) {
            out.add(n.call(d -> d.routingTable4().goodCount()).get(5, TimeUnit.SECONDS));
        }
        return out;
    }
}
