package io.lodestone.ops.serve;

import io.lodestone.index.content.BlockList;
import io.lodestone.index.content.BlockingSink;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** The block list at work, for /metrics: rules, and what they kept out and where. */
final class ContentMetricsCollector implements MultiCollector {

    private final BlockingSink sink;
    private final BlockList blocks;

    ContentMetricsCollector(BlockingSink sink, BlockList blocks) {
        this.sink = sink;
        this.blocks = blocks;
    }

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.builder()
                .metricSnapshot(CounterSnapshot.builder().name("lodestone_blocked")
                        .help("info-hashes kept out by the block list: before any metadata fetch, or when "
                                + "metadata arrived (name patterns)")
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                                .labels(Labels.of("stage", "before_fetch")).value(sink.refusedBeforeFetch()).build())
                        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                                .labels(Labels.of("stage", "before_index")).value(sink.refusedAtIndex()).build())
                        .build())
                .metricSnapshot(GaugeSnapshot.builder().name("lodestone_block_rules")
                        .help("rules on the block list (hashes, patterns and deletions)")
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .value(blocks.snapshot().rules().size()).build())
                        .build())
                .build();
    }
}
