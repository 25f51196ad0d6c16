package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.SearchQuery;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * kill -9 of {@code lodestone serve} in the middle of a crawl, then a restart on the same data:
 * what was indexed is still there unchanged, the pending hashes are taken up again, and the
 * search index agrees with LMDB.
 */
class ServeRestartIT {

    static final int LIBTORRENT_NODES = 20;
    static final int TORRENTS = 40;
    /** Killed once at least this many are indexed, while the rest are still being crawled. */
    static final int KILL_AFTER = 5;
    static final Duration DEADLINE = Duration.ofMinutes(4);
    /** How long the search index may take to catch up with LMDB after a restart. */
    static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void killNineKeepsWhatWasIndexedAndPicksUpThePending(@TempDir Path data) throws Exception {
        Libtorrent lt = Libtorrent.require();
        try (Testnet net = lt.startTestnet(TestnetOptions.defaults()
                .withNodes(LIBTORRENT_NODES).withTorrents(TORRENTS).withSeeders(5)
                .withFormats("v1", "v2", "hybrid").withLayouts("single", "multi")
                .withSizes("20K", "50K").withPieceSizes("16K").withDuration(Duration.ofMinutes(10)))) {
            String bootstrap = net.bootstrap().stream()
                    .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).collect(Collectors.joining(","));

            int port = freePort();
            Process first = serve(data, port, bootstrap);
            Map<String, String> before;
            try {
                awaitIndexed(port, KILL_AFTER, first);
                before = indexed(port, net.torrents());
                // SIGKILL: no shutdown hook, no flush, no LMDB close
                first.destroyForcibly();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                first.destroyForcibly();
            }
            System.out.println("indexed at kill -9: " + before.size() + " of " + TORRENTS);
            assertThat(before).hasSizeGreaterThanOrEqualTo(KILL_AFTER);

            port = freePort();
            Process second = serve(data, port, bootstrap);
            try {
                ServeProcess.awaitHealthy(port, second);
                // everything indexed before is there, with the resolve time it had, and searchable
                for (Map.Entry<String, String> e : before.entrySet()) {
                    JsonNode t = torrent(port, e.getKey());
                    assertThat(t).as("indexed before the kill: %s", e.getKey()).isNotNull();
                    assertThat(t.get("resolvedAt").asString()).isEqualTo(e.getValue());
                }
                // the search index catches up with LMDB by itself after the kill (what it had not committed)
                for (Map.Entry<String, String> e : before.entrySet()) {
                    String word = torrent(port, e.getKey()).get("name").asString().split(" ")[0];
                    long since = System.nanoTime();
                    while (!searchFinds(port, word, e.getKey()) && System.nanoTime() - since < CATCH_UP.toNanos()) {
                        Thread.sleep(200);
                    }
                    assertThat(searchFinds(port, word, e.getKey())).as("searchable again: %s", e.getKey()).isTrue();
                }
                long restored = metric(port, "lodestone_crawler_restored_total");
                System.out.println("pending hashes restored at restart: " + restored);
                assertThat(restored).as("pending hashes taken up again").isPositive();
                long start = System.nanoTime();
                while (indexed(port, net.torrents()).size() < TORRENTS && System.nanoTime() - start < DEADLINE.toNanos()) {
                    Thread.sleep(1_000);
                }
                assertThat(indexed(port, net.torrents())).hasSize(TORRENTS);
                second.destroy(); // SIGTERM: a clean stop this time
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(second.exitValue()).as("exit status after SIGTERM").isZero();
            } finally {
                second.destroyForcibly();
            }

            // the search index agrees with LMDB, torrent for torrent
            try (IndexService index = IndexService.open(data, IndexConfig.defaults())) {
                assertThat(index.awaitSearchable(Duration.ofSeconds(60))).isTrue();
                assertThat(index.searchableDocuments()).isEqualTo(index.torrentCount()).isEqualTo(TORRENTS);
                for (TestnetManifest.Torrent t : net.torrents()) {
                    InfoHash key = InfoHash.fromHex(key(t));
                    assertThat(index.get(key)).isPresent();
                    var page = index.search(SearchQuery.of(t.name().split(" ")[0]));
                    assertThat(page.results()).extracting(h -> h.infoHash().hex()).contains(key(t));
                }
            }
        }
    }

    private Process serve(Path data, int port, String bootstrap) throws IOException {
        Path root = Path.of(System.getProperty("lodestone.root", "..")).toAbsolutePath().normalize();
        // this test polls search as fast as it likes: no rate limit in its way
        Path config = data.getParent().resolve("unlimited.yaml");
        java.nio.file.Files.writeString(config, "http:\n  search-per-minute: 1000000\n  search-burst: 1000000\n");
        List<String> cmd = List.of(root.resolve("lodestone").toString(), "serve", "--config", config.toString(),
                "--data-dir", data.toString(),
                "--http", "127.0.0.1:" + port, "--dht-bind", "127.0.0.1", "--dht-port", "0", "--nodes", "4",
                "--bootstrap", bootstrap, "--allow-private");
        return new ProcessBuilder(cmd).directory(data.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(data.getParent().resolve("serve-" + port + ".log").toFile())
                .start();
    }

    private void awaitIndexed(int port, int n, Process p) throws Exception {
        ServeProcess.awaitHealthy(port, p);
        long start = System.nanoTime();
        while (System.nanoTime() - start < DEADLINE.toNanos()) {
            if (metric(port, "lodestone_index_torrents") >= n) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + n + " torrents indexed in " + DEADLINE);
    }

    /** Indexed torrents by key, with their resolve times. */
    private Map<String, String> indexed(int port, List<TestnetManifest.Torrent> torrents) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (TestnetManifest.Torrent t : torrents) {
            JsonNode got = torrent(port, key(t));
            if (got != null) {
                out.put(key(t), got.get("resolvedAt").asString());
            }
        }
        return out;
    }

    private JsonNode torrent(int port, String key) throws Exception {
        HttpResponse<byte[]> r = get(port, "/api/v1/torrents/" + key);
        if (r.statusCode() == 404) {
            return null;
        }
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private boolean searchFinds(int port, String q, String key) throws Exception {
        HttpResponse<byte[]> r = get(port, "/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        json.readTree(r.body()).get("results").forEach(h -> keys.add(h.get("infoHash").asString()));
        return keys.contains(key);
    }

    private long metric(int port, String name) throws Exception {
        String text = new String(get(port, "/metrics").body(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+]+)$").matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    private HttpResponse<byte[]> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String key(TestnetManifest.Torrent t) {
        return t.infoHashV1() != null ? t.infoHashV1() : t.infoHashV2().substring(0, 40);
    }
}
