package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.json.TorrentJson;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.resolve.ResolveResult;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /api/v1/resolve: the torrent object, 504 when no metadata in time, 400 for bad bodies. */
class ResolveRouteTest {

    static final String HASH = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path temp;

    /** One server for the tests that only send bad requests. */
    static final TestServer.FakeResolver sharedResolver = new TestServer.FakeResolver();
    static TestServer shared;

    @BeforeAll
    static void startShared() {
        shared = TestServer.start(HttpConfig.defaults(), new InMemoryIndex(), sharedResolver, DhtHealth::empty, null);
    }

    @AfterAll
    static void stopShared() {
        shared.close();
    }

    private TestServer start(TestServer.FakeResolver resolver, HttpConfig config) {
        return TestServer.start(config, new InMemoryIndex(), resolver, DhtHealth::empty, null);
    }

    @Test
    void resolvedMetadataIsTheResolveJsonObject() {
        Metainfo m = Fixtures.create(temp, "résolu", Map.of("d/a.txt", "a", "d/b.txt", "b"), CreateOptions.Format.HYBRID);
        TestServer.FakeResolver resolver = new TestServer.FakeResolver();
        resolver.answer = CompletableFuture.completedFuture(
                new ResolveResult.Resolved(m, new InetSocketAddress("127.0.0.1", 6881), Duration.ofMillis(5)));
        try (TestServer http = start(resolver, HttpConfig.defaults())) {
            HttpResponse<String> r = http.post("/api/v1/resolve", TestServer.uriBody("magnet:?xt=urn:btih:"
                    + m.infoHashV1().hex() + "&dn=x"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(TorrentJson.write(TorrentJson.of(m.summary())));
            assertThat(resolver.asked.get().infoHashV1()).isEqualTo(m.infoHashV1());
        }
    }

    @Test
    void bareHashesAreAccepted() {
        TestServer.FakeResolver resolver = new TestServer.FakeResolver();
        resolver.answer = CompletableFuture.completedFuture(new ResolveResult.NotFound("no peers found", 0));
        try (TestServer http = start(resolver, HttpConfig.defaults())) {
            HttpResponse<String> r = http.post("/api/v1/resolve", TestServer.uriBody(HASH));
            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(TestServer.json(r).get("error").asString()).contains(HASH).contains("no peers found");
            assertThat(resolver.asked.get().infoHashV1().hex()).isEqualTo(HASH);
        }
    }

    @Test
    void aResolverThatNeverAnswersGets504AfterTheTimeout() {
        TestServer.FakeResolver resolver = new TestServer.FakeResolver();
        HttpConfig config = HttpConfig.defaults().withResolveTimeout(Duration.ofMillis(200));
        try (TestServer http = start(resolver, config)) {
            HttpResponse<String> r = http.post("/api/v1/resolve", TestServer.uriBody(HASH));
            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(TestServer.json(r).get("error").asString()).contains("no metadata");
            // the resolver's own future is left alone: it may be shared with other callers
            assertThat(resolver.answer).isNotDone();
        }
    }

    @Test
    void resolvesBeyondTheLimitGet503() throws Exception {
        TestServer.FakeResolver resolver = new TestServer.FakeResolver();
        HttpConfig config = HttpConfig.defaults().withMaxConcurrentResolves(1);
        try (TestServer http = start(resolver, config)) {
            HttpRequest first = HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/resolve"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(TestServer.uriBody(HASH))).build();
            CompletableFuture<HttpResponse<String>> pending = java.net.http.HttpClient.newHttpClient()
                    .sendAsync(first, HttpResponse.BodyHandlers.ofString());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> resolver.asked.get() != null);
            HttpResponse<String> second = http.post("/api/v1/resolve", TestServer.uriBody(HASH));
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(TestServer.json(second).get("error").asString()).contains("already running");
            resolver.answer.complete(new ResolveResult.NotFound("gave up", 0));
            assertThat(pending.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
            // the permit came back
            resolver.answer = CompletableFuture.completedFuture(new ResolveResult.NotFound("again", 0));
            assertThat(http.post("/api/v1/resolve", TestServer.uriBody(HASH)).statusCode()).isEqualTo(504);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "\"magnet:?xt=urn:btih:x\"", "{}", "{\"uri\": 5}", "{\"uri\": null}",
            "{\"uri\": \"\"}", "{\"uri\": \"  \"}", "{\"uri\": \"magnet:?dn=no-hash\"}", "{\"uri\": \"http://example.com/\"}",
            "{\"uri\": \"0123\"}", "{\"uri\": \"" + HASH + "\", \"extra\": 1}", "{\"url\": \"" + HASH + "\"}"})
    void badBodiesAre400(String body) {
        sharedResolver.asked.set(null);
        HttpResponse<String> r = shared.post("/api/v1/resolve", body);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(TestServer.json(r).get("error").asString()).as(body).isNotBlank();
        assertThat(sharedResolver.asked.get()).isNull();
    }

    @Test
    void oversizedBodiesAreRefused() {
        sharedResolver.asked.set(null);
        // refused on the declared length, before any of it is read
        int declared = (int) HttpConfig.DEFAULT_MAX_BODY_BYTES + 1;
        assertThat(shared.rawRequest("POST /api/v1/resolve HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + declared + "\r\nConnection: close\r\n\r\n")).isEqualTo(413);
        // a body of just the limit is read (and is not JSON)
        HttpResponse<String> r = shared.post("/api/v1/resolve", "x".repeat((int) HttpConfig.DEFAULT_MAX_BODY_BYTES));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(sharedResolver.asked.get()).isNull();
    }

    @Test
    void parametersAndWrongMethodsAreRefused() {
        assertThat(shared.post("/api/v1/resolve?timeout=5", TestServer.uriBody(HASH)).statusCode()).isEqualTo(400);
        HttpResponse<String> get = shared.get("/api/v1/resolve");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(TestServer.json(get).get("error").asString()).isNotEmpty();
    }
}
