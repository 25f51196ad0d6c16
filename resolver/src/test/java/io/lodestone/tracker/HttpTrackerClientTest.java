package io.lodestone.tracker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lodestone.types.InfoHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.lodestone.tracker.Wire.bytes;
import static io.lodestone.tracker.Wire.hex;
import static io.lodestone.tracker.Wire.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP client against a JDK HttpServer on loopback: requests as sent, redirects, limits, timeouts. */
@Timeout(30)
class HttpTrackerClientTest {

    private static final byte[] OK_BODY = bytes("d8:intervali1800e5:peers", str(hex("7f000001 1ae1")), "e");

    private final Map<String, HttpExchange> seen = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private String base;
    private HttpTrackerClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        client = new HttpTrackerClient(TrackerConfig.defaults().withAllowPrivate(true)
                .withHttpTimeouts(Duration.ofSeconds(2), Duration.ofMillis(1500)));
        server.createContext("/announce", x -> reply(x, 200, OK_BODY));
        server.createContext("/scrape", x -> reply(x, 200, bytes("d5:filesd", str(Wire.HASH.bytes()),
                "d8:completei1e10:downloadedi2e10:incompletei3eeee")));
        server.createContext("/r1", x -> redirect(x, 302, "/r2"));
        server.createContext("/r2", x -> redirect(x, 301, base + "/announce?from=r2"));
        server.createContext("/to-localhost", x -> redirect(x, 302, "http://localhost:"
                + server.getAddress().getPort() + "/announce"));
        server.createContext("/to-ftp", x -> redirect(x, 307, "ftp://127.0.0.1/announce"));
        server.createContext("/no-location", x -> reply(x, 302, new byte[0]));
        server.createContext("/refused", x -> reply(x, 403, bytes("d14:failure reason12:unregisterede")));
        server.createContext("/broken", x -> reply(x, 500, bytes("<html>oops</html>")));
        server.createContext("/big", x -> reply(x, 200, new byte[TrackerConfig.DEFAULT_MAX_RESPONSE_BYTES + 1]));
        server.createContext("/big-chunked", x -> {
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 80; i++) {
                    out.write(new byte[16 * 1024]);
                }
            } catch (IOException e) {
                // the client hung up once it had enough: expected
            }
        });
        server.createContext("/stall", x -> {
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes("d8:interval"));
                out.flush();
                release.await(10, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // the client gave up: expected
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        server.stop(0);
    }

    private void reply(HttpExchange x, int status, byte[] body) throws IOException {
        seen.put(x.getRequestURI().getPath(), x);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(HttpExchange x, int status, String location) throws IOException {
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    private static AnnounceRequest request() {
        return Wire.request(AnnounceRequest.Event.STARTED, 50, 0xABCL);
    }

    @Test
    void announceSendsTheCodecsUrlByteForByte() {
        AnnounceResponse r = client.announce(base + "/announce?pk=s3cr3t", request());
        assertThat(r.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 6881));
        HttpExchange x = seen.get("/announce");
        assertThat(x.getRequestURI().getRawQuery())
                .isEqualTo(HttpTrackerCodec.announceUri(base + "/announce?pk=s3cr3t", request()).getRawQuery())
                .startsWith("pk=s3cr3t&info_hash=" + Wire.HASH_ENCODED + "&peer_id=" + Wire.PEER_ID_ENCODED);
        assertThat(x.getRequestMethod()).isEqualTo("GET");
        assertThat(x.getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(x.getRequestHeaders().getFirst("User-Agent")).isEqualTo(TrackerConfig.DEFAULT_USER_AGENT);
    }

    @Test
    void theHttpClientIsBuiltAtTheFirstRequestAndAClosedClientRefusesRequests() {
        assertThat(client.httpClientBuilt()).isFalse();
        client.announce(base + "/announce", request());
        assertThat(client.httpClientBuilt()).isTrue();
        client.close();
        assertThatThrownBy(() -> client.announce(base + "/announce", request()))
                .isInstanceOfSatisfying(TrackerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TrackerException.Kind.TRANSPORT);
                    assertThat(e.getMessage()).contains("closed");
                });
        try (HttpTrackerClient unused = new HttpTrackerClient(TrackerConfig.defaults())) {
            assertThat(unused.httpClientBuilt()).isFalse(); // closing one never used builds nothing
        }
    }

    @Test
    void scrapeUsesTheBep48Url() {
        Map<InfoHash, ScrapeStats> s = client.scrape(base + "/announce", List.of(Wire.HASH));
        assertThat(s).containsExactly(Map.entry(Wire.HASH, new ScrapeStats(1, 2, 3)));
        assertThat(seen.get("/scrape").getRequestURI().getRawQuery()).isEqualTo("info_hash=" + Wire.HASH_ENCODED);
    }

    @Test
    void redirectsAreFollowedUpToTheLimit() {
        assertThat(client.announce(base + "/r1", request()).interval()).isEqualTo(1800);
        assertThat(seen.get("/announce").getRequestURI().getRawQuery()).isEqualTo("from=r2");

        try (HttpTrackerClient strict = new HttpTrackerClient(TrackerConfig.defaults().withAllowPrivate(true).withLimits(1, 1 << 20, 100))) {
            transport(() -> strict.announce(base + "/r1", request()), "tracker: more than 1 redirects");
        }
    }

    @Test
    void redirectsMustStayHttpAndNeverDowngrade() {
        transport(() -> client.announce(base + "/to-ftp", request()),
                "tracker: redirect to a non-http(s) URL 'ftp://127.0.0.1/announce'");
        transport(() -> client.announce(base + "/no-location", request()), "tracker: HTTP 302 without a Location");
        transport(() -> HttpTrackerClient.redirectTarget(URI.create("https://t.example/a"), "http://t.example/a"),
                "tracker: redirect from https down to http");
        assertThat(HttpTrackerClient.redirectTarget(URI.create("http://t.example/a/b?x"), "../c?y"))
                .isEqualTo(URI.create("http://t.example/c?y"));
        assertThat(HttpTrackerClient.redirectTarget(URI.create("http://t.example/a"), "https://u.example/b"))
                .isEqualTo(URI.create("https://u.example/b"));
    }

    @Test
    void aRedirectToAPrivateAddressIsRefusedBeforeAnyConnection() throws UnknownHostException {
        InetAddress documentation = InetAddress.getByName("198.51.100.7"); // public as far as the check goes
        TrackerHosts hosts = new TrackerHosts(false, h -> h.equals("127.0.0.1") ? new InetAddress[] {documentation}
                : new InetAddress[] {InetAddress.getByName("127.0.0.1")});
        try (HttpTrackerClient guarded = new HttpTrackerClient(TrackerConfig.defaults(), hosts)) {
            assertThatThrownBy(() -> guarded.announce(base + "/to-localhost", request()))
                    .isInstanceOfSatisfying(TrackerException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TrackerException.Kind.BAD_URL);
                        assertThat(e.getMessage()).contains("'localhost'", "refused without --allow-private");
                    });
        }
        assertThat(seen).doesNotContainKey("/announce");
        try (HttpTrackerClient plain = new HttpTrackerClient(TrackerConfig.defaults())) {
            assertThatThrownBy(() -> plain.announce(base + "/announce", request())).isInstanceOf(TrackerException.class)
                    .hasMessageContaining("'127.0.0.1' is a loopback, private or link-local address");
        }
        assertThat(seen).doesNotContainKey("/announce");
    }

    @Test
    void errorStatusWithAFailureReasonIsARefusal() {
        assertThatThrownBy(() -> client.announce(base + "/refused", request()))
                .isInstanceOfSatisfying(TrackerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TrackerException.Kind.REFUSED);
                    assertThat(e.getMessage()).isEqualTo("tracker: failure reason: unregistered");
                });
        transport(() -> client.announce(base + "/broken", request()), "tracker: HTTP status 500");
    }

    @Test
    void bodiesOverTheLimitAreRefusedWithOrWithoutContentLength() {
        for (String path : List.of("/big", "/big-chunked")) {
            assertThatThrownBy(() -> client.announce(base + path, request())).as(path)
                    .isInstanceOfSatisfying(TrackerException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TrackerException.Kind.MALFORMED);
                        assertThat(e.getMessage()).isEqualTo("tracker: response larger than 1048576 bytes");
                    });
        }
    }

    @Test
    void aStalledBodyTimesOut() {
        long start = System.nanoTime();
        transport(() -> client.announce(base + "/stall", request()), "tracker: no answer within 1500 ms");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_400L, 6_000L);
    }

    @Test
    void nobodyListening() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        transport(() -> client.announce("http://127.0.0.1:" + port + "/announce", request()), "tracker: cannot connect");
    }

    @Test
    void onlyHttpUrls() {
        assertThatThrownBy(() -> client.announce("udp://127.0.0.1:1/announce", request()))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.BAD_URL));
    }

    private static void transport(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(TrackerException.class, e -> {
            assertThat(e.kind()).isEqualTo(TrackerException.Kind.TRANSPORT);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
