package io.lodestone.ops.fleet;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.Supplier;

/** The fleet on /metrics: membership, consumer lag, and per-crawler rates (as counters). */
public final class FleetMetricsCollector implements MultiCollector {

    private final Supplier<FleetReading> reading;

    public FleetMetricsCollector(Supplier<FleetReading> reading) {
        this.reading = reading;
    }

    @Override
    public MetricSnapshots collect() {
        FleetReading r = reading.get();
        Labels self = Labels.of("instance_id", r.instanceId(), "role", r.role());
        CounterSnapshot.Builder byCrawler = CounterSnapshot.builder().name("lodestone_fleet_catalog_applied_by_crawler")
                .help("catalog records this replica applied, by the crawler that published them (rate() per crawler)");
        r.byCrawler().forEach((crawler, n) -> byCrawler.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("crawler", crawler)).value(n).build()));
        return MetricSnapshots.builder()
                .metricSnapshot(gauge("lodestone_fleet_crawlers", "crawlers in the fleet's consumer group "
                        + "(-1: Kafka could not be asked)", self, r.members()))
                .metricSnapshot(GaugeSnapshot.builder().name("lodestone_fleet_consumer_lag")
                        .help("records not consumed yet: catalog (replica), harvest (this crawler's partitions)")
                        .dataPoint(point(self.add("topic", "catalog"), r.catalogLag()))
                        .dataPoint(point(self.add("topic", "harvest"), r.harvestLag()))
                        .build())
                .metricSnapshot(counter("lodestone_fleet_catalog_applied", "catalog records applied to this replica",
                        self, r.catalogApplied()))
                .metricSnapshot(counter("lodestone_fleet_catalog_tombstones", "catalog deletes applied here",
                        self, r.catalogTombstones()))
                .metricSnapshot(byCrawler.build())
                .metricSnapshot(counter("lodestone_fleet_published", "info dicts this crawler published to the catalog",
                        self, r.published()))
                .metricSnapshot(counter("lodestone_fleet_harvest_claimed", "harvest records this crawler claimed",
                        self, r.claimed()))
                .metricSnapshot(counter("lodestone_fleet_harvest_relayed", "harvests this farm sent to Kafka",
                        self, r.harvestRelayed()))
                .metricSnapshot(counter("lodestone_fleet_harvest_lost", "harvests dropped while Kafka was slow or away",
                        self, r.harvestLost()))
                .metricSnapshot(gauge("lodestone_fleet_harvest_partitions", "harvest partitions this crawler claims",
                        self, r.harvestPartitions()))
                .metricSnapshot(gauge("lodestone_fleet_harvest_unfinished", "harvest records this crawler claimed and "
                        + "has not finished (not committed: another crawler takes them should this one die)",
                        self, r.harvestUnfinished()))
                .build();
    }

    private static GaugeSnapshot gauge(String name, String help, Labels l, double v) {
        return GaugeSnapshot.builder().name(name).help(help).dataPoint(point(l, v)).build();
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels l, double v) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(v).build();
    }

    private static CounterSnapshot counter(String name, String help, Labels l, double v) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(v).build()).build();
    }
}
