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

/** Shared set-up of the routing table tests: a virtual clock, a seeded random source, our id. */
abstract class TableFixture {

    static final long RTT = 50_000_000L;
    static final Duration QUARTER_HOUR = Duration.ofMinutes(15);

    final VirtualClock clock = new VirtualClock(1_000_000_000L);
    final SplittableRandom rnd = new SplittableRandom(42);
    final NodeId own = NodeId.random(rnd);
    int nextIp;

    RoutingTable table(RoutingConfig config) {
        return new RoutingTable(own, StandardProtocolFamily.INET, config, clock, new SplittableRandom(7));
    }

    RoutingTable table() {
        return table(RoutingConfig.defaults());
    }

    /** A node at a fresh address whose id shares exactly {@code sharedBits} leading bits with ours. */
    NodeInfo fresh(int sharedBits) {
        return node(sharing(own, sharedBits, rnd), nextIp++);
    }

    /** Fills bucket 0 with k responders and leaves it behind a split, so it can no longer grow. */
    List<NodeInfo> fillFarBucket(RoutingTable t) {
        List<NodeInfo> far = new ArrayList<>();
        for (int i = 0; i < t.config().bucketSize(); i++) {
            NodeInfo n = fresh(0);
            far.add(n);
            assertThat(t.onResponse(n, RTT)).isEqualTo(Admission.ADDED);
        }
        assertThat(t.onResponse(fresh(3), RTT)).isEqualTo(Admission.ADDED); // splits: bucket 0 is no longer last
        assertThat(t.bucketCount()).isGreaterThan(1);
        return far;
    }

    static NodeState state(RoutingTable t, NodeInfo n) {
        return t.find(n.id()).map(RoutingEntry::state).orElseThrow();
    }
}
