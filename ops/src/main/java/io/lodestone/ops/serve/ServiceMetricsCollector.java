package io.lodestone.ops.serve;

import io.lodestone.crawler.CrawlerStats;
import io.lodestone.crawler.pipeline.PipelineStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/** The crawler's, the index's and the resolver's figures for /metrics, read at scrape time. */
final class ServiceMetricsCollector implements MultiCollector {

    /** What is read at each scrape. */
    record Reading(CrawlerStats crawler, long torrents, long pending, Histogram timeToMetadataMillis,
                   int resolvesRunning, int resolveConnections, long fetchesSucceeded,
                   java.util.Map<io.lodestone.resolve.FetchResult.Reason, Long> fetchFailures) {
    }

    private final Supplier<Reading> reading;

    ServiceMetricsCollector(Supplier<Reading> reading) {
        this.reading = reading;
    }

    @Override
    public MetricSnapshots collect() {
        Reading r = reading.get();
        CrawlerStats c = r.crawler();
        PipelineStats p = c.pipeline();
        MetricSnapshots.Builder b = MetricSnapshots.builder();
        b.metricSnapshot(CounterSnapshot.builder().name("lodestone_crawler_harvested")
                .help("harvest events taken in, by source")
                .dataPoint(counter(Labels.of("source", "announce"), c.harvestedAnnounce()))
                .dataPoint(counter(Labels.of("source", "get_peers"), c.harvestedGetPeers()))
                .dataPoint(counter(Labels.of("source", "sample"), c.harvestedSample()))
                .build());
        b.metricSnapshot(counter("lodestone_crawler_dropped", "hashes lost to backpressure", c.dropped()));
        b.metricSnapshot(counter("lodestone_crawler_unique", "new info-hashes taken up", p.unique()));
        b.metricSnapshot(counter("lodestone_crawler_restored", "pending info-hashes taken back from the index at start",
                p.restored()));
        b.metricSnapshot(counter("lodestone_crawler_resolve_attempts", "resolution attempts started", p.started()));
        b.metricSnapshot(counter("lodestone_crawler_resolved", "info-hashes resolved and stored", p.resolved()));
        b.metricSnapshot(counter("lodestone_crawler_resolve_failures", "attempts that failed", p.failed()));
        b.metricSnapshot(counter("lodestone_crawler_abandoned", "info-hashes given up", p.abandoned()));
        b.metricSnapshot(counter("lodestone_crawler_sink_errors", "failed index writes", p.sinkErrors()));
        b.metricSnapshot(counter("lodestone_dht_sample_queries", "BEP 51 queries sent by the sweep",
                c.sweep().queries()));
        b.metricSnapshot(gauge("lodestone_crawler_in_flight", "resolutions running", p.inFlight()));
        b.metricSnapshot(gauge("lodestone_index_torrents", "torrents indexed", r.torrents()));
        b.metricSnapshot(gauge("lodestone_index_pending", "harvested info-hashes waiting to be resolved",
                r.pending()));
        b.metricSnapshot(gauge("lodestone_resolve_running", "resolutions the resolve service runs",
                r.resolvesRunning()));
        b.metricSnapshot(gauge("lodestone_resolve_connections", "peer connections open for metadata",
                r.resolveConnections()));
        CounterSnapshot.Builder fetches = CounterSnapshot.builder().name("lodestone_resolve_peer_fetches")
                .help("metadata fetches from single peers, by how they ended")
                .dataPoint(counter(Labels.of("outcome", "verified"), r.fetchesSucceeded()));
        new java.util.TreeMap<>(r.fetchFailures()).forEach((reason, n) ->
                fetches.dataPoint(counter(Labels.of("outcome", reason.name().toLowerCase(java.util.Locale.ROOT)), n)));
        b.metricSnapshot(fetches.build());
        Histogram h = r.timeToMetadataMillis();
        if (h.getTotalCount() > 0) {
            GaugeSnapshot.Builder g = GaugeSnapshot.builder().name("lodestone_resolve_time_to_metadata_milliseconds")
                    .help("time from the start of a resolution to verified metadata");
            for (double q : new double[] {0.5, 0.9, 0.99}) {
                g.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("quantile", Double.toString(q)))
                        .value(h.getValueAtPercentile(q * 100)).build());
            }
            b.metricSnapshot(g.build());
        }
        return b.build();
    }

    private static CounterDataPointSnapshot counter(Labels labels, long v) {
        return CounterDataPointSnapshot.builder().labels(labels).value(v).build();
    }

    private static CounterSnapshot counter(String name, String help, long v) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(v).build()).build();
    }

    private static GaugeSnapshot gauge(String name, String help, long v) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(v).build()).build();
    }
}
