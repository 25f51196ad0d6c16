package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.QueryMethod;
import io.lodestone.dht.node.DhtMetrics;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhtMetricsCollectorTest {

    @Test
    void countersAndLatenciesAreExposedPerNode() throws Exception {
        DhtMetrics a = new DhtMetrics();
        DhtMetrics b = new DhtMetrics();
        for (int i = 0; i < 3; i++) {
            a.queryIn(QueryMethod.PING);
        }
        b.queryOut(QueryMethod.GET_PEERS);
        b.timeout();
        a.recordQueryRtt(2_000_000);
        var nodes = List.of(new FarmSnapshots.NodeSnapshot(0, "aa", "127.0.0.1:1", a.snapshot()),
                new FarmSnapshots.NodeSnapshot(1, "bb", "127.0.0.1:2", b.snapshot()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, new DhtMetricsCollector(() -> nodes).collect(),
                EscapingScheme.ALLOW_UTF8);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("lodestone_dht_queries_received_total{method=\"ping\",node=\"0\"} 3.0");
        assertThat(text).contains("lodestone_dht_queries_sent_total{method=\"get_peers\",node=\"1\"} 1.0");
        assertThat(text).contains("lodestone_dht_timeouts_total{node=\"1\"} 1.0");
        assertThat(text).containsPattern("lodestone_dht_query_rtt_milliseconds\\{node=\"0\",quantile=\"0.5\"} 2\\.0");
        assertThat(text).doesNotContain("lodestone_dht_query_rtt_milliseconds{node=\"1\"");
    }

    @Test
    void theNetworkSizeEstimateIsOneGauge() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out,
                new DhtMetricsCollector(List::of, () -> 1_234_567).collect(), EscapingScheme.ALLOW_UTF8);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("lodestone_dht_network_size_estimate 1234567.0");
    }
}
