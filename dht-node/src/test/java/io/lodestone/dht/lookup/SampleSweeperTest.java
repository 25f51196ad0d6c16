package io.lodestone.dht.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.QueryMethod;
import io.lodestone.dht.lookup.FakeDht.FakeNode;
import io.lodestone.dht.lookup.FakeDht.Received;
import io.lodestone.dht.lookup.SampleSweeper.Support;
import io.lodestone.dht.node.QueryClient;
import io.lodestone.dht.node.QueryFailedException;
import io.lodestone.dht.routing.RoutingTable;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The BEP 51 sweep over a synthetic 1,000-node DHT where 60% of the nodes sample. */
class SampleSweeperTest {

    private static final long SECOND = 1_000_000_000L;
    private static final Duration TICK = Duration.ofMillis(100);

    private final FakeDht dht = new FakeDht(41, 1_000);
    private final NodeId own = NodeId.random(dht.rnd);

    {
        dht.enableSampling(0.6, 60, 900, 12);
        dht.kill(0.05);
    }

    /** A table that knows only one bucket's worth of nodes: the sweep must find the rest itself. */
    private LookupContext smallWorld() {
        RoutingTable t = dht.table(own);
        for (NodeInfo n : dht.viewOf(own, null).subList(0, FakeDht.K)) {
            t.onResponse(n, FakeDht.TABLE_RTT);
        }
        return dht.context(t, LookupConfig.defaults());
    }

    private static List<Received> samplesAsked(FakeNode n) {
        return n.log.stream().filter(r -> r.method() == QueryMethod.SAMPLE_INFOHASHES).toList();
    }

    /** Every sampling node's queries are at least the interval it gave apart. */
    private void assertNoIntervalViolated() {
        for (FakeNode n : dht.nodes) {
            List<Received> asked = samplesAsked(n);
            for (int i = 1; i < asked.size(); i++) {
                long gap = asked.get(i).at() - asked.get(i - 1).at();
                long interval = Math.max(asked.get(i - 1).interval(), 0) * SECOND;
                assertThat(gap).as("node %d query %d", n.index, i).isGreaterThanOrEqualTo(interval);
            }
        }
    }

    private void run(SampleSweeper s, Duration d, Runnable check) {
        for (long t = 0; t < d.toNanos(); t += TICK.toNanos()) {
            s.tick();
            dht.runFor(TICK);
            check.run();
        }
    }

    @Test
    void collectsEverySampledHashWithoutEverAskingANodeBeforeItsInterval() {
        Set<InfoHash> harvested = new HashSet<>();
        SampleSweeper s = new SampleSweeper(smallWorld(), SweepConfig.defaults(),
                b -> harvested.addAll(b.samples()));
        run(s, Duration.ofMinutes(30), () -> { });

        Set<InfoHash> stored = new HashSet<>();
        dht.live().stream().filter(n -> n.samples).forEach(n -> stored.addAll(n.hashes));
        assertThat(harvested).containsAll(stored);
        assertNoIntervalViolated();
        // revisits happened: the interval check above was not vacuous
        assertThat(dht.nodes).anySatisfy(n -> assertThat(samplesAsked(n)).hasSizeGreaterThan(2));

        int unsupportedAsked = 0;
        for (FakeNode n : dht.live()) {
            List<Received> asked = samplesAsked(n);
            if (!n.samples && !asked.isEmpty()) {
                unsupportedAsked++;
                assertThat(s.support(n.address)).isEqualTo(Support.UNSUPPORTED);
                assertThat(asked).as("left alone for unsupportedRetry").hasSize(1);
            } else if (n.samples && !asked.isEmpty()) {
                assertThat(s.support(n.address)).isEqualTo(Support.SUPPORTED);
            }
        }
        assertThat(unsupportedAsked).isEqualTo(s.unsupportedCount()).isGreaterThan(300);
        SampleSweeper.Stats st = s.stats();
        System.out.printf("sweep, 30 min: %d queries (%d sampled, %d without BEP 51, %d failed), %d of %d hashes, "
                        + "%d nodes tracked%n", st.queries(), st.samplers(), st.nonSamplers(), st.failures(),
                harvested.size(), stored.size(), st.tracked());
    }

