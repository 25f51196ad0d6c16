package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.types.HostPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Grafana dashboard and the Prometheus alert rules shipped in the repository use only metrics
 * a running {@code serve} exports: every {@code lodestone_*} name in their expressions must be a
 * sample on {@code /metrics}.
 */
class MonitoringFilesIT {
    static final Path DASHBOARD = Path.of("grafana", "lodestone-dashboard.json");
    static final Path ALERTS = Path.of("prometheus", "lodestone-alerts.yml");
    /** Bounds the wait for series that appear with their first sample. */
    static final java.time.Duration MAX_WAIT = java.time.Duration.ofSeconds(90);
    private static final Pattern METRIC = Pattern.compile("\\blodestone_[a-z0-9_]+");

    @Test
    void everyMetricTheDashboardAndAlertsUseIsOnMetrics(@TempDir Path data) throws Exception {
        List<String> exprs = new ArrayList<>();
        collect(new ObjectMapper().readTree(Files.readString(DASHBOARD)), exprs);
        collect(new YAMLMapper().readTree(Files.readString(ALERTS)), exprs);
        Set<String> used = new TreeSet<>();
        for (String e : exprs) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                used.add(m.group());
            }
        }
        assertThat(exprs).hasSizeGreaterThan(20);
        assertThat(used).hasSizeGreaterThan(15);

        // a farm with nowhere to go: nothing leaves loopback, every collector is registered
        ServeConfig config = ServeConfig.defaults().withDataDir(data)
                .withHttp(ServeConfig.defaults().http().withAddress("127.0.0.1", 0))
                .withDht(new ServeConfig.Dht("127.0.0.1", 0, 2, List.of(HostPort.of(new java.net.InetSocketAddress("127.0.0.1", 9))), true));
        try (ServeRuntime serve = ServeRuntime.start(config)) {
            // some series appear with their first sample (lookup latency after the first lookup): wait for them
            Set<String> missing = new TreeSet<>(used);
            Set<String> exported = new TreeSet<>();
            long until = System.nanoTime() + MAX_WAIT.toNanos();
            while (!missing.isEmpty() && System.nanoTime() < until) {
                String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + serve.httpPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                exported = body.lines().filter(l -> l.startsWith("lodestone_"))
                        .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
                missing.removeAll(exported);
                if (!missing.isEmpty()) {
                    Thread.sleep(1_000);
                }
            }
            assertThat(missing).as("metrics the dashboard or alerts use that /metrics lacks (it has %s)", exported)
                    .isEmpty();
        }
    }

    /** Every {@code expr} string anywhere in the document. */
    private static void collect(JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.properties().forEach(e -> {
                if (e.getKey().equals("expr") && e.getValue().isString()) {
                    out.add(e.getValue().asString());
                } else {
                    collect(e.getValue(), out);
                }
            });
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, out));
        }
    }
}
