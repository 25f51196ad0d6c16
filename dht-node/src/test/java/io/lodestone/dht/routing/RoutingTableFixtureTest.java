package io.lodestone.dht.routing;

import static io.lodestone.dht.routing.Nodes.node;
import static io.lodestone.dht.routing.Nodes.sharing;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.time.VirtualClock;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Long random runs: memory stays bounded and the table's structures stay consistent. */
class RoutingTableFixtureTest {

    private static final int CALLS = 1_000_000;
    private static final long TIME_LIMIT_NANOS = Duration.ofSeconds(10).toNanos();

    @Test
    void millionHeardOfNodesKeepTheTableBounded() {
        for (RoutingConfig config : List.of(RoutingConfig.defaults(),
                RoutingConfig.defaults().withAdmitUnverified(true).withRestrictIps(false))) {
            run(config);
        }
    }

    private static void run(RoutingConfig config) {
        VirtualClock clock = new VirtualClock();
        SplittableRandom rnd = new SplittableRandom(2024);
        NodeId own = NodeId.random(rnd);
        RoutingTable t = new RoutingTable(own, StandardProtocolFamily.INET, config, clock, new SplittableRandom(1));
        List<NodeInfo> batch = new ArrayList<>();
        long start = System.nanoTime();
        for (int call = 0; call < CALLS; call++) {
            // ids near ours as well as random ones, to push the table deep
            NodeId id = call % 4 == 0 ? sharing(own, rnd.nextInt(NodeId.BITS), rnd) : NodeId.random(rnd);
            NodeInfo n = node(id, rnd.nextInt(1 << 20));
            if (call % 2 == 0) {
                t.onQuery(n, call % 10 == 0);
            } else {
                batch.add(n);
                if (batch.size() == 8) {
                    t.onNodesLearned(batch);
                    batch.clear();
                }
            }
            if (call % 1_000 == 0) {
                // the caller's tick: ping some, half answer, refresh, time passes
                for (NodeInfo p : t.nodesToPing(16)) {
                    if (rnd.nextBoolean()) {
                        t.onResponse(p, 1_000_000L + rnd.nextInt(500_000_000));
                    } else {
                        t.onTimeout(p);
                    }
                }
                t.bucketsToRefresh();
                clock.advance(Duration.ofSeconds(5));
            }
            if (call % 100_000 == 0) {
                t.checkInvariants();
            }
        }
        long elapsed = System.nanoTime() - start;
        t.checkInvariants();
        int buckets = t.bucketCount();
        assertThat(buckets).isLessThanOrEqualTo(RoutingTable.MAX_BUCKETS);
        assertThat(t.size()).isLessThanOrEqualTo(buckets * config.bucketSize());
        assertThat(t.replacementCount()).isLessThanOrEqualTo(buckets * config.replacementCacheSize());
        assertThat(t.candidateCount()).isLessThanOrEqualTo(config.maxCandidates());
        assertThat(t.size()).isPositive(); // the pinging did fill it
        assertThat(elapsed).as("%d ms", elapsed / 1_000_000).isLessThan(TIME_LIMIT_NANOS);
    }

    @Test
    void churnOverVirtualHoursKeepsTheTableConsistentAndUseful() {
        VirtualClock clock = new VirtualClock();
        SplittableRandom rnd = new SplittableRandom(99);
        NodeId own = NodeId.random(rnd);
        RoutingTable t = new RoutingTable(own, StandardProtocolFamily.INET, RoutingConfig.defaults(), clock,
                new SplittableRandom(3));
        // a simulated DHT of 20,000 nodes, a fifth of which are gone at any time
        List<NodeInfo> network = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            network.add(node(NodeId.random(rnd), i));
        }
        boolean[] alive = new boolean[network.size()];
        for (int minute = 0; minute < 6 * 60; minute++) {
            for (int i = 0; i < 200; i++) {
                int who = rnd.nextInt(network.size());
                alive[who] = rnd.nextInt(5) != 0;
            }
            List<NodeInfo> heard = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                heard.add(network.get(rnd.nextInt(network.size())));
            }
            t.onNodesLearned(heard);
            for (NodeInfo p : t.nodesToPing(32)) {
                if (alive[indexOf(network, p)]) {
                    t.onResponse(p, 20_000_000L);
                } else {
                    t.onTimeout(p);
                }
            }
            clock.advance(Duration.ofMinutes(1));
        }
        t.checkInvariants();
        assertThat(t.size()).isGreaterThan(40);
        // pinging questionable entries keeps the table mostly alive
        long dead = t.entries().stream().filter(e -> !alive[indexOf(network, e.node())]).count();
        assertThat(dead).isLessThan(t.size() / 3);
    }

    /** Inverts {@link Nodes#ip}: the simulated node behind an address. */
    private static int indexOf(List<NodeInfo> network, NodeInfo n) {
        byte[] ip = n.address().getAddress().getAddress();
        return ((ip[0] & 0xff) - 20) << 16 | (ip[1] & 0xff) << 8 | (ip[2] & 0xff);
    }
}
