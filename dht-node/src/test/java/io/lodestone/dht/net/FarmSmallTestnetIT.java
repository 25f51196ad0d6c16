package io.lodestone.dht.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.lookup.GetPeersLookup;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.dht.node.MetricsSnapshot;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.types.HostPort;
import io.lodestone.types.InfoHash;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The papercut of a small testnet: 8 farm nodes share one per-destination budget (4 packets/s to
 * each IP), and on a DHT of 10 libtorrent nodes node 0's get_peers lookups (the crawler's load)
 * spend it. Siblings whose bootstrap queries our own limiter held back used to give up at once
 * and sit with an empty table for a minute or more; lookups paused whole whenever one IP was out
 * of budget. Every node must join while the load runs.
 */
class FarmSmallTestnetIT {

    static final int LIBTORRENT_NODES = 10;
    static final int FARM_NODES = 8;
    /** get_peers lookups node 0 starts per second, as a crawler resolving hashes does. */
    static final int LOOKUPS_PER_SECOND = 5;
    static final Duration JOIN_WITHIN = Duration.ofSeconds(30);
    static final int JOINED = 5;

    @Test
    void everyFarmNodeJoinsASmallTestnetWhileNodeZeroIsBusy() throws Exception {
        Libtorrent lt = Libtorrent.require();
        try (Testnet testnet = lt.startTestnet(TestnetOptions.defaults().withNodes(LIBTORRENT_NODES).withTorrents(1)
                .withSeeders(1).withDuration(Duration.ofSeconds(120)))) {
            TestnetManifest.Node first = testnet.node(0);
            FarmConfig config = FarmConfig.defaults().withNodes(FARM_NODES)
                    .withBind(List.of(InetAddress.getLoopbackAddress()), 0)
                    .withBootstrap(List.of(new HostPort(first.host(), first.port())))
                    .withThreads(2)
                    .withNode(DhtConfig.defaults().toBuilder().allowPrivate(true).build());
            try (DhtFarm farm = DhtFarm.start(config, DhtListener.NONE)) {
                SplittableRandom rnd = new SplittableRandom(1);
                long start = System.nanoTime();
                List<MetricsSnapshot> now = snapshots(farm);
                while (now.stream().anyMatch(m -> m.routingTable4() < JOINED)
                        && System.nanoTime() - start < JOIN_WITHIN.toNanos()) {
                    for (int i = 0; i < LOOKUPS_PER_SECOND / 5; i++) {
                        byte[] h = new byte[InfoHash.V1_LENGTH];
                        rnd.nextBytes(h);
                        farm.node(0).lookup((n, ctx) -> new GetPeersLookup(ctx, InfoHash.v1(h)).start());
                    }
                    Thread.sleep(200);
                    now = snapshots(farm);
                }
                List<String> shown = new ArrayList<>();
                for (MetricsSnapshot m : now) {
                    shown.add(m.routingTable4() + " nodes, lookup p50 " + Math.round(m.lookup().p50Ms()) + " ms, "
                            + m.rateLimitedOut() + " held back");
                }
                System.out.printf("small testnet after %.1f s: %s%n", (System.nanoTime() - start) / 1e9, shown);
                assertThat(now).as("routing-table sizes").allSatisfy(m ->
                        assertThat(m.routingTable4()).isGreaterThanOrEqualTo(JOINED));
            }
        }
    }

    private static List<MetricsSnapshot> snapshots(DhtFarm farm) throws Exception {
        List<MetricsSnapshot> out = new ArrayList<>();
        for (FarmNode n : farm.nodes()) {
            out.add(n.call(d -> d.metrics().snapshot()).get(5, TimeUnit.SECONDS));
        }
        return out;
    }
}
