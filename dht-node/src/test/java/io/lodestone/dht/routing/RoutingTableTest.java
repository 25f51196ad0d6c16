package io.lodestone.dht.routing;

import static io.lodestone.dht.routing.Nodes.bucketOf;
import static io.lodestone.dht.routing.Nodes.node;
import static io.lodestone.dht.routing.Nodes.sharing;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Buckets, splitting, node states, replacement, closest(), pings and refreshes. */
class RoutingTableTest extends TableFixture {
    @Test
    void emptyTable() {
        RoutingTable t = table();
        assertThat(t.size()).isZero();
        assertThat(t.bucketCount()).isEqualTo(1);
        assertThat(t.closest(NodeId.random(rnd), 8)).isEmpty();
        assertThat(t.nodesToPing(10)).isEmpty();
        assertThat(t.bucketsToRefresh()).isEmpty();
    }

    @Test
    void randomRespondersFillBucketsAndOnlyTheOwnIdRangeSplits() {
        RoutingTable t = table();
        for (int i = 0; i < 5_000; i++) {
            t.onResponse(node(NodeId.random(rnd), nextIp++), RTT);
        }
        t.checkInvariants();
        int buckets = t.bucketCount();
        // 5000 random ids: about 5000 / 2^(i+1) share i bits, so the table is ~10 deep, not 160
        assertThat(buckets).isBetween(8, 14);
        Map<Integer, Long> perBucket = t.entries().stream()
                .collect(Collectors.groupingBy(RoutingEntry::bucket, Collectors.counting()));
        for (int i = 0; i < buckets - 3; i++) {
            assertThat(perBucket.get(i)).as("bucket %d", i).isEqualTo(8L);
        }
        assertThat(perBucket.values()).allMatch(n -> n <= 8);
        for (RoutingEntry e : t.entries()) {
            assertThat(e.bucket()).isEqualTo(bucketOf(own, e.node().id(), buckets));
            assertThat(e.state()).isEqualTo(NodeState.GOOD);
        }
        assertThat(t.size()).isEqualTo(t.goodCount()).isBetween(8 * (buckets - 3), 8 * buckets);
        // the far buckets saw thousands of responders; their caches hold the most recent 8
        assertThat(t.replacements()).filteredOn(e -> e.bucket() == 0).hasSize(8);
    }

    @Test
    void nodesCloseToOwnIdMakeTheTableDeepButNeverPast160Buckets() {
        RoutingTable t = table();
        for (int round = 0; round < 20; round++) {
            for (int bits = 0; bits < NodeId.BITS; bits++) {
                t.onResponse(fresh(bits), RTT);
            }
        }
        t.checkInvariants();
        // a last bucket holding ids sharing L bits with ours splits only while 2^(160-L) - 1 > k of them exist
        assertThat(t.bucketCount()).isEqualTo(158);
        assertThat(t.size()).isLessThanOrEqualTo(8 * 158);

        RoutingTable k1 = table(RoutingConfig.defaults().withBucketSize(1));
        for (int round = 0; round < 5; round++) {
            for (int bits = 0; bits < NodeId.BITS; bits++) {
                k1.onResponse(fresh(bits), RTT);
            }
        }
        k1.checkInvariants();
        assertThat(k1.bucketCount()).isEqualTo(RoutingTable.MAX_BUCKETS);
        t = k1;
        assertThat(t.contains(own)).isFalse();
        // the last bucket holds the single id that differs from ours in the last bit only
        assertThat(t.entries()).filteredOn(e -> e.bucket() == NodeId.BITS - 1)
                .allMatch(e -> own.commonPrefixBits(e.node().id()) == NodeId.BITS - 1);
    }

