package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lodestone.time.VirtualClock;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** /healthz, /metrics and /api/v1/dht/health. */
class OpsRoutesTest {

    static DhtHealth.Figures figures(long base) {
        return new DhtHealth.Figures(base + 1, base + 2, base + 3, base + 4, base + 5, base + 6, base + 7, base + 8,
                base + 9, new DhtHealth.Latency(base + 10, 11.5, 22.25, 33.125, 44));
    }

    static DhtHealth twoNodes(long base) {
        return new DhtHealth(List.of(
                new DhtHealth.Node("aa".repeat(20), "127.0.0.1:6881", figures(base)),
                new DhtHealth.Node("bb".repeat(20), "127.0.0.1:6882", figures(base + 100))),
                figures(base + 1000));
    }

    @Test
    void healthzIsUp() {
        try (TestServer http = TestServer.start(new InMemoryIndex())) {
            HttpResponse<String> r = http.get("/healthz");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ok\n");
            assertThat(http.get("/healthz?verbose=1").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void aDeadWorkerMakesHealthz503AndAPausedCrawlerIsShown() {
        AtomicReference<DhtHealth> now = new AtomicReference<>(twoNodes(0));
        HttpServices services = HttpServices.of(new InMemoryIndex(), TestServer.silentResolver(), now::get,
                new PrometheusRegistry());
        try (TestServer http = TestServer.start(HttpConfig.defaults(), services)) {
            assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
            DhtHealth h = now.get();
            now.set(new DhtHealth(h.nodes(), h.total(), new DhtHealth.Service("disk full: no space", null)));
            assertThat(http.get("/healthz").statusCode()).as("paused is not dead").isEqualTo(200);
            JsonNode service = TestServer.json(http.get("/api/v1/dht/health")).get("service");
            assertThat(service.get("crawlerPaused").asBoolean()).isTrue();
            assertThat(service.get("pausedReason").asString()).isEqualTo("disk full: no space");
            assertThat(http.get("/health").body()).contains("Crawler paused: disk full: no space");

            now.set(new DhtHealth(h.nodes(), h.total(), new DhtHealth.Service(null, "the crawler thread died: boom")));
            HttpResponse<String> r = http.get("/healthz");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("the crawler thread died: boom");
            assertThat(http.get("/health").body()).contains("A worker died");
        }
    }

    @Test
    void dhtHealthHasTheDesignsFieldsPerNodeAndInTotal() {
        VirtualClock clock = new VirtualClock();
        AtomicReference<DhtHealth> now = new AtomicReference<>(twoNodes(0));
        InMemoryIndex index = new InMemoryIndex();
        index.pending(42);
        HttpServices services = HttpServices.of(index, TestServer.silentResolver(), now::get, new PrometheusRegistry())
                .withClocks(clock, InstantSource.fixed(Instant.parse("2024-01-01T00:00:00Z")));
        try (TestServer http = TestServer.start(HttpConfig.defaults(), services)) {
            JsonNode h = TestServer.json(http.get("/api/v1/dht/health"));
            assertThat(h.get("nodeCount").asInt()).isEqualTo(2);
            assertFigures(h.get("total"), 1000);
            assertThat(h.get("nodes").size()).isEqualTo(2);
            assertThat(h.get("nodes").get(0).get("id").asString()).isEqualTo("aa".repeat(20));
            assertThat(h.get("nodes").get(0).get("address").asString()).isEqualTo("127.0.0.1:6881");
            assertFigures(h.get("nodes").get(0), 0);
            assertFigures(h.get("nodes").get(1), 100);
            assertThat(h.get("index").get("torrents").asLong()).isZero();
            assertThat(h.get("index").get("pending").asLong()).isEqualTo(42);
            assertThat(h.get("rates").get("windowSeconds").asDouble()).isZero();

            // ten seconds later every total counter went up by 50: 5 per second
            clock.advance(Duration.ofSeconds(10));
            now.set(twoNodes(50));
            JsonNode later = TestServer.json(http.get("/api/v1/dht/health")).get("rates");
            assertThat(later.get("windowSeconds").asDouble()).isEqualTo(10.0);
            for (String rate : List.of("queriesInPerSecond", "queriesOutPerSecond", "responsesPerSecond",
                    "timeoutsPerSecond", "errorsPerSecond", "harvestedPerSecond", "resolvedPerSecond", "failedPerSecond")) {
                assertThat(later.get(rate).asDouble()).as(rate).isCloseTo(5.0, within(1e-9));
            }
            assertThat(http.get("/api/v1/dht/health?node=1").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void dhtHealthCarriesTheSizeEstimateAndTheLastHour() {
        VirtualClock clock = new VirtualClock();
        double[] gauge = {3, Double.NaN, 5};
        int[] i = {0};
        HealthHistory history = new HealthHistory(clock, Duration.ofSeconds(15), Duration.ofHours(1), List.of(
                new HealthHistory.Series("connectionsOpen", "Peer connections open", HealthHistory.Kind.GAUGE,
                        () -> gauge[i[0]++]),
                new HealthHistory.Series("harvestedPerHour", "Hashes harvested per hour",
                        HealthHistory.Kind.RATE_PER_HOUR, () -> 10.0 * i[0])));
        for (int k = 0; k < 3; k++) {
            history.sampleIfDue();
            clock.advance(Duration.ofSeconds(15));
        }
        DhtHealth base = twoNodes(0);
        DhtHealth health = new DhtHealth(base.nodes(), base.total(), 23_456, history.snapshot());
        HttpServices services = HttpServices.of(new InMemoryIndex(), TestServer.silentResolver(), () -> health,
                new PrometheusRegistry());
        try (TestServer http = TestServer.start(HttpConfig.defaults(), services)) {
            JsonNode h = TestServer.json(http.get("/api/v1/dht/health"));
            assertThat(h.get("networkSizeEstimate").asLong()).isEqualTo(23_456);
            JsonNode hist = h.get("history");
            assertThat(hist.get("intervalSeconds").asDouble()).isEqualTo(15.0);
            assertThat(hist.get("windowSeconds").asDouble()).isEqualTo(3600.0);
            assertThat(hist.get("secondsAgo").toString()).isEqualTo("[45.0,30.0,15.0]");
            JsonNode gaugeLine = hist.get("series").get(0);
            assertThat(gaugeLine.get("name").asString()).isEqualTo("connectionsOpen");
            assertThat(gaugeLine.get("kind").asString()).isEqualTo("gauge");
            assertThat(gaugeLine.get("values").toString()).isEqualTo("[3.0,null,5.0]");
            JsonNode rate = hist.get("series").get(1);
            assertThat(rate.get("kind").asString()).isEqualTo("ratePerHour");
            // +10 every 15 s is 2,400 an hour; the first sample has no rate yet
            assertThat(rate.get("values").toString()).isEqualTo("[null,2400.0,2400.0]");
        }
    }

    private static void assertFigures(JsonNode f, long base) {
        assertThat(f.get("routingTableSize").asLong()).isEqualTo(base + 1);
        assertThat(f.get("queriesIn").asLong()).isEqualTo(base + 2);
        assertThat(f.get("queriesOut").asLong()).isEqualTo(base + 3);
        assertThat(f.get("responses").asLong()).isEqualTo(base + 4);
        assertThat(f.get("timeouts").asLong()).isEqualTo(base + 5);
        assertThat(f.get("errors").asLong()).isEqualTo(base + 6);
        assertThat(f.get("infoHashesHarvested").asLong()).isEqualTo(base + 7);
        assertThat(f.get("metadataResolved").asLong()).isEqualTo(base + 8);
        assertThat(f.get("metadataFailed").asLong()).isEqualTo(base + 9);
        JsonNode l = f.get("lookupLatencyMs");
        assertThat(l.get("count").asLong()).isEqualTo(base + 10);
        assertThat(l.get("p50").asDouble()).isEqualTo(11.5);
        assertThat(l.get("p90").asDouble()).isEqualTo(22.25);
        assertThat(l.get("p99").asDouble()).isEqualTo(33.125);
        assertThat(l.get("max").asDouble()).isEqualTo(44.0);
    }

    @Test
    void metricsParseAsPrometheusTextAndCountRequests() {
        try (TestServer http = TestServer.start(new InMemoryIndex())) {
            PrometheusRegistry registry = http.registry;
            Histogram h = Histogram.builder().name("test_latency_seconds").help("a histogram").register(registry);
            h.observe(0.02);
            Gauge g = Gauge.builder().name("test_hostile_labels").help("labels that need escaping")
                    .labelNames("name").register(registry);
            g.labelValues("quote \" backslash \\ newline \n end").set(1.5);

            http.get("/healthz");
            http.get("/api/v1/search?q=x&limit=0");
            http.get("/no/such/page");
            HttpResponse<String> r = http.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/plain").contains("version=0.0.4"));

            Map<String, PrometheusText.Family> families = PrometheusText.parse(r.body());
            PrometheusText.Family requests = families.get("lodestone_http_requests_total");
            assertThat(requests.type()).isEqualTo("counter");
            assertThat(requests.samples()).anySatisfy(s -> {
                assertThat(s.name()).isEqualTo("lodestone_http_requests_total");
                assertThat(s.labels()).isEqualTo(Map.of("route", "/healthz", "status", "200"));
                assertThat(s.value()).isEqualTo(1.0);
            });
            assertThat(requests.samples()).anySatisfy(s ->
                    assertThat(s.labels()).isEqualTo(Map.of("route", "/api/v1/search", "status", "400")));
            assertThat(requests.samples()).anySatisfy(s ->
                    assertThat(s.labels()).isEqualTo(Map.of("route", "unmatched", "status", "404")));
            assertThat(families.get("test_latency_seconds").type()).isEqualTo("histogram");
            assertThat(families.get("test_latency_seconds").samples()).anySatisfy(
                    s -> assertThat(s.name()).isEqualTo("test_latency_seconds_count"));
            assertThat(families.get("test_hostile_labels").samples().get(0).labels().get("name"))
                    .isEqualTo("quote \" backslash \\ newline \n end");
            assertThat(http.get("/metrics?name[]=x").statusCode()).isEqualTo(400);
        }
    }
}
