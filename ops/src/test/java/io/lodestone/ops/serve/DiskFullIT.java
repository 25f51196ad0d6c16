package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The data directory on a small tmpfs that the test mounts in a private mount namespace, filled
 * to the last byte while {@code serve} crawls a loopback testnet: the crawler pauses and says so
 * on the health page and in the health JSON, searches still answer, and {@code /healthz} stays
 * 200. Once the filler is removed the crawl resumes by itself and every torrent resolved in the
 * meantime is indexed. After a clean stop, a copy of the data directory opens with the search
 * index agreeing with LMDB, every stored info dict parsing. Needs root (CI runs as root).
 */
@Timeout(300)
class DiskFullIT {

    static final int TORRENTS = 60;
    static final String TMPFS_SIZE = "48m";
    /** Filled once this many are indexed, while the rest are still being crawled. */
    static final int FILL_AFTER = 3;
    static final Duration DEADLINE = Duration.ofMinutes(2);
    /** How long the disk stays full once the crawler has paused. */
    static final Duration FULL_FOR = Duration.ofSeconds(15);

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aFullDiskPausesTheCrawlAndSpaceAgainResumesIt(@TempDir Path tmp) throws Exception {
        requireMountNamespaces();
        Libtorrent lt = Libtorrent.require();
        try (Testnet net = lt.startTestnet(TestnetOptions.defaults()
                .withNodes(24).withTorrents(TORRENTS).withSeeders(6)
                .withFormats("v1", "hybrid").withLayouts("single", "multi")
                .withSizes("20K").withPieceSizes("16K").withDuration(Duration.ofMinutes(6)))) {
            String bootstrap = net.bootstrap().stream()
                    .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).collect(Collectors.joining(","));
            Path data = Files.createDirectories(tmp.resolve("data"));
            Path copy = tmp.resolve("copy");
            // two resolutions at a time: the crawl takes long enough that the disk fills in its middle
            Path config = Files.writeString(tmp.resolve("serve.yaml"), "crawler:\n  resolve-concurrency: 2\n"
                    // the test searches for every torrent each round: above the per-client search limit
                    + "http:\n  search-per-minute: 1000000\n  search-burst: 1000000\n");
            int port = ServeProcess.freePort();
            Path root = Path.of(System.getProperty("lodestone.root", "..")).toAbsolutePath().normalize();
            // mount, serve (not exec'd: the copy runs after it stops), then copy the data out of the namespace
            String script = "mount -t tmpfs -o size=" + TMPFS_SIZE + " lodestone-test \"$1\" || exit 97; "
                    + "\"$2\" serve --config " + config + " --data-dir \"$1\" --http 127.0.0.1:" + port + " --dht-bind 127.0.0.1 --dht-port 0"
                    + " --nodes 4 --bootstrap " + bootstrap + " --allow-private; s=$?; cp -a \"$1\" \"$3\"; exit $s";
            Process ns = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh",
                    data.toString(), root.resolve("lodestone").toString(), copy.toString())
                    .redirectErrorStream(true).redirectOutput(Path.of("target", "DiskFullIT-serve.log").toFile()).start();
            try {
                ServeProcess.awaitHealthy(port, ns);
                awaitMetric(port, "lodestone_index_torrents", FILL_AFTER, ns);

                // the search index trails LMDB by a refresh: fill the disk only once some are searchable
                List<TestnetManifest.Torrent> searchable = awaitSearchable(port, net.torrents(), ns);
                inNamespace(ns, "dd if=/dev/zero of=\"$1/filler\" bs=64k 2>/dev/null; sync; true", data);
                long filledAt = System.nanoTime();
                JsonNode health = awaitPaused(port, true);
                System.out.printf("paused %.1f s after the disk filled: %s%n", (System.nanoTime() - filledAt) / 1e9,
                        health.get("service"));
                String page = text(port, "/health");
                assertThat(page).contains("Crawler paused").contains("disk full");
                assertThat(get(port, "/healthz").statusCode()).as("paused is not dead").isEqualTo(200);
                long indexedAtPause = metric(port, "lodestone_index_torrents");
                long resolvedAtPause = metric(port, "lodestone_crawler_resolved_total");
                long attemptsAtPause = metric(port, "lodestone_crawler_resolve_attempts_total");

                // reads go on while the disk is full: lookups, and searches find what they found before
                // (what reached LMDB just before the disk filled may wait for space to become searchable)
                List<String> indexed = indexedKeys(port, net.torrents());
                assertThat(indexed).hasSizeGreaterThanOrEqualTo((int) indexedAtPause);
                assertThat(searchable).isNotEmpty();
                for (TestnetManifest.Torrent t : searchable) {
                    assertThat(searchFinds(port, t.name().split(" ")[0], key(t))).as("search %s", t.name()).isTrue();
                }
                System.out.printf("while full: %d torrents answer by hash, %d searchable by name%n", indexed.size(),
                        searchable.size());
                Thread.sleep(FULL_FOR.toMillis());
                assertThat(awaitPaused(port, true)).as("still paused while the disk is full").isNotNull();
                assertThat(metric(port, "lodestone_crawler_resolve_attempts_total")).as("no resolution starts")
                        .isLessThanOrEqualTo(attemptsAtPause + 2);
                long resolvedWhileFull = metric(port, "lodestone_crawler_resolved_total");

                inNamespace(ns, "rm -f \"$1/filler\"", data);
                long freedAt = System.nanoTime();
                awaitPaused(port, false);
                System.out.printf("resumed %.1f s after space returned%n", (System.nanoTime() - freedAt) / 1e9);
                awaitMetric(port, "lodestone_index_torrents", resolvedWhileFull, ns);
                long indexedAfter = metric(port, "lodestone_index_torrents");
                System.out.printf("indexed at pause %d; resolved by then %d, by the end of the full disk %d"
                        + " (%d resolved but not stored when the disk filled or after); indexed after space returned %d%n", indexedAtPause,
                        resolvedAtPause, resolvedWhileFull, resolvedWhileFull - indexedAtPause, indexedAfter);
                assertThat(indexedAfter).as("every torrent resolved meanwhile is indexed")
                        .isGreaterThanOrEqualTo(resolvedWhileFull);
                awaitMetric(port, "lodestone_index_torrents", TORRENTS, ns); // and the crawl goes on to the end

                ProcessHandle serve = ns.descendants().filter(h -> h.info().command().orElse("").endsWith("java"))
                        .findFirst().orElseThrow();
                serve.destroy(); // SIGTERM
                assertThat(ns.waitFor(90, TimeUnit.SECONDS)).isTrue();
                assertThat(ns.exitValue()).as("serve's exit status").isZero();
            } finally {
                ns.descendants().forEach(ProcessHandle::destroyForcibly);
                ns.destroyForcibly();
            }