    @Test
    void extendedBucketsHoldMoreFarFromOwnId() {
        RoutingTable t = table(RoutingConfig.defaults().withExtendedBuckets(true));
        for (int i = 0; i < 5_000; i++) {
            t.onResponse(node(NodeId.random(rnd), nextIp++), RTT);
        }
        t.checkInvariants();
        Map<Integer, Long> perBucket = t.entries().stream()
                .collect(Collectors.groupingBy(RoutingEntry::bucket, Collectors.counting()));
        assertThat(perBucket.get(0)).isEqualTo(128L);
        assertThat(perBucket.get(1)).isEqualTo(64L);
        assertThat(perBucket.get(2)).isEqualTo(32L);
        assertThat(perBucket.get(3)).isEqualTo(16L);
        assertThat(perBucket.get(4)).isEqualTo(8L);
    }

    @Test
    void goodTurnsQuestionableAfterFifteenMinutesAndBadAfterTwoTimeouts() {
        RoutingTable t = table();
        NodeInfo n = fresh(0);
        t.onResponse(n, RTT);
        assertThat(state(t, n)).isEqualTo(NodeState.GOOD);
        clock.advance(QUARTER_HOUR.minusSeconds(1));
        assertThat(state(t, n)).isEqualTo(NodeState.GOOD);
        clock.advance(Duration.ofSeconds(1));
        assertThat(state(t, n)).isEqualTo(NodeState.QUESTIONABLE);
        // BEP 5: a node that has answered before is good again when it queries us
        assertThat(t.onQuery(n, false)).isEqualTo(Admission.UPDATED);
        assertThat(state(t, n)).isEqualTo(NodeState.GOOD);
        t.onTimeout(n);
        assertThat(state(t, n)).isEqualTo(NodeState.QUESTIONABLE);
        assertThat(t.find(n.id()).orElseThrow().failures()).isEqualTo(1);
        t.onTimeout(n.address());
        assertThat(state(t, n)).isEqualTo(NodeState.BAD);
        assertThat(t.closest(n.id(), 8)).isEmpty();
        assertThat(t.size()).isEqualTo(1); // no replacement waits: kept, so an outage does not empty the table
        assertThat(t.onResponse(n, RTT)).isEqualTo(Admission.UPDATED);
        assertThat(state(t, n)).isEqualTo(NodeState.GOOD);
        assertThat(t.closest(n.id(), 8)).containsExactly(n);
    }

    @Test
    void aBadEntryIsDroppedAtMaxFailuresEvenWithoutReplacement() {
        RoutingTable t = table();
        NodeInfo n = fresh(0);
        t.onResponse(n, RTT);
        for (int i = 0; i < t.config().maxFailures() - 1; i++) {
            t.onTimeout(n);
        }
        assertThat(t.contains(n)).isTrue();
        t.onTimeout(n);
        assertThat(t.contains(n)).isFalse();
        assertThat(t.size()).isZero();
    }

    @Test
    void aReplacementIsPromotedWhenALiveEntryGoesBad() {
        RoutingTable t = table();
        List<NodeInfo> far = fillFarBucket(t);
        NodeInfo waiting = fresh(0);
        assertThat(t.onResponse(waiting, RTT)).isEqualTo(Admission.CACHED);
        assertThat(t.contains(waiting)).isFalse();
        assertThat(t.replacements()).extracting(RoutingEntry::node).containsExactly(waiting);

        NodeInfo victim = far.get(3);
        t.onTimeout(victim);
        assertThat(t.contains(victim)).isTrue(); // one lost datagram is not enough
        t.onTimeout(victim);
        assertThat(t.contains(victim)).isFalse();
        assertThat(t.find(victim.id())).isEmpty();
        assertThat(t.contains(waiting)).isTrue();
        assertThat(t.replacementCount()).isZero();
        t.checkInvariants();
    }

    @Test
    void aNewResponderTakesTheSlotOfABadEntryWhenNoReplacementWaits() {
        RoutingTable t = table();
        List<NodeInfo> far = fillFarBucket(t);
        NodeInfo bad = far.get(0);
        t.onTimeout(bad);
        t.onTimeout(bad);
        assertThat(t.contains(bad)).isTrue();
        NodeInfo newcomer = fresh(0);
        assertThat(t.onResponse(newcomer, RTT)).isEqualTo(Admission.ADDED);
        assertThat(t.contains(bad)).isFalse();
        assertThat(t.contains(newcomer)).isTrue();
    }