    @Test
    void staysWithinItsQueryBudget() {
        SweepConfig config = SweepConfig.defaults().withQueriesPerSecond(20);
        SampleSweeper s = new SampleSweeper(smallWorld(), config, b -> { });
        run(s, Duration.ofSeconds(30), () -> { });
        // 30 s at 20/s plus the initial burst: 1,000 nodes keep it busy that long
        assertThat(s.stats().queries()).isEqualTo(dht.queries).isBetween(590L, 600L + config.burst());
    }

    @Test
    void memoryStaysBoundedAndIntervalsHoldEvenWhenNodesAreForgotten() {
        int max = 150;
        Set<InfoHash> harvested = new HashSet<>();
        SampleSweeper s = new SampleSweeper(smallWorld(), SweepConfig.defaults().withMaxTrackedNodes(max),
                b -> harvested.addAll(b.samples()));
        run(s, Duration.ofMinutes(30), () -> assertThat(s.tracked()).isLessThanOrEqualTo(max));
        assertNoIntervalViolated();
        assertThat(s.stats().samplers()).isGreaterThan(max);
        System.out.printf("sweep with %d nodes tracked at most: %d hashes, %d queries%n", max, harvested.size(),
                s.stats().queries());
    }

    @Test
    void nodesAnsweringWithAnErrorAreUnsupportedToo() {
        LookupContext c = smallWorld();
        // here nodes without BEP 51 answer 204 "method unknown" instead of a find_node-shaped answer
        QueryClient strict = (to, q) -> dht.at(to) != null && !dht.at(to).samples && !dht.at(to).dead
                ? CompletableFuture.failedFuture(new QueryFailedException(QueryFailedException.Reason.ERROR_RESPONSE,
                        "204 method unknown"))
                : dht.query(to, q);
        LookupContext ctx = new LookupContext(strict, c.scheduler(), c.clock(), c.table(), c.config(), c.random());
        SampleSweeper s = new SampleSweeper(ctx, SweepConfig.defaults(), b -> { });
        run(s, Duration.ofMinutes(2), () -> { });
        assertThat(s.unsupportedCount()).isPositive();
        assertThat(s.supportedCount()).isPositive();
        for (FakeNode n : dht.live()) {
            Support expected = n.samples ? Support.SUPPORTED : Support.UNSUPPORTED;
            assertThat(s.support(n.address)).isIn(Support.UNKNOWN, expected);
        }
    }

    @Test
    void aNodeThatWasAwayIsAskedAgainSoonAfterItIsBack() {
        // churn: a sampling node is away when the sweep first tries it and back after 80 minutes;
        // silent nodes are retried 10, 30, 60, 90... minutes after the first try (backoff doubling
        // up to 30 min), so the sweep reaches it by two hours (with a six-hour cap: 10, 30, 70, 150)
        FakeNode away = dht.live().stream().filter(n -> n.samples).findFirst().orElseThrow();
        away.dead = true;
        FakeNode gone = dht.live().stream().filter(n -> n.samples && n != away).findFirst().orElseThrow();
        gone.dead = true;
        SampleSweeper s = new SampleSweeper(smallWorld(), SweepConfig.defaults(), b -> { });
        long[] now = {0};
        run(s, Duration.ofHours(2), () -> {
            now[0] += TICK.toNanos();
            if (now[0] == Duration.ofMinutes(80).toNanos()) {
                away.dead = false;
            }
        });
        assertThat(samplesAsked(away)).as("asked once back").isNotEmpty();
        assertThat(s.support(away.address)).isEqualTo(Support.SUPPORTED);
        // a node gone for good costs a query per half hour at most, once the backoff has grown
        assertThat(dht.queriesTo(gone.address)).isBetween(1L, 6L);
    }
}
