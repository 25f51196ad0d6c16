package io.lodestone.ops.serve;

import io.lodestone.dht.node.MetricsSnapshot;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The farm's per-node DHT figures for /metrics, read at scrape time. Labels are the node index
 * (a handful per farm) and the KRPC method (a closed set), so the series count stays bounded.
 */
public final class DhtMetricsCollector implements MultiCollector {

    private final Supplier<List<FarmSnapshots.NodeSnapshot>> nodes;
    private final java.util.function.LongSupplier networkSize;

    public DhtMetricsCollector(Supplier<List<FarmSnapshots.NodeSnapshot>> nodes) {
        this(nodes, () -> 0);
    }

    /** @param networkSize the farm's estimate of the DHT's size, 0 while unknown */
    public DhtMetricsCollector(Supplier<List<FarmSnapshots.NodeSnapshot>> nodes,
            java.util.function.LongSupplier networkSize) {
        this.nodes = nodes;
        this.networkSize = networkSize;
    }

    @Override
    public MetricSnapshots collect() {
        List<FarmSnapshots.NodeSnapshot> all = nodes.get();
        MetricSnapshots.Builder b = MetricSnapshots.builder();
        b.metricSnapshot(byMethod("lodestone_dht_queries_received", "KRPC queries received", all,
                MetricsSnapshot::queriesIn));
        b.metricSnapshot(byMethod("lodestone_dht_queries_sent", "KRPC queries sent", all,
                MetricsSnapshot::queriesOut));
        b.metricSnapshot(counter("lodestone_dht_responses_received", "answers matched to our queries", all,
                MetricsSnapshot::responsesIn));
        b.metricSnapshot(counter("lodestone_dht_responses_sent", "answers sent", all, MetricsSnapshot::responsesOut));
        b.metricSnapshot(counter("lodestone_dht_errors_received", "KRPC errors matched to our queries", all,
                MetricsSnapshot::errorsIn));
        b.metricSnapshot(counter("lodestone_dht_errors_sent", "KRPC errors sent", all, MetricsSnapshot::errorsOut));
        b.metricSnapshot(counter("lodestone_dht_timeouts", "queries that got no answer in time", all,
                MetricsSnapshot::timeouts));
        b.metricSnapshot(counter("lodestone_dht_malformed", "datagrams that were not valid KRPC", all,
                MetricsSnapshot::malformed));
        b.metricSnapshot(counter("lodestone_dht_unmatched", "answers for no query of ours", all,
                MetricsSnapshot::unmatched));
        b.metricSnapshot(counter("lodestone_dht_rate_limited_in", "packets dropped by the inbound limiter", all,
                MetricsSnapshot::rateLimitedIn));
        b.metricSnapshot(counter("lodestone_dht_rate_limited_out", "packets held back by the outbound limiter", all,
                MetricsSnapshot::rateLimitedOut));
        b.metricSnapshot(counter("lodestone_dht_announces_stored", "valid announce_peer queries stored", all,
                MetricsSnapshot::announcesStored));
        b.metricSnapshot(gauge("lodestone_dht_routing_table_nodes", "live routing-table entries (IPv4 and IPv6)", all,
                s -> s.routingTable4() + s.routingTable6()));
        b.metricSnapshot(gauge("lodestone_dht_stored_infohashes", "info-hashes in the peer store", all,
                MetricsSnapshot::storedInfoHashes));
        b.metricSnapshot(gauge("lodestone_dht_outstanding_queries", "queries in flight", all,
                MetricsSnapshot::outstandingQueries));
        b.metricSnapshot(GaugeSnapshot.builder().name("lodestone_dht_network_size_estimate")
                .help("nodes in the DHT, estimated from node-id density (0 while unknown)")
                .dataPoint(GaugeDataPointSnapshot.builder().value(networkSize.getAsLong()).build()).build());
        b.metricSnapshot(latency("lodestone_dht_query_rtt_milliseconds", "round trip of answered queries", all, false));
        b.metricSnapshot(latency("lodestone_dht_lookup_milliseconds", "duration of iterative lookups", all, true));
        return b.build();
    }

    private static Labels node(FarmSnapshots.NodeSnapshot n) {
        return Labels.of("node", Integer.toString(n.index()));
    }

    private static CounterSnapshot counter(String name, String help, List<FarmSnapshots.NodeSnapshot> all,
                                           ToLongFunction<MetricsSnapshot> f) {
        CounterSnapshot.Builder c = CounterSnapshot.builder().name(name).help(help);
        for (FarmSnapshots.NodeSnapshot n : all) {
            c.dataPoint(CounterDataPointSnapshot.builder().labels(node(n)).value(f.applyAsLong(n.metrics())).build());
        }
        return c.build();
    }

    private static CounterSnapshot byMethod(String name, String help, List<FarmSnapshots.NodeSnapshot> all,
                                            java.util.function.Function<MetricsSnapshot, Map<String, Long>> f) {
        CounterSnapshot.Builder c = CounterSnapshot.builder().name(name).help(help);
        for (FarmSnapshots.NodeSnapshot n : all) {
            for (Map.Entry<String, Long> e : f.apply(n.metrics()).entrySet()) {
                c.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(node(n).add("method", e.getKey())).value(e.getValue()).build());
            }
        }
        return c.build();
    }

    private static GaugeSnapshot gauge(String name, String help, List<FarmSnapshots.NodeSnapshot> all,
                                       ToLongFunction<MetricsSnapshot> f) {
        GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(help);
        for (FarmSnapshots.NodeSnapshot n : all) {
            g.dataPoint(GaugeDataPointSnapshot.builder().labels(node(n)).value(f.applyAsLong(n.metrics())).build());
        }
        return g.build();
    }

    /** Percentiles as gauges: HdrHistogram keeps no sum, so a Prometheus summary would be made up. */
    private static GaugeSnapshot latency(String name, String help, List<FarmSnapshots.NodeSnapshot> all,
                                         boolean lookups) {
        GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(help);
        for (FarmSnapshots.NodeSnapshot n : all) {
            MetricsSnapshot.Latency l = lookups ? n.metrics().lookup() : n.metrics().queryRtt();
            if (l.count() == 0) {
                continue;
            }
            g.dataPoint(point(n, "0.5", l.p50Ms()));
            g.dataPoint(point(n, "0.9", l.p90Ms()));
            g.dataPoint(point(n, "0.99", l.p99Ms()));
        }
        return g.build();
    }

    private static GaugeDataPointSnapshot point(FarmSnapshots.NodeSnapshot n, String quantile, double value) {
        return GaugeDataPointSnapshot.builder().labels(node(n).add("quantile", quantile)).value(value).build();
    }
}
