package io.lodestone.ops.serve;

import io.lodestone.crawler.scrape.ScrapeRunner;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** BEP 33 swarm scrapes for /metrics: how many, how they ended, and the DHT traffic they took. */
final class ScrapeMetricsCollector implements MultiCollector {
    private final ScrapeRunner runner;

    ScrapeMetricsCollector(ScrapeRunner runner) {
        this.runner = runner;
    }

    @Override
    public MetricSnapshots collect() {
        ScrapeRunner.Stats s = runner.stats();
        return MetricSnapshots.builder()
                .metricSnapshot(CounterSnapshot.builder().name("lodestone_scrapes")
                        .help("BEP 33 scrape lookups finished, by outcome: stored (an estimate was stored), "
                                + "unanswered (no node answered; still due), failed (timed out or errored)")
                        .dataPoint(point("stored", s.informed()))
                        .dataPoint(point("unanswered", s.empty()))
                        .dataPoint(point("failed", s.failed()))
                        .build())
                .metricSnapshot(CounterSnapshot.builder().name("lodestone_scrape_queries")
                        .help("KRPC queries sent by scrape lookups (the budget is scrape.packets-per-second)")
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(s.packets()).build())
                        .build())
                .metricSnapshot(GaugeSnapshot.builder().name("lodestone_scrapes_running")
                        .help("scrape lookups under way")
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(s.running()).build())
                        .build())
                .build();
    }

    private static CounterSnapshot.CounterDataPointSnapshot point(String outcome, long value) {
        return CounterSnapshot.CounterDataPointSnapshot.builder().labels(Labels.of("outcome", outcome)).value(value)
                .build();
    }
}
