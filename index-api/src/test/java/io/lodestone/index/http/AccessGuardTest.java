package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.IndexService;
import io.lodestone.index.access.ApiKeyStore;
import io.lodestone.index.access.Scope;
import io.lodestone.index.content.AuditLog;
import io.lodestone.index.content.BlockList;
import io.lodestone.index.content.ContentControl;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.time.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules in front of every route: Host allow-list, same-origin JSON-only writes, API keys by
 * header, query and session cookie, scopes, and rate limits.
 */
class AccessGuardTest {

    @TempDir
    Path temp;
    IndexService index;
    ApiKeyStore keys;
    Metainfo torrent;
    TestServer http;
    TestServer.FakeResolver resolver = new TestServer.FakeResolver();

    @BeforeEach
    void start() throws Exception {
        torrent = Fixtures.create(temp, "Access Guard Sample", Map.of("a.txt", "a"), CreateOptions.Format.V1);
        Path data = Files.createDirectories(temp.resolve("data"));
        index = RealIndex.open(data, List.of(torrent));
        keys = new ApiKeyStore(data);
        http = startServer(HttpConfig.defaults(), data);
    }

    TestServer startServer(HttpConfig config, Path data) throws Exception {
        ContentControl content = new ContentControl(index, index::delete, new BlockList(data, Clock.system()),
                new AuditLog(data));
        return TestServer.start(config, HttpServices.of(index, resolver, DhtHealth::empty, new PrometheusRegistry())
                .withAccess(keys, content));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        index.close();
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b);
    }

    int rawStatus(String request) {
        return http.rawRequest(request);
    }

    @Test
    void aForeignHostIs421AndKnownOnesAreServed() {
        assertThat(rawStatus("GET /healthz HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")).isEqualTo(421);
        assertThat(rawStatus("GET /api/v1/search?q=x HTTP/1.1\r\nHost: rebind.attacker.example:8080\r\nConnection: close\r\n\r\n"))
                .isEqualTo(421);
        assertThat(rawStatus("GET /healthz HTTP/1.1\r\nHost: localhost:8080\r\nConnection: close\r\n\r\n")).isEqualTo(200);
        assertThat(rawStatus("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).isEqualTo(200);
        assertThat(rawStatus("GET /healthz HTTP/1.1\r\nHost: [::1]:80\r\nConnection: close\r\n\r\n")).isEqualTo(200);
        assertThat(rawStatus("GET /healthz HTTP/1.1\r\nHost: bad host\r\nConnection: close\r\n\r\n")).isIn(400, 421);
        // a broken %-escape in a path parameter: the router would fail decoding it, so it is refused first
        assertThat(rawStatus("HEAD /api/v1/torrents/ab%e<x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .isEqualTo(400);
        assertThat(rawStatus("GET /api/v1/downloads/x%z HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .isEqualTo(400);
        // a chunked body cut by a bad chunk size: the client's mistake, not a 500
        assertThat(rawStatus("POST /api/v1/blocks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{\"pat\r\nzz\r\ntern\"}\r\n0\r\n\r\n"))
                .isEqualTo(400);
    }

    @Test
    void configuredPublicNamesAreServed() throws Exception {
        http.close();
        http = startServer(HttpConfig.defaults().withAccess(HttpConfig.Access.defaults()
                .withPublicNames(List.of("index.example.org"))), temp.resolve("data"));
        assertThat(rawStatus("GET /healthz HTTP/1.1\r\nHost: INDEX.example.org.:443\r\nConnection: close\r\n\r\n"))
                .isEqualTo(200);
        assertThat(rawStatus("GET /healthz HTTP/1.1\r\nHost: other.example.org\r\nConnection: close\r\n\r\n"))
                .isEqualTo(421);
    }

    @Test
    void writesRefuseForeignOriginsAndAnythingButJson() {
        String body = TestServer.uriBody(torrent.dhtInfoHash().hex());
        assertThat(send("POST", "/api/v1/resolve", body, "Content-Type", "text/plain").statusCode()).isEqualTo(415);
        assertThat(send("POST", "/api/v1/resolve", body, "Content-Type", "application/x-www-form-urlencoded")
                .statusCode()).isEqualTo(415);
        assertThat(send("POST", "/api/v1/resolve", body).statusCode()).isEqualTo(415);
        assertThat(send("POST", "/api/v1/resolve", body, "Content-Type", "application/json",
                "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/resolve", body, "Content-Type", "application/json",
                "Origin", "null").statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/torrents/" + torrent.dhtInfoHash().hex(), null,
                "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/blocks", "{\"pattern\":\"x\"}", "Content-Type", "application/json",
                "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(resolver.asked.get()).as("no refused request reached the resolver").isNull();
        // no CORS: a preflight gets no permission
        HttpResponse<String> preflight = send("OPTIONS", "/api/v1/resolve", null, "Origin", "http://evil.example",
                "Access-Control-Request-Method", "POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        // same origin, JSON: fine (loopback, no keys yet)
        assertThat(send("POST", "/api/v1/blocks", "{\"pattern\":\"gamma\"}", "Content-Type",
                "application/json; charset=utf-8", "Origin", http.base()).statusCode()).isEqualTo(201);
    }

    @Test
    void onceKeysExistWritesNeedAWriteKeyGivenAnyOfThreeWays() throws Exception {
        String read = keys.create("reader", Scope.READ);
        String write = keys.create("writer", Scope.WRITE);
        String block = "{\"pattern\":\"zeta\"}";
        assertThat(send("POST", "/api/v1/blocks", block, "Content-Type", "application/json").statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = send("POST", "/api/v1/blocks", block, "Content-Type", "application/json",
                "Authorization", "Bearer lsk_notakey");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(send("POST", "/api/v1/blocks", block, "Content-Type", "application/json",
                "Authorization", "Bearer " + read).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/blocks", block, "Content-Type", "application/json",
                "Authorization", "Bearer " + write).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/v1/blocks", "{\"pattern\":\"eta\"}", "Content-Type", "application/json",
                "X-Api-Key", write).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/api/v1/blocks?apikey=" + write, "{\"pattern\":\"theta\"}", "Content-Type",
                "application/json").statusCode()).isEqualTo(201);
        assertThat(send("GET", "/api/v1/blocks?apikey=" + read, null).statusCode()).isEqualTo(403);
        // reads stay open unless configured; apikey= is accepted on every route
        assertThat(http.get("/api/v1/search?q=sample").statusCode()).isEqualTo(200);
        assertThat(http.get("/api/v1/search?q=sample&apikey=" + read).statusCode()).isEqualTo(200);
        // the audit log needs admin
        assertThat(send("GET", "/api/v1/audit", null, "X-Api-Key", write).statusCode()).isEqualTo(403);
        String admin = keys.create("boss", Scope.ADMIN);
        HttpResponse<String> audit = send("GET", "/api/v1/audit", null, "X-Api-Key", admin);
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).contains("\"by\":\"writer\"").contains("block-pattern").contains("theta");
        // revoked: refused at the next request, as another process revoking it would do
        assertThat(new ApiKeyStore(temp.resolve("data")).revoke("writer")).isTrue();
        assertThat(send("POST", "/api/v1/blocks", "{\"pattern\":\"iota\"}", "Content-Type", "application/json",
                "X-Api-Key", write).statusCode()).isEqualTo(401);
    }

    @Test
    void readsCanBeMadeToNeedAKey() throws Exception {
        String read = keys.create("reader", Scope.READ);
        http.close();
        http = startServer(HttpConfig.defaults().withAccess(HttpConfig.Access.defaults().withKeysForRead(true)),
                temp.resolve("data"));
        assertThat(http.get("/api/v1/search?q=sample").statusCode()).isEqualTo(401);
        assertThat(http.get("/").statusCode()).isEqualTo(401);
        assertThat(http.get("/api/v1/search?q=sample&apikey=" + read).statusCode()).isEqualTo(200);
        assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(http.get("/signin").statusCode()).isEqualTo(200);
    }

    @Test
    void aSignedInBrowserActsThroughItsCookieFromItsOwnOrigin() throws Exception {
        String write = keys.create("browser", Scope.WRITE);
        HttpResponse<String> bad = send("POST", "/api/v1/session", "{\"key\":\"lsk_wrong\"}",
                "Content-Type", "application/json", "Origin", http.base());
        assertThat(bad.statusCode()).isEqualTo(401);
        HttpResponse<String> in = send("POST", "/api/v1/session", "{\"key\":\"" + write + "\"}",
                "Content-Type", "application/json", "Origin", http.base());
        assertThat(in.statusCode()).isEqualTo(200);
        String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(write);
        String cookie = setCookie.split(";", 2)[0];
        String hash = torrent.dhtInfoHash().hex();
        // without an Origin a cookie is not enough (not our page's request)
        assertThat(send("DELETE", "/api/v1/torrents/" + hash, null, "Cookie", cookie).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/torrents/" + hash, null, "Cookie", cookie, "Origin", "http://evil.example")
                .statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/torrents/" + hash, null, "Cookie", cookie, "Origin", http.base())
                .statusCode()).isEqualTo(200);
        assertThat(http.get("/api/v1/torrents/" + hash).statusCode()).isEqualTo(404);
        HttpResponse<String> me = send("GET", "/api/v1/session", null, "Cookie", cookie);
        assertThat(me.body()).contains("\"signedIn\":true").contains("browser");
        assertThat(send("DELETE", "/api/v1/session", null, "Cookie", cookie, "Origin", http.base()).statusCode())
                .isEqualTo(204);
        assertThat(send("GET", "/api/v1/session", null, "Cookie", cookie).body()).contains("\"signedIn\":false");
    }

    @Test
    void searchesAndResolvesOverTheRateGet429WithRetryAfter() throws Exception {
        http.close();
        http = startServer(HttpConfig.defaults().withAccess(HttpConfig.Access.defaults()
                .withRates(new HttpConfig.Rate(0.01, 3), new HttpConfig.Rate(0.01, 1))), temp.resolve("data"));
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/v1/search?q=sample").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = http.get("/api/v1/search?q=sample");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(http.get("/?q=sample").statusCode()).as("the page shares the bucket").isEqualTo(429);
        // a key has its own bucket
        String k = keys.create("bulk", Scope.READ);
        assertThat(http.get("/api/v1/search?q=sample&apikey=" + k).statusCode()).isEqualTo(200);
        // other routes are not limited
        assertThat(http.get("/api/v1/torrents/" + torrent.dhtInfoHash().hex()).statusCode()).isEqualTo(200);
    }
}
