package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.DownloadManager;
import io.lodestone.client.DownloadState;
import io.lodestone.client.DownloadStatus;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The download routes, with a manager and without one. */
class DownloadRoutesTest {

    static final String HASH = "0123456789abcdef0123456789abcdef01234567";

    /** Keeps downloads in a map; refuses URIs that do not start with "magnet:" or a hash. */
    static final class FakeManager implements DownloadManager {
        final Map<String, DownloadStatus> downloads = new ConcurrentHashMap<>();
        final AtomicInteger next = new AtomicInteger();
        volatile int max = Integer.MAX_VALUE;

        @Override
        public String start(String uri) {
            if (!uri.startsWith("magnet:") && !uri.matches("[0-9a-f]{40}")) {
                throw new IllegalArgumentException("not a magnet");
            }
            if (downloads.size() >= max) {
                throw new TooManyDownloadsException(max + " downloads are running already");
            }
            String id = "d" + next.incrementAndGet();
            downloads.put(id, new DownloadStatus(id, DownloadState.DOWNLOADING, 0.25, 1024, 4096, 512, 3, "name", null));
            return id;
        }

        @Override
        public Optional<DownloadStatus> status(String id) {
            return Optional.ofNullable(downloads.get(id));
        }

        @Override
        public Collection<DownloadStatus> all() {
            return downloads.values();
        }

        @Override
        public boolean cancel(String id) {
            return downloads.remove(id) != null;
        }

        @Override
        public void close() {
        }
    }

    private static TestServer start(DownloadManager manager) {
        return TestServer.start(HttpConfig.defaults(), new InMemoryIndex(), TestServer.silentResolver(), DhtHealth::empty,
                manager);
    }

    @Test
    void tooManyDownloadsIs429WithAJsonError() {
        FakeManager m = new FakeManager();
        m.max = 1;
        try (TestServer http = start(m)) {
            assertThat(http.post("/api/v1/downloads", TestServer.uriBody(HASH)).statusCode()).isEqualTo(202);
            HttpResponse<String> refused = http.post("/api/v1/downloads", TestServer.uriBody(HASH));
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(TestServer.json(refused).get("error").asString()).contains("1 downloads are running already");
        }
    }

    @Test
    void startFollowListAndCancel() {
        try (TestServer http = start(new FakeManager())) {
            HttpResponse<String> started = http.post("/api/v1/downloads", TestServer.uriBody(HASH));
            assertThat(started.statusCode()).isEqualTo(202);
            String id = TestServer.json(started).get("id").asString();

            JsonNode s = TestServer.json(http.get("/api/v1/downloads/" + id));
            assertThat(s.get("state").asString()).isEqualTo("downloading");
            assertThat(s.get("progress").asDouble()).isEqualTo(0.25);
            assertThat(s.get("downloadedBytes").asLong()).isEqualTo(1024);
            assertThat(s.get("totalBytes").asLong()).isEqualTo(4096);
            assertThat(s.get("downloadRate").asLong()).isEqualTo(512);
            assertThat(s.get("peers").asInt()).isEqualTo(3);

            assertThat(TestServer.json(http.get("/api/v1/downloads")).get("downloads").size()).isEqualTo(1);
            assertThat(http.delete("/api/v1/downloads/" + id).statusCode()).isEqualTo(204);
            assertThat(http.get("/api/v1/downloads/" + id).statusCode()).isEqualTo(404);
            assertThat(http.delete("/api/v1/downloads/" + id).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void badInputIs400() {
        try (TestServer http = start(new FakeManager())) {
            for (String body : List.of("{}", "nope", "{\"uri\": 1}", TestServer.uriBody("ftp://x"))) {
                HttpResponse<String> r = http.post("/api/v1/downloads", body);
                assertThat(r.statusCode()).as(body).isEqualTo(400);
                assertThat(TestServer.json(r).get("error").asString()).isNotBlank();
            }
            for (String id : List.of("a.b", "x".repeat(65), "%2e%2e", "a%20b")) {
                assertThat(http.get("/api/v1/downloads/" + id).statusCode()).as(id).isEqualTo(400);
                assertThat(http.delete("/api/v1/downloads/" + id).statusCode()).as(id).isEqualTo(400);
            }
            assertThat(http.get("/api/v1/downloads?all=1").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void withoutAManagerEveryRouteIs503AfterValidation() {
        try (TestServer http = start(null)) {
            HttpResponse<String> r = http.post("/api/v1/downloads", TestServer.uriBody(HASH));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(TestServer.json(r).get("error").asString()).contains("not enabled");
            assertThat(http.get("/api/v1/downloads").statusCode()).isEqualTo(503);
            assertThat(http.get("/api/v1/downloads/abc").statusCode()).isEqualTo(503);
            assertThat(http.delete("/api/v1/downloads/abc").statusCode()).isEqualTo(503);
            assertThat(http.get("/api/v1/downloads/a.b").statusCode()).isEqualTo(400);
            assertThat(http.post("/api/v1/downloads", "{}").statusCode()).isEqualTo(400);
        }
    }
}
