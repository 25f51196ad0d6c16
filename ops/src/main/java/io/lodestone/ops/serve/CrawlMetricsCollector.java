package io.lodestone.ops.serve;

import io.lodestone.crawler.pipeline.CrawlFigures;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Locale;
import java.util.function.Supplier;

/** The crawl's resilience figures for /metrics: outcomes by kind, attempt times, connections, dead peers, rates. */
final class CrawlMetricsCollector implements MultiCollector {

    private final Supplier<CrawlReading> reading;

    CrawlMetricsCollector(Supplier<CrawlReading> reading) {
        this.reading = reading;
    }

    @Override
    public MetricSnapshots collect() {
        CrawlReading r = reading.get();
        MetricSnapshots.Builder b = MetricSnapshots.builder();
        CounterSnapshot.Builder attempts = CounterSnapshot.builder().name("lodestone_crawl_attempts")
                .help("crawl resolve attempts by how they ended");
        r.figures().outcomes().forEach((kind, n) -> attempts.dataPoint(CounterDataPointSnapshot.builder()
                .labels(Labels.of("outcome", snake(kind))).value(n).build()));
        b.metricSnapshot(attempts.build());
        latency(b, "lodestone_crawl_time_to_metadata_milliseconds", "time from an attempt's start to verified metadata",
                r.figures().timeToMetadata());
        latency(b, "lodestone_crawl_time_to_fail_milliseconds", "time from an attempt's start to its failure",
                r.figures().timeToFail());
        b.metricSnapshot(gauge("lodestone_crawl_connections_open", "metadata connections open or opening",
                r.connectionsOpen()));
        b.metricSnapshot(gauge("lodestone_crawl_connections_peak", "most metadata connections open or opening at once",
                r.connectionsPeak()));
        b.metricSnapshot(gauge("lodestone_crawl_connection_cap", "the cap on metadata connections open or opening",
                r.connectionCap()));
        b.metricSnapshot(gauge("lodestone_crawl_connect_timeout_seconds", "the crawl's TCP connect timeout now "
                + "(3 x the 95th percentile of recent connects, within its floor and the configured ceiling)",
                r.connectTimeoutMs() / 1000.0));
        b.metricSnapshot(gauge("lodestone_crawl_dead_peers", "peers remembered dead (not dialled again for a while)",
                r.deadPeers()));
        b.metricSnapshot(CounterSnapshot.builder().name("lodestone_crawl_dead_peer_skips")
                .help("dials not made because the peer was remembered dead")
                .dataPoint(CounterDataPointSnapshot.builder().value(r.deadPeerSkips()).build()).build());
        b.metricSnapshot(gauge("lodestone_crawl_harvested_per_hour", "new info-hashes per hour, over the last hour",
                r.pipeline().harvestedPerHour()));
        b.metricSnapshot(gauge("lodestone_crawl_resolved_per_hour", "info-hashes resolved per hour, over the last hour",
                r.pipeline().resolvedPerHour()));
        return b.build();
    }

    private static void latency(MetricSnapshots.Builder b, String name, String help, CrawlFigures.Latency l) {
        GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(help);
        g.dataPoint(point("0.5", l.p50())).dataPoint(point("0.9", l.p90())).dataPoint(point("0.99", l.p99()))
                .dataPoint(point("1.0", l.max()));
        b.metricSnapshot(g.build());
        b.metricSnapshot(gauge(name.replace("_milliseconds", "_count"), "attempts counted in " + name, l.count()));
    }

    private static GaugeDataPointSnapshot point(String q, double v) {
        return GaugeDataPointSnapshot.builder().labels(Labels.of("quantile", q)).value(v).build();
    }

    private static GaugeSnapshot gauge(String name, String help, double v) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(v).build()).build();
    }

    /** noPeers -> no_peers. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