            // nothing corrupt: LMDB opens, every info dict parses, the search index agrees with it
            try (IndexService index = IndexService.open(copy, IndexConfig.defaults())) {
                assertThat(index.awaitSearchable(Duration.ofSeconds(60))).isTrue();
                long n = index.torrentCount();
                assertThat(index.searchableDocuments()).isEqualTo(n);
                int checked = 0;
                for (TestnetManifest.Torrent t : net.torrents()) {
                    if (index.get(InfoHash.fromHex(key(t))).isPresent()) {
                        checked++;
                    }
                }
                System.out.println("after the stop: " + n + " torrents in the copy, " + checked + " of the testnet's");
                assertThat(checked).isEqualTo(n);
            }
        }
    }

    /** Root and mount namespaces are needed: in CI their absence fails the test, elsewhere it is skipped. */
    private static void requireMountNamespaces() throws Exception {
        String why = null;
        try {
            Process p = new ProcessBuilder("unshare", "-m", "true").redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                why = "unshare -m failed (not root?)";
            }
        } catch (IOException e) {
            why = "no unshare: " + e.getMessage();
        }
        if (why == null) {
            return;
        }
        String ci = System.getenv(Libtorrent.CI_ENV);
        if (ci != null && !ci.isEmpty()) {
            throw new AssertionError(why + " (CI is set: this test must run)");
        }
        Assumptions.abort(why);
    }

    /** Runs {@code sh -c command} in the mount namespace of {@code ns}, with $1 the data directory. */
    private static void inNamespace(Process ns, String command, Path data) throws Exception {
        Process p = new ProcessBuilder("nsenter", "-t", Long.toString(ns.pid()), "-m", "--", "sh", "-c", command,
                "sh", data.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    private JsonNode awaitPaused(int port, boolean paused) throws Exception {
        long start = System.nanoTime();
        JsonNode h = null;
        while (System.nanoTime() - start < DEADLINE.toNanos()) {
            h = json.readTree(get(port, "/api/v1/dht/health").body());
            if (h.get("service").get("crawlerPaused").asBoolean() == paused) {
                return h;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("crawlerPaused never became " + paused + ": " + (h == null ? null : h.get("service")));
    }

    private void awaitMetric(int port, String name, long atLeast, Process p) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < DEADLINE.toNanos()) {
            assertThat(p.isAlive()).isTrue();
            if (metric(port, name) >= atLeast) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " stayed below " + atLeast + ": " + metric(port, name));
    }

    private List<String> indexedKeys(int port, List<TestnetManifest.Torrent> torrents) throws Exception {
        List<String> out = new ArrayList<>();
        for (TestnetManifest.Torrent t : torrents) {
            if (get(port, "/api/v1/torrents/" + key(t)).statusCode() == 200) {
                out.add(key(t));
            }
        }
        return out;
    }

    private List<TestnetManifest.Torrent> awaitSearchable(int port, List<TestnetManifest.Torrent> torrents, Process p)
            throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < DEADLINE.toNanos()) {
            assertThat(p.isAlive()).isTrue();
            List<TestnetManifest.Torrent> found = searchable(port, torrents);
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("nothing became searchable though " + metric(port, "lodestone_index_torrents")
                + " are indexed");
    }

    private List<TestnetManifest.Torrent> searchable(int port, List<TestnetManifest.Torrent> torrents)
            throws Exception {
        List<TestnetManifest.Torrent> out = new ArrayList<>();
        for (TestnetManifest.Torrent t : torrents) {
            if (searchFinds(port, t.name().split(" ")[0], key(t))) {
                out.add(t);
            }
        }
        return out;
    }

    private boolean searchFinds(int port, String q, String key) throws Exception {
        HttpResponse<byte[]> r = get(port, "/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("search answers").isEqualTo(200);
        List<String> keys = new ArrayList<>();
        json.readTree(r.body()).get("results").forEach(h -> keys.add(h.get("infoHash").asString()));
        return keys.contains(key);
    }

    private long metric(int port, String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+]+)$").matcher(text(port, "/metrics"));
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    private String text(int port, String path) throws Exception {
        return new String(get(port, path).body(), StandardCharsets.UTF_8);
    }

    private static HttpResponse<byte[]> get(int port, String path) throws IOException, InterruptedException {
        return ServeProcess.get(port, path);
    }

    private static String key(TestnetManifest.Torrent t) {
        return t.infoHashV1() != null ? t.infoHashV1() : t.infoHashV2().substring(0, 40);
    }
}