    @Test
    void aFullBucketOfGoodNodesSendsNewcomersToTheBoundedCache() {
        RoutingTable t = table();
        fillFarBucket(t);
        List<NodeInfo> late = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            NodeInfo n = fresh(0);
            late.add(n);
            clock.advance(Duration.ofSeconds(1));
            assertThat(t.onResponse(n, RTT)).isEqualTo(Admission.CACHED);
        }
        // Kademlia keeps the most recently seen
        assertThat(t.replacements()).filteredOn(e -> e.bucket() == 0).extracting(RoutingEntry::node)
                .containsExactlyInAnyOrderElementsOf(late.subList(12, 20));
        // a full bucket with a full cache has no use for hearsay
        assertThat(t.onQuery(fresh(0), false)).isEqualTo(Admission.IGNORED);
        assertThat(t.onNodesLearned(List.of(fresh(0), fresh(0)))).isZero();
    }

    @Test
    void closestMatchesABruteForceSort() {
        RoutingTable t = table(RoutingConfig.defaults().withReplacementCacheSize(1)); // so some bad ones stay
        List<NodeInfo> all = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            NodeInfo n = i % 3 == 0 ? fresh(rnd.nextInt(30)) : node(NodeId.random(rnd), nextIp++);
            all.add(n);
            t.onResponse(n, RTT);
        }
        clock.advance(QUARTER_HOUR); // all questionable; then about half good again, a sixth bad
        for (RoutingEntry e : t.entries()) {
            int dice = rnd.nextInt(6);
            if (dice < 3) {
                t.onResponse(e.node(), RTT);
            } else if (dice == 3) {
                t.onTimeout(e.node());
                t.onTimeout(e.node());
            }
        }
        t.checkInvariants();
        List<RoutingEntry> snapshot = t.entries();
        assertThat(snapshot).extracting(RoutingEntry::state)
                .contains(NodeState.GOOD, NodeState.QUESTIONABLE, NodeState.BAD);
        for (int i = 0; i < 2_000; i++) {
            NodeId target = switch (i % 4) {
                case 0 -> NodeId.random(rnd);
                case 1 -> sharing(own, rnd.nextInt(t.bucketCount() + 2), rnd);
                case 2 -> all.get(rnd.nextInt(all.size())).id();
                default -> own;
            };
            int count = 1 + rnd.nextInt(40);
            assertThat(t.closest(target, count)).as("target %s count %d", target, count)
                    .isEqualTo(Nodes.bruteForceClosest(snapshot, target, count));
        }
        assertThat(t.closest(own, 0)).isEmpty();
    }

    @Test
    void nodesToPingAreQuestionableEntriesOfFullBucketsThenCandidatesThenBadOnes() {
        RoutingTable t = table();
        List<NodeInfo> far = fillFarBucket(t);
        NodeInfo lonely = fresh(5); // in a bucket that is not full
        t.onResponse(lonely, RTT);
        assertThat(t.nodesToPing(20)).isEmpty(); // everybody good, nobody waiting

        clock.advance(QUARTER_HOUR);
        t.onResponse(far.get(2), RTT); // freshly good again
        t.onQuery(far.get(5), false); // good again: it answered before and queries us now
        NodeInfo candidate = fresh(9);
        t.onNodesLearned(List.of(candidate));
        List<NodeInfo> ping = t.nodesToPing(20);
        List<NodeInfo> stale = new ArrayList<>(far);
        stale.remove(far.get(5));
        stale.remove(far.get(2));
        assertThat(ping).hasSize(7).endsWith(candidate);
        assertThat(ping.subList(0, 6)).containsExactlyInAnyOrderElementsOf(stale);
        assertThat(ping).doesNotContain(lonely); // its bucket has room: no need to check it
        assertThat(t.nodesToPing(20)).isEmpty(); // pings pending

        // one times out: it is handed out again at once to make sure
        t.onTimeout(stale.get(0));
        assertThat(t.nodesToPing(20)).containsExactly(stale.get(0));
        t.onTimeout(stale.get(0)); // now bad, retried only once per 15 minutes
        clock.advance(t.config().pingGrace());
        assertThat(t.nodesToPing(20)).containsExactlyInAnyOrderElementsOf(stale.subList(1, 6));
        clock.advance(QUARTER_HOUR);
        assertThat(t.nodesToPing(20)).last().isEqualTo(stale.get(0));
    }

    @Test
    void anEntryWhoseQueryTimedOutIsCheckedAgainEvenWhereItsBucketHasRoom() {
        RoutingTable t = table();
        NodeInfo lonely = fresh(5);
        t.onResponse(lonely, RTT);
        t.onTimeout(lonely); // one lost datagram: questionable, and nothing else would ever ask it again
        assertThat(t.goodCount()).isZero();
        assertThat(t.nodesToPing(20)).containsExactly(lonely);
        assertThat(t.nodesToPing(20)).isEmpty(); // ping pending
        t.onResponse(lonely, RTT);
        assertThat(t.goodCount()).isOne();
        assertThat(t.nodesToPing(20)).isEmpty();
        t.checkInvariants();
    }

    @Test
    void nodesToPingRespectsMaxAndOldestFirst() {
        RoutingTable t = table();
        List<NodeInfo> far = fillFarBucket(t);
        clock.advance(QUARTER_HOUR);
        for (NodeInfo n : far.reversed()) {
            clock.advance(Duration.ofSeconds(1));
            t.onQuery(n, false); // activity, in reverse order
        }
        clock.advance(QUARTER_HOUR); // all questionable again; the last to query us is the oldest
        assertThat(t.nodesToPing(3)).containsExactlyElementsOf(far.reversed().subList(0, 3));
    }

    @Test
    void refreshTargetsFallInsideTheirBuckets() {
        RoutingTable t = table();
        for (int i = 0; i < 500; i++) {
            t.onResponse(node(NodeId.random(rnd), nextIp++), RTT);
        }
        int buckets = t.bucketCount();
        assertThat(t.bucketsToRefresh()).isEmpty();
        clock.advance(Duration.ofMinutes(10));
        NodeInfo inZero = t.entries().getFirst().node();
        assertThat(t.onResponse(inZero, RTT)).isEqualTo(Admission.UPDATED); // bucket 0 active
        clock.advance(Duration.ofMinutes(6));
        List<NodeId> targets = t.bucketsToRefresh();
        assertThat(targets).hasSize(buckets - 1);
        for (int i = 0; i < targets.size(); i++) {
            assertThat(bucketOf(own, targets.get(i), buckets)).isEqualTo(i + 1);
        }
        assertThat(t.bucketsToRefresh()).isEmpty(); // handed out: not again for 15 minutes
        clock.advance(QUARTER_HOUR);
        List<NodeId> again = t.bucketsToRefresh();
        assertThat(again).hasSize(buckets).doesNotHaveDuplicates();
        for (int i = 0; i < again.size(); i++) {
            assertThat(bucketOf(own, again.get(i), buckets)).isEqualTo(i);
        }
        assertThat(again.subList(1, buckets)).doesNotContainAnyElementsOf(targets); // random within the bucket
    }

    @Test
    void rttIsSmoothedPerEntry() {
        RoutingTable t = table();
        NodeInfo n = fresh(0);
        t.onResponse(n, 100_000_000L);
        t.onResponse(n, 200_000_000L);
        RttEstimate rtt = t.find(n.id()).orElseThrow().rtt();
        assertThat(rtt.samples()).isEqualTo(2);
        assertThat(rtt.smoothedNanos()).isEqualTo(112_500_000L); // 100 + (200 - 100) / 8 ms
        assertThat(rtt.varianceNanos()).isEqualTo(62_500_000L); // 50 + (100 - 50) / 4 ms
        assertThat(rtt.timeoutNanos(0, Long.MAX_VALUE, 1)).isEqualTo(362_500_000L);
        assertThat(RttEstimate.NONE.timeoutNanos(1, 5, 3)).isEqualTo(3);
    }
}
