package io.lodestone.dht.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.lookup.IterativeLookup.State;
import io.lodestone.dht.lookup.LookupStats.Outcome;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The state machine on its own, then lookups over a synthetic 2,000-node DHT. */
class IterativeLookupTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    private final SplittableRandom rnd = new SplittableRandom(3);
    private final NodeId own = NodeId.random(rnd);
    private final NodeId target = NodeId.random(rnd);
    private int nextIp;

    private NodeInfo node(NodeId id) {
        int i = nextIp++;
        return new NodeInfo(id, new InetSocketAddress(FakeDht.ip(30, i >>> 8, i, 1), FakeDht.PORT));
    }

    /** {@code n} nodes at increasing distance from the target. */
    private List<NodeInfo> ladder(int n) {
        List<NodeInfo> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(node(NodeId.random(rnd)));
        }
        out.sort(Comparator.comparing(NodeInfo::id, target::distanceCompare));
        return out;
    }

    private IterativeLookup lookup(LookupConfig config) {
        return new IterativeLookup(target, own, config, 0);
    }

    // ---- the state machine

    @Test
    void queriesTheClosestBranchingCandidatesFirstAndWaitsForCloserOutstandingOnes() {
        IterativeLookup l = lookup(LookupConfig.defaults().withBranching(3));
        List<NodeInfo> n = ladder(12);
        l.addSeeds(n.reversed());
        assertThat(l.next(0)).containsExactlyElementsOf(n.subList(0, 3));
        assertThat(l.next(0)).isEmpty();
        // everyone answers but the third closest, which stays outstanding
        for (int i : new int[] {0, 1, 3, 4, 5, 6, 7, 8}) {
            assertThat(l.isDone()).isFalse();
            assertThat(l.onResponse(n.get(i), List.of(), MS)).isTrue();
            assertThat(l.next(MS)).hasSizeLessThanOrEqualTo(1);
        }
        assertThat(l.isDone()).as("8 answered, but a closer query is outstanding").isFalse();
        assertThat(l.onFailure(n.get(2), 2 * MS)).isTrue();
        assertThat(l.isDone()).isTrue();
        assertThat(l.outcome()).isEqualTo(Outcome.CONVERGED);
        assertThat(l.closestResponded(8)).containsExactly(n.get(0), n.get(1), n.get(3), n.get(4), n.get(5),
                n.get(6), n.get(7), n.get(8));
        assertThat(l.next(3 * MS)).isEmpty();
        assertThat(l.queried()).isEqualTo(10);
        assertThat(l.onResponse(n.get(9), List.of(), 3 * MS)).as("after the end").isFalse();
    }

    @Test
    void slowQueriesOpenOneMoreSlotEachWithoutBeingAbandoned() {
        IterativeLookup l = lookup(LookupConfig.defaults().withBranching(2));
        List<NodeInfo> n = ladder(6);
        l.addSeeds(n);
        assertThat(l.next(0)).containsExactly(n.get(0), n.get(1));
        assertThat(l.next(500 * MS)).isEmpty();
        assertThat(l.nextWakeupNanos()).isEqualTo(SECOND);
        // libtorrent's short timeout: both slow, two more slots
        assertThat(l.next(SECOND)).containsExactly(n.get(2), n.get(3));
        assertThat(l.slowed()).isEqualTo(2);
        assertThat(l.stateOf(n.get(0).address())).isEqualTo(State.SLOW);
        // a late answer still counts, and gives its slot back
        assertThat(l.onResponse(n.get(0), List.of(), 1_500 * MS)).isTrue();
        assertThat(l.next(1_500 * MS)).isEmpty();
        l.onFailure(n.get(2), 1_600 * MS);
        assertThat(l.next(1_600 * MS)).containsExactly(n.get(4));
        // an explicit report works too
        assertThat(l.onSlow(n.get(3), 1_700 * MS)).isTrue();
        assertThat(l.next(1_700 * MS)).containsExactly(n.get(5));
    }

    @Test
    void stopsWaitingAfterQueryTimeoutButTakesALateAnswerWhileRunning() {
        IterativeLookup l = lookup(LookupConfig.defaults().withBranching(1));
        List<NodeInfo> n = ladder(3);
        l.addSeeds(n);
        assertThat(l.next(0)).containsExactly(n.get(0));
        assertThat(l.next(SECOND)).containsExactly(n.get(1));
        assertThat(l.nextWakeupNanos()).isEqualTo(2 * SECOND); // n1 goes slow
        assertThat(l.next(2 * SECOND)).containsExactly(n.get(2));
        assertThat(l.nextWakeupNanos()).isEqualTo(3 * SECOND);
        l.next(3 * SECOND);
        assertThat(l.nextWakeupNanos()).isEqualTo(5 * SECOND); // n0 given up at queryTimeout
        l.next(5 * SECOND);
        assertThat(l.stateOf(n.get(0).address())).isEqualTo(State.FAILED);
        assertThat(l.timedOut()).isEqualTo(1);
        assertThat(l.onResponse(n.get(0), List.of(), 5_500 * MS)).isTrue();
        assertThat(l.timedOut()).isZero();
        assertThat(l.failed()).isZero();
        assertThat(l.closestResponded(8)).containsExactly(n.get(0));
    }

    @Test
    void answersThatDoNotCountTowardKKeepTheLookupGoing() {
        IterativeLookup l = lookup(LookupConfig.defaults());
        List<NodeInfo> n = ladder(10);
        l.addSeeds(n);
        l.next(0);
        l.onResponse(n.get(0), List.of(), MS, false);
        for (int i = 1; i < 8; i++) {
            l.onResponse(n.get(i), List.of(), MS);
            l.next(MS);
        }
        assertThat(l.isDone()).as("only 7 count").isFalse();
        l.onResponse(n.get(8), List.of(), 2 * MS);
        assertThat(l.isDone()).isTrue();
        assertThat(l.closestResponded(9)).containsExactlyElementsOf(n.subList(0, 9));
    }

    @Test
    void maxInFlightCapsBranchingOut() {
        IterativeLookup l = lookup(LookupConfig.defaults().withBranching(2).withMaxInFlight(3));
        List<NodeInfo> n = ladder(10);
        l.addSeeds(n);
        assertThat(l.next(0)).hasSize(2);
        assertThat(l.next(SECOND)).hasSize(1);
        assertThat(l.next(3 * SECOND)).isEmpty();
        assertThat(l.inFlight()).isEqualTo(3);
    }

    @Test
    void onePerIdOnePerEndpointNeverOurselves() {
        IterativeLookup l = lookup(LookupConfig.defaults());
        NodeInfo a = node(NodeId.random(rnd));
        NodeInfo sameId = node(a.id());
        NodeInfo sameEndpoint = new NodeInfo(NodeId.random(rnd), a.address());
        NodeInfo me = node(own);
        assertThat(l.addSeeds(List.of(a, sameId, sameEndpoint, me, a))).isEqualTo(1);
        assertThat(l.candidateCount()).isEqualTo(1);
    }

    @Test
    void learnedNodesOnePerSubnetButSeedsAndLoopbackExempt() {
        IterativeLookup l = lookup(LookupConfig.defaults());
        NodeInfo seed = node(NodeId.random(rnd));
        l.addSeeds(List.of(seed));
        l.next(0);
        byte[] ip = seed.address().getAddress().getAddress();
        NodeInfo sameSubnet1 = new NodeInfo(NodeId.random(rnd),
                new InetSocketAddress(FakeDht.ip(ip[0], ip[1], ip[2], 77), 1000));
        NodeInfo sameSubnet2 = new NodeInfo(NodeId.random(rnd),
                new InetSocketAddress(FakeDht.ip(ip[0], ip[1], ip[2], 78), 1000));
        NodeInfo loop1 = new NodeInfo(NodeId.random(rnd), new InetSocketAddress(FakeDht.ip(127, 0, 0, 1), 1001));
        NodeInfo loop2 = new NodeInfo(NodeId.random(rnd), new InetSocketAddress(FakeDht.ip(127, 0, 0, 1), 1002));
        l.onResponse(seed, List.of(sameSubnet1, sameSubnet2, loop1, loop2), MS);
        // the seed itself does not block its /24; the first learned node there does
        assertThat(l.candidateCount()).isEqualTo(4);
        assertThat(l.stateOf(sameSubnet2.address())).isNull();

        IterativeLookup open = lookup(LookupConfig.defaults().withRestrictSearchIps(false));
        open.addSeeds(List.of(seed));
        open.next(0);
        open.onResponse(seed, List.of(sameSubnet1, sameSubnet2), MS);
        assertThat(open.candidateCount()).isEqualTo(3);
    }

    @Test
    void keepsOnlyTheClosestMaxCandidatesAbandoningQueriesToDroppedOnes() {
        IterativeLookup l = lookup(LookupConfig.defaults().withBranching(8).withMaxCandidates(10));
        List<NodeInfo> n = ladder(30);
        l.addSeeds(n.subList(10, 20));
        assertThat(l.next(0)).hasSize(8);
        l.addCandidates(n.subList(0, 10)); // all closer: the 10 seeds go, their queries abandoned
        assertThat(l.candidateCount()).isEqualTo(10);
        assertThat(l.inFlight()).isZero();
        l.addCandidates(n.subList(20, 30)); // all farther than every candidate kept
        assertThat(l.candidateCount()).isEqualTo(10);
        assertThat(l.onResponse(n.get(10), List.of(), MS)).as("late answer of a dropped node").isFalse();
        assertThat(l.next(MS)).containsExactlyElementsOf(n.subList(0, 8));
    }

    @Test
    void anAnswerUnderAnotherIdCountsUnderTheIdItNames() {
        IterativeLookup l = lookup(LookupConfig.defaults());
        NodeInfo advertised = node(NodeId.random(rnd));
        l.addSeeds(List.of(advertised));
        l.next(0);
        NodeInfo real = new NodeInfo(NodeId.random(rnd), advertised.address());
        assertThat(l.onResponse(real, List.of(), MS)).isTrue();
        assertThat(l.closestResponded(8)).containsExactly(real);
        assertThat(l.isDone()).isTrue();
        assertThat(l.outcome()).isEqualTo(Outcome.EXHAUSTED);
    }

    @Test
    void aRateLimitedNodeWaitsAloneWhileTheOthersGoOn() {
        IterativeLookup l = lookup(LookupConfig.defaults().withBranching(3));
        List<NodeInfo> n = ladder(5);
        l.addSeeds(n);
        assertThat(l.next(0)).containsExactly(n.get(0), n.get(1), n.get(2));
        // our limiter holds back the query to the closest: its IP is out of budget for now
        assertThat(l.onUnsent(n.get(0), 0)).isTrue();
        assertThat(l.queried()).isEqualTo(2);
        // an answer frees a slot: the next node is asked at once (the whole lookup used to pause,
        // so every lookup of a farm waited on the busiest IP it met: lookups of a second on loopback)
        assertThat(l.onResponse(n.get(1), List.of(), 10 * MS)).isTrue();
        assertThat(l.next(10 * MS)).containsExactly(n.get(3));
        assertThat(l.nextWakeupNanos()).isEqualTo(50 * MS);
        // the held-back node keeps its place in the branch and is asked when its wait is over
        assertThat(l.onResponse(n.get(2), List.of(), 20 * MS)).isTrue();
        assertThat(l.onResponse(n.get(3), List.of(), 20 * MS)).isTrue();
        assertThat(l.isDone()).as("the closest is still to be asked").isFalse();
        assertThat(l.next(30 * MS)).containsExactly(n.get(4));
        assertThat(l.next(50 * MS)).containsExactly(n.get(0));
        l.onResponse(n.get(0), List.of(), 60 * MS);
        l.onResponse(n.get(4), List.of(), 60 * MS);
        assertThat(l.isDone()).isTrue();
        assertThat(l.closestResponded(8)).containsExactlyElementsOf(n);
    }

    @Test
    void endsExhaustedWhenEveryoneFailsAndAtTheDeadlineWhateverIsOutstanding() {
        IterativeLookup l = lookup(LookupConfig.defaults());
        List<NodeInfo> n = ladder(3);
        l.addSeeds(n);
        l.next(0).forEach(x -> l.onFailure(x, MS));
        assertThat(l.isDone()).isTrue();
        assertThat(l.outcome()).isEqualTo(Outcome.EXHAUSTED);
        assertThat(l.failed()).isEqualTo(3);

        IterativeLookup d = lookup(LookupConfig.defaults().withDeadline(Duration.ofSeconds(5)));
        d.addSeeds(ladder(3));
        d.next(0);
        assertThat(d.nextWakeupNanos()).isEqualTo(SECOND);
        d.next(4 * SECOND);
        assertThat(d.isDone()).isFalse();
        assertThat(d.nextWakeupNanos()).isEqualTo(5 * SECOND);
        assertThat(d.next(5 * SECOND)).isEmpty();
        assertThat(d.outcome()).isEqualTo(Outcome.DEADLINE);
        assertThat(d.elapsedNanos()).isEqualTo(5 * SECOND);
    }

    @Test
    void anEmptyLookupIsDoneAtOnce() {
        IterativeLookup l = lookup(LookupConfig.defaults());
        assertThat(l.next(0)).isEmpty();
        assertThat(l.outcome()).isEqualTo(Outcome.EXHAUSTED);
    }

    // ---- over a synthetic DHT

    /** Runs {@code lookups} find_node lookups for random targets; returns how many found the true k closest. */
    private static Measured measure(FakeDht dht, LookupConfig config, int lookups) {
        NodeId me = NodeId.random(dht.rnd);
        LookupContext ctx = dht.context(dht.seededTable(me), config);
        Measured m = new Measured();
        for (int i = 0; i < lookups; i++) {
            NodeId t = NodeId.random(dht.rnd);
            long start = dht.clock.nanos();
            FindNodeLookup.Result r = dht.runUntil(new FindNodeLookup(ctx, t).start());
            List<NodeId> truth = dht.closestLive(t, FakeDht.K).stream().map(n -> n.id).toList();
            List<NodeId> found = r.closest().stream().map(NodeInfo::id).toList();
            if (found.equals(truth)) {
                m.exact++;
            }
            if (!found.isEmpty() && found.get(0).equals(truth.get(0))) {
                m.closestFound++;
            }
            m.overlap += found.stream().filter(truth::contains).count();
            m.queries += r.stats().queries();
            m.nanos += dht.clock.nanos() - start;
            m.lookups++;
            assertThat(r.stats().durationNanos()).isEqualTo(dht.clock.nanos() - start);
        }
        return m;
    }

    private static final class Measured {
        int lookups;
        int exact;
        int closestFound;
        long overlap;
        long queries;
        long slow;
        long nanos;

        double rate() {
            return (double) exact / lookups;
        }

        /** Of the true k closest, the share found on average. */
        double overlap() {
            return (double) overlap / lookups / FakeDht.K;
        }

        double queriesPerLookup() {
            return (double) queries / lookups;
        }

        long avgMillis() {
            return nanos / lookups / MS;
        }
    }

    @Test
    void convergesToTheTrueKClosestWithBoundedQueries() {
        FakeDht dht = new FakeDht(11, 2_000);
        Measured m = measure(dht, LookupConfig.defaults(), 200);
        System.out.printf("find_node, 2000 nodes: %.1f%% exact, %.1f queries/lookup, %d ms/lookup%n",
                100 * m.rate(), m.queriesPerLookup(), m.avgMillis());
        assertThat(m.rate()).isEqualTo(1.0);
        assertThat(m.queriesPerLookup()).isLessThan(40);
    }

    @Test
    void stillConvergesWithTwentyPercentDeadNodes() {
        FakeDht dht = new FakeDht(12, 2_000);
        dht.kill(0.2);
        Measured m = measure(dht, LookupConfig.defaults(), 200);
        System.out.printf("find_node, 2000 nodes, 20%% dead: %.1f%% exact, %.1f%% of the true 8 found, closest found "
                        + "in %d of %d, %.1f queries/lookup, %d ms/lookup%n", 100 * m.rate(), 100 * m.overlap(),
                m.closestFound, m.lookups, m.queriesPerLookup(), m.avgMillis());
        // The views are stale (a fifth of every node's entries dead) and hold k random nodes per
        // bucket, so the 9th and 10th closest overall, which the 8 closest live ones reach into,
        // are not always known to anyone queried: a Kademlia limit, not a lookup bug.
        assertThat(m.closestFound).isEqualTo(m.lookups);
        assertThat(m.overlap()).isGreaterThan(0.97);
        assertThat(m.rate()).isGreaterThan(0.85);
        assertThat(m.queriesPerLookup()).isLessThan(40);
        // a dead node among the closest costs queryTimeout (5 s), not libtorrent's 15 s
        assertThat(m.avgMillis()).isLessThan(6_000);
    }

    @Test
    void theDeadlineEndsALookupThatCannotFinish() {
        FakeDht dht = new FakeDht(13, 300);
        dht.kill(1.0);
        LookupConfig config = LookupConfig.defaults().withDeadline(Duration.ofSeconds(5));
        LookupContext ctx = dht.context(dht.seededTable(NodeId.random(dht.rnd)), config);
        long start = dht.clock.nanos();
        long[] recorded = {-1};
        ctx = new LookupContext(ctx.client(), ctx.scheduler(), ctx.clock(), ctx.table(), config, ctx.random(),
                nanos -> recorded[0] = nanos);
        FindNodeLookup.Result r = dht.runUntil(new FindNodeLookup(ctx, NodeId.random(dht.rnd)).start());
        assertThat(dht.clock.nanos() - start).isEqualTo(5 * SECOND);
        assertThat(r.stats().outcome()).isEqualTo(Outcome.DEADLINE);
        assertThat(r.closest()).isEmpty();
        assertThat(recorded[0]).isEqualTo(5 * SECOND);
        // every second the outstanding queries went slow and opened new slots, up to the cap
        assertThat(r.stats().queries()).isEqualTo(config.maxInFlight());
        assertThat(r.stats().slow()).isEqualTo(config.maxInFlight());
    }

    /** Lookups whose first {@code alpha} hops (our table's closest nodes) answer only after 3 s. */
    private static Measured slowFirstHops(LookupConfig config, int lookups) {
        FakeDht dht = new FakeDht(14, 2_000);
        NodeId me = NodeId.random(dht.rnd);
        LookupContext ctx = dht.context(dht.seededTable(me), config);
        Measured m = new Measured();
        for (int i = 0; i < lookups; i++) {
            NodeId t = NodeId.random(dht.rnd);
            List<FakeDht.FakeNode> first = ctx.table().closest(t, config.branching()).stream()
                    .map(n -> dht.at(n.address())).toList();
            long[] rtts = first.stream().mapToLong(n -> n.rttNanos).toArray();
            first.forEach(n -> n.rttNanos = 3 * SECOND);
            long start = dht.clock.nanos();
            FindNodeLookup.Result r = dht.runUntil(new FindNodeLookup(ctx, t).start());
            m.lookups++;
            m.nanos += dht.clock.nanos() - start;
            m.queries += r.stats().queries();
            m.slow += r.stats().slow();
            if (r.closest().stream().map(NodeInfo::id).toList()
                    .equals(dht.closestLive(t, FakeDht.K).stream().map(n -> n.id).toList())) {
                m.exact++;
            }
            for (int j = 0; j < first.size(); j++) {
                first.get(j).rttNanos = rtts[j];
            }
        }
        return m;
    }

    @Test
    void slowNodesMakeItBranchOutInsteadOfWaiting() {
        Measured branching = slowFirstHops(LookupConfig.defaults(), 50);
        Measured patient = slowFirstHops(LookupConfig.defaults().withShortTimeout(Duration.ofHours(1)), 50);
        System.out.printf("first hops slow (3 s): %d ms/lookup branching out after 1 s, %d ms waiting; "
                        + "%.1f vs %.1f queries/lookup%n", branching.avgMillis(), patient.avgMillis(),
                branching.queriesPerLookup(), patient.queriesPerLookup());
        assertThat(branching.rate()).isEqualTo(1.0);
        assertThat(patient.rate()).isEqualTo(1.0);
        assertThat(branching.slow).isEqualTo(5L * branching.lookups); // the slow ones, and no others
        assertThat(patient.slow).isZero();
        assertThat(branching.avgMillis()).isLessThan(2_000);
        assertThat(patient.avgMillis()).isGreaterThanOrEqualTo(3_000);
    }
}
