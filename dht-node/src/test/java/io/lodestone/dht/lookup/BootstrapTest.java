package io.lodestone.dht.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.QueryMethod;
import io.lodestone.dht.lookup.FakeDht.FakeNode;
import io.lodestone.dht.routing.RoutingTable;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Joining a synthetic 2,000-node DHT from one router, and keeping the table fresh afterwards. */
class BootstrapTest {

    private final FakeDht dht = new FakeDht(31, 2_000);
    private final FakeNode router = dht.router();
    private final NodeId own = NodeId.random(dht.rnd);
    private final RoutingTable table = dht.table(own);
    private final LookupContext ctx = dht.context(table, LookupConfig.defaults());

    {
        dht.feed(table);
    }

    @Test
    void fromOneRouterTheTableFillsToAHealthySize() {
        Bootstrap b = new Bootstrap(ctx, List.of(router.address));
        long queriesBefore = dht.queries;
        Bootstrap.Result r = dht.runUntil(b.start());

        assertThat(r.routersAsked()).isEqualTo(1);
        assertThat(r.routersAnswered()).isEqualTo(1);
        List<NodeId> truth = dht.closestLive(own, FakeDht.K).stream().map(n -> n.id).toList();
        assertThat(r.ownLookup().closest()).extracting(NodeInfo::id).containsExactlyElementsOf(truth);
        // the table holds whoever answered, our neighbourhood included
        assertThat(r.tableSize()).isEqualTo(table.size()).isGreaterThanOrEqualTo(2 * FakeDht.K);
        assertThat(truth).allMatch(table::contains);
        long ownLookupQueries = dht.queries - queriesBefore;

        int refreshedSize = dht.runUntil(b.refreshed());
        // 2,000 random ids: about 8 buckets deep; every bucket but the last two or three is full
        int buckets = table.bucketCount();
        System.out.printf("bootstrap: %d queries, table %d nodes after the own-id lookup; %d nodes in %d buckets "
                        + "after %d more queries refreshing; %d ms%n", ownLookupQueries, r.tableSize(),
                refreshedSize, buckets, dht.queries - queriesBefore - ownLookupQueries, dht.clock.millis());
        assertThat(buckets).isBetween(7, 11);
        assertThat(refreshedSize).isEqualTo(table.size()).isGreaterThanOrEqualTo(FakeDht.K * (buckets - 2));
        assertThat(b.running()).isFalse();
        // the router is asked once and never becomes a lookup candidate
        assertThat(router.log).hasSize(1);
        assertThat(table.contains(router.id)).isFalse();
    }

    @Test
    void aRouterOurOwnLimiterHoldsBackIsAskedAgainNotGivenUp() {
        // a farm's siblings share one per-destination budget: at a sibling's start the routers' IPs
        // may have no tokens left; it used to end its bootstrap at once with an empty table and wait
        // a minute (rebootstrapInterval) before trying again
        long freeAt = Duration.ofMillis(700).toNanos();
        dht.limiter = to -> !to.equals(router.address) || dht.clock.nanos() >= freeAt;
        Bootstrap.Result r = dht.runUntil(new Bootstrap(ctx, List.of(router.address)).start());

        assertThat(dht.refused).isPositive();
        assertThat(r.routersAnswered()).isEqualTo(1);
        assertThat(router.log).hasSize(1);
        assertThat(r.tableSize()).isGreaterThanOrEqualTo(FakeDht.K);
    }

    @Test
    void aRouterOurLimiterNeverFreesIsGivenUpAtTheLookupDeadline() {
        dht.limiter = to -> !to.equals(router.address);
        Bootstrap.Result r = dht.runUntil(new Bootstrap(ctx, List.of(router.address)).start());

        assertThat(r.routersAnswered()).isZero();
        assertThat(r.tableSize()).isZero();
        // one retry per rateLimitBackoff until the deadline: bounded
        long bound = ctx.config().deadline().toNanos() / ctx.config().rateLimitBackoff().toNanos() + 2;
        assertThat(dht.refused).isBetween(2L, bound);
    }

    @Test
    void deadRoutersLeaveTheTableToStartFrom() {
        RoutingTable seeded = dht.seededTable(own);
        LookupContext c = dht.context(seeded, LookupConfig.defaults());
        InetSocketAddress nowhere = new InetSocketAddress(FakeDht.ip(99, 9, 9, 9), 6881);
        Bootstrap.Result r = dht.runUntil(new Bootstrap(c, List.of(nowhere)).start());
        assertThat(r.routersAnswered()).isZero();
        assertThat(r.ownLookup().closest()).extracting(NodeInfo::id)
                .containsExactlyElementsOf(dht.closestLive(own, FakeDht.K).stream().map(n -> n.id).toList());
    }

    @Test
    void maintenanceBootstrapsAnEmptyTableThenRefreshesStaleBucketsAFewAtATime() {
        Maintenance m = new Maintenance(ctx, List.of(router.address));
        m.tick();
        assertThat(m.bootstrapping()).isTrue();
        assertThat(m.bootstraps()).isEqualTo(1);
        for (int i = 0; i < 600 && m.bootstrapping(); i++) {
            dht.runFor(Duration.ofMillis(100));
            m.tick();
        }
        assertThat(m.bootstrapping()).isFalse();
        int size = table.size();
        assertThat(size).isGreaterThan(50);

        // a quarter of an hour of silence: every bucket is due a refresh
        long queries = dht.queries;
        dht.runFor(Duration.ofMinutes(16));
        int maxRunning = 0;
        for (int i = 0; i < 600; i++) {
            m.tick();
            maxRunning = Math.max(maxRunning, m.running());
            dht.runFor(Duration.ofMillis(100));
        }
        assertThat(m.refreshesStarted()).isEqualTo(table.bucketCount());
        assertThat(maxRunning).isEqualTo(ctx.config().maxConcurrentRefreshes());
        assertThat(m.running()).isZero();
        assertThat(m.bootstraps()).isEqualTo(1);
        assertThat(table.size()).isGreaterThanOrEqualTo(size);
        assertThat(dht.queries - queries).isLessThan(40L * table.bucketCount());
        assertThat(router.log).filteredOn(x -> x.method() == QueryMethod.FIND_NODE).hasSize(1);
    }

    @Test
    void maintenanceRetriesAnUnreachableRouterOncePerInterval() {
        InetSocketAddress nowhere = new InetSocketAddress(FakeDht.ip(99, 9, 9, 9), 6881);
        Maintenance m = new Maintenance(ctx, List.of(nowhere));
        for (int i = 0; i < 10 * 60 * 10; i++) { // ten minutes of 100 ms ticks
            m.tick();
            dht.runFor(Duration.ofMillis(100));
        }
        assertThat(table.size()).isZero();
        assertThat(m.bootstraps()).isBetween(9, 11);
    }
}
