package io.lodestone.dht.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.types.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NetworkSizeEstimatorTest {

    /** The k closest of {@code ids} to {@code target}, by brute force (one pass keeping the best k). */
    private static List<NodeId> closest(List<NodeId> ids, NodeId target, int k) {
        java.util.PriorityQueue<NodeId> best = new java.util.PriorityQueue<>(
                Comparator.comparing((NodeId id) -> id.xor(target)).reversed());
        for (NodeId id : ids) {
            best.add(id);
            if (best.size() > k) {
                best.poll();
            }
        }
        return List.copyOf(best);
    }

    private static List<NodeId> network(int n, SplittableRandom rnd) {
        List<NodeId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(NodeId.random(rnd));
        }
        return ids;
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 4_000, 60_000})
    void estimatesTheSizeOfASyntheticNetworkWithinTenPercent(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        List<NodeId> ids = network(n, rnd);
        NetworkSizeEstimator e = new NetworkSizeEstimator(256);
        for (int s = 0; s < 256; s++) {
            NodeId target = NodeId.random(rnd);
            assertThat(e.add(target, closest(ids, target, 8))).isTrue();
        }
        assertThat((double) e.estimate()).isCloseTo(n, org.assertj.core.data.Percentage.withPercentage(10));
    }

    @Test
    void ownIdLookupsCountToo() {
        // a node looking itself up finds its neighbours; itself (distance 0) is left out
        SplittableRandom rnd = new SplittableRandom(7);
        List<NodeId> ids = network(10_000, rnd);
        NetworkSizeEstimator e = new NetworkSizeEstimator(400);
        for (int s = 0; s < 400; s++) {
            NodeId self = ids.get(s);
            e.add(self, closest(ids, self, 9));
        }
        assertThat((double) e.estimate()).isCloseTo(10_000, org.assertj.core.data.Percentage.withPercentage(10));
    }

    @Test
    void oldSamplesGiveWayToNewOnes() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<NodeId> small = network(200, rnd);
        List<NodeId> large = network(20_000, rnd);
        NetworkSizeEstimator e = new NetworkSizeEstimator(100);
        for (int s = 0; s < 100; s++) {
            NodeId t = NodeId.random(rnd);
            e.add(t, closest(small, t, 8));
        }
        assertThat(e.estimate()).isLessThan(400);
        for (int s = 0; s < 100; s++) {
            NodeId t = NodeId.random(rnd);
            e.add(t, closest(large, t, 8));
        }
        assertThat(e.samples()).isEqualTo(100);
        assertThat((double) e.estimate()).isCloseTo(20_000, org.assertj.core.data.Percentage.withPercentage(15));
    }

    @Test
    void tooFewNodesSayNothing() {
        NetworkSizeEstimator e = new NetworkSizeEstimator(4);
        NodeId t = NodeId.random(new SplittableRandom(1));
        assertThat(e.add(t, List.of(t, NodeId.random(new SplittableRandom(2))))).isFalse();
        assertThat(e.estimate()).isZero();
        assertThat(e.samples()).isZero();
    }
}
