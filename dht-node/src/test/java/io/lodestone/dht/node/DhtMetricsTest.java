package io.lodestone.dht.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lodestone.dht.krpc.QueryMethod;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DhtMetricsTest {

    @Test
    void countsAndLatenciesAddUpAndSnapshotsAreCumulative() {
        DhtMetrics m = new DhtMetrics();
        m.queryIn(QueryMethod.PING);
        m.queryIn(null);
        m.queryOut(QueryMethod.GET_PEERS);
        m.timeout();
        for (int i = 1; i <= 100; i++) {
            m.recordQueryRtt(TimeUnit.MILLISECONDS.toNanos(i));
        }
        m.recordLookup(TimeUnit.SECONDS.toNanos(2));
        MetricsSnapshot s = m.snapshot();
        assertThat(s.queriesIn()).containsEntry("ping", 1L).containsEntry(DhtMetrics.OTHER_METHOD, 1L);
        assertThat(s.queriesOut()).containsEntry("get_peers", 1L);
        assertThat(s.totalQueriesIn()).isEqualTo(2);
        assertThat(s.timeouts()).isEqualTo(1);
        assertThat(s.queryRtt().count()).isEqualTo(100);
        assertThat(s.queryRtt().p50Ms()).isCloseTo(50, within(0.1));
        assertThat(s.queryRtt().p99Ms()).isCloseTo(99, within(0.1));
        assertThat(s.queryRtt().maxMs()).isCloseTo(100, within(0.1));
        assertThat(s.lookup().p50Ms()).isCloseTo(2000, within(2.0));
        // a second snapshot still sees everything (the recorder's intervals are folded in, not lost)
        m.recordQueryRtt(TimeUnit.MILLISECONDS.toNanos(1000));
        assertThat(m.snapshot().queryRtt().count()).isEqualTo(101);
        assertThat(m.snapshot().queryRtt().maxMs()).isCloseTo(1000, within(1.0));
    }

    @Test
    void aFarmSumsCountersAndGaugesAndMergesLatencies() {
        DhtMetrics a = new DhtMetrics();
        DhtMetrics b = new DhtMetrics();
        a.responseIn();
        b.responseIn();
        b.responseIn();
        a.publish(new DhtMetrics.Gauges(10, 1, 5, 2));
        b.publish(new DhtMetrics.Gauges(20, 2, 0, 3));
        a.recordQueryRtt(TimeUnit.MILLISECONDS.toNanos(10));
        b.recordQueryRtt(TimeUnit.MILLISECONDS.toNanos(30));
        MetricsSnapshot s = DhtMetrics.combined(List.of(a.snapshot(), b.snapshot()), List.of(a, b));
        assertThat(s.responsesIn()).isEqualTo(3);
        assertThat(s.routingTable4()).isEqualTo(30);
        assertThat(s.routingTable6()).isEqualTo(3);
        assertThat(s.storedInfoHashes()).isEqualTo(5);
        assertThat(s.outstandingQueries()).isEqualTo(5);
        assertThat(s.queryRtt().count()).isEqualTo(2);
        assertThat(s.queryRtt().maxMs()).isCloseTo(30, within(0.1));
        assertThat(new DhtMetrics().snapshot().queryRtt()).isEqualTo(MetricsSnapshot.Latency.EMPTY);
    }

    @Test
    void aTotalFromSnapshotsAlreadyTakenIgnoresLaterMovement() {
        DhtMetrics a = new DhtMetrics();
        DhtMetrics b = new DhtMetrics();
        a.publish(new DhtMetrics.Gauges(10, 0, 0, 0));
        b.publish(new DhtMetrics.Gauges(20, 0, 0, 0));
        a.queryIn(null);
        List<MetricsSnapshot> taken = List.of(a.snapshot(), b.snapshot());
        // the nodes move on between the per-node reading and the total
        a.publish(new DhtMetrics.Gauges(99, 0, 0, 0));
        b.responseIn();
        b.recordQueryRtt(TimeUnit.MILLISECONDS.toNanos(5));
        MetricsSnapshot total = DhtMetrics.combined(taken, List.of(a, b));
        assertThat(total.routingTable4()).isEqualTo(30);
        assertThat(total.responsesIn()).isZero();
        assertThat(total.queriesIn()).containsEntry(DhtMetrics.OTHER_METHOD, 1L);
        assertThat(total.queryRtt().count()).isEqualTo(1); // latencies come from the live sources
        assertThat(DhtMetrics.combined(List.of(), List.of()).queriesIn()).containsKey("ping");
    }
}
