package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.types.HostPort;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The main job end to end: {@code serve} on a loopback testnet of libtorrent nodes that announce
 * 100 torrents harvests them, resolves them and makes them searchable over HTTP, without sending
 * any one node more than a public node would put up with.
 */
class ServeCrawlIT {

    static final int LIBTORRENT_NODES = 50;
    static final int TORRENTS = 100;
    static final int FARM_NODES = 8;
    /** The bar: 95% within ten minutes. */
    static final double REQUIRED_SHARE = 0.95;
    static final Duration DEADLINE = Duration.ofMinutes(10);
    /** A public node bans at about 5 packets per second sustained; stay under it. */
    static final double MAX_PACKETS_PER_SECOND = 5.0;
    /** The farm keeps crawling after the last torrent lands; the rate is measured over this much at least. */
    static final Duration MIN_OBSERVATION = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void harvestsResolvesAndServesATestnetsTorrents(@TempDir Path data) throws Exception {
        Libtorrent lt = Libtorrent.require();
        try (Testnet net = lt.startTestnet(TestnetOptions.defaults()
                .withNodes(LIBTORRENT_NODES).withTorrents(TORRENTS).withSeeders(10)
                .withFormats("v1", "v2", "hybrid").withLayouts("single", "multi")
                .withSizes("20K", "70K").withPieceSizes("16K").withDuration(Duration.ofMinutes(15)))) {
            DestinationRates rates = new DestinationRates();
            ServeConfig config = ServeConfig.defaults().withDataDir(data)
                    // this test searches for every torrent every few seconds: no rate limit in its way
                    .withHttp(ServeConfig.defaults().http().withAddress("127.0.0.1", 0)
                            .withRates(100_000, 100_000, 100_000, 100_000))
                    .withDht(new ServeConfig.Dht("127.0.0.1", 0, FARM_NODES,
                            net.bootstrap().stream().map(HostPort::of).toList(), true));
            Set<String> wanted = new HashSet<>();
            for (TestnetManifest.Torrent t : net.torrents()) {
                wanted.add(key(t));
            }
            List<String> timeline = new ArrayList<>();
            try (ServeRuntime serve = ServeRuntime.start(config, rates)) {
                long start = System.nanoTime();
                int searchable = 0;
                while (System.nanoTime() - start < DEADLINE.toNanos()) {
                    Thread.sleep(5_000);
                    if (searchable < TORRENTS) {
                        searchable = countSearchable(serve.httpPort(), net.torrents());
                    }
                    var s = serve.crawler().stats();
                    timeline.add(String.format(Locale.ROOT, "%4ds harvested=%d unique=%d resolved=%d indexed=%d searchable=%d",
                            (System.nanoTime() - start) / 1_000_000_000L, s.harvested(), s.pipeline().unique(),
                            s.pipeline().resolved(), serve.index().torrentCount(), searchable));
                    if (searchable == TORRENTS && System.nanoTime() - start >= MIN_OBSERVATION.toNanos()) {
                        break;
                    }
                }
                timeline.forEach(System.out::println);
                Set<java.net.InetSocketAddress> own = new HashSet<>();
                serve.farm().nodes().forEach(n -> own.add(n.address()));
                DestinationRates.Busiest busiest = rates.busiest(own);
                System.out.printf(Locale.ROOT, "busiest destination %s: %d packets in %d s (%.1f/s) over %d destinations%n",
                        busiest.destination(), busiest.packets(), DestinationRates.WINDOW_SECONDS,
                        busiest.perSecond(), rates.destinations());

                assertThat(searchable).as("torrents searchable by name within %s", DEADLINE)
                        .isGreaterThanOrEqualTo((int) Math.ceil(REQUIRED_SHARE * TORRENTS));
                assertThat(busiest.perSecond()).isLessThan(MAX_PACKETS_PER_SECOND);
                checkEveryIndexedTorrent(serve.httpPort(), net.torrents());
                checkHealthFigures(serve.httpPort(), searchable);
                downloadThroughTheApi(serve.httpPort(), config.downloadDir(), net.torrents().stream()
                        .filter(t -> t.layout().equals("multi") && t.format().equals("hybrid")).findFirst().orElseThrow());
            }
        }
    }

    /** A name word, and a word only its file paths hold, each find it on the first page; the export hashes to it. */
    private void checkEveryIndexedTorrent(int port, List<TestnetManifest.Torrent> torrents) throws Exception {
        java.util.Map<String, Integer> owners = new java.util.HashMap<>();
        for (TestnetManifest.Torrent t : torrents) {
            Set<String> words = words(t.name());
            t.files().forEach(f -> words.addAll(words(f.path())));
            words.forEach(w -> owners.merge(w, 1, Integer::sum));
        }
        int byPathAlone = 0;
        for (TestnetManifest.Torrent t : torrents) {
            HttpResponse<byte[]> got = get(port, "/api/v1/torrents/" + key(t) + "/torrent");
            if (got.statusCode() == 404) {
                continue; // not resolved in time; the share is asserted above
            }
            assertThat(got.statusCode()).isEqualTo(200);
            var meta = MetainfoParser.parseTorrent(got.body());
            if (t.infoHashV1() != null) {
                assertThat(meta.infoHashV1().hex()).isEqualTo(t.infoHashV1());
            }
            if (t.infoHashV2() != null) {
                assertThat(meta.infoHashV2().hex()).isEqualTo(t.infoHashV2());
            }
            String nameWord = t.name().split(" ")[0];
            assertThat(firstPage(port, nameWord)).as("search '%s'", nameWord).contains(key(t));
            // a word of a file path that neither its name nor any other torrent holds
            Set<String> nameWords = words(t.name());
            java.util.Optional<String> pathWord = t.files().stream().flatMap(f -> words(f.path()).stream())
                    .filter(w -> !nameWords.contains(w) && owners.get(w) == 1).findFirst();
            if (pathWord.isPresent()) {
                assertThat(firstPage(port, pathWord.get())).as("search '%s'", pathWord.get()).contains(key(t));
                byPathAlone++;
            }
        }
        System.out.println("found by a file-path word alone: " + byPathAlone);
        // every multi-file torrent of the testnet has such a word; single-file ones have only their name
        assertThat(byPathAlone).isGreaterThan(torrents.size() / 3);
    }

    private static Set<String> words(String text) {
        Set<String> words = new java.util.LinkedHashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /** POST /api/v1/downloads, then GET until complete: the files land verified in the download's own folder. */
    private void downloadThroughTheApi(int port, Path dir, TestnetManifest.Torrent t) throws Exception {
        String body = json.writeValueAsString(java.util.Map.of("uri", t.magnet()));
        HttpResponse<byte[]> posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/downloads"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(posted.statusCode()).as(new String(posted.body(), StandardCharsets.UTF_8)).isEqualTo(202);
        String id = json.readTree(posted.body()).get("id").asString();
        JsonNode status = null;
        long start = System.nanoTime();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() - start < Duration.ofMinutes(2).toNanos()) {
            HttpResponse<byte[]> r = get(port, "/api/v1/downloads/" + id);
            assertThat(r.statusCode()).isEqualTo(200);
            status = json.readTree(r.body());
            seen.add(status.get("state").asString() + " " + status.get("progress").asDouble()
                    + (status.hasNonNull("error") ? " (" + status.get("error").asString() + ")" : ""));
            String state = status.get("state").asString();
            if (state.equals("complete") || state.equals("seeding") || state.equals("failed")) {
                break;
            }
            Thread.sleep(200);
        }
        System.out.println("download states seen: " + seen);
        assertThat(status.get("state").asString()).isIn("complete", "seeding");
        assertThat(status.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(status.get("downloadedBytes").asLong()).isEqualTo(status.get("totalBytes").asLong());
        for (TestnetManifest.FileEntry f : t.files()) {
            Path file = dir.resolve(id).resolve(f.path());
            assertThat(file).exists();
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(file));
            assertThat(java.util.HexFormat.of().formatHex(digest)).as(f.path()).isEqualTo(f.sha256());
        }
    }

    /** The health route shows this farm's live figures, per node and in total. */
    private void checkHealthFigures(int port, int searchable) throws Exception {
        HttpResponse<byte[]> r = get(port, "/api/v1/dht/health");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode h = json.readTree(r.body());
        System.out.println("health: " + h.get("total"));
        assertThat(h.get("nodeCount").asInt()).isEqualTo(FARM_NODES);
        assertThat(h.get("nodes")).hasSize(FARM_NODES);
        JsonNode total = h.get("total");
        assertThat(total.get("metadataResolved").asLong()).isGreaterThanOrEqualTo(searchable);
        assertThat(total.get("infoHashesHarvested").asLong()).isGreaterThanOrEqualTo(searchable);
        assertThat(total.get("queriesOut").asLong()).isPositive();
        assertThat(total.get("responses").asLong()).isPositive();
        assertThat(total.get("lookupLatencyMs").get("count").asLong()).isPositive();
        System.out.println("network size estimate: " + h.get("networkSizeEstimate") + "; history: "
                + h.get("history").get("secondsAgo").size() + " samples");
        assertThat(h.get("networkSizeEstimate").asLong()).as("farm and testnet nodes, by id density").isPositive();
        List<String> series = new java.util.ArrayList<>();
        h.get("history").get("series").forEach(s -> series.add(s.get("name").asString()));
        assertThat(series).contains("harvestedPerHour", "resolvedPerHour", "routingTableSize", "networkSizeEstimate");
        assertThat(h.get("history").get("secondsAgo").size()).isPositive();
        // every node is listed with its figures; on a 50-node testnet the farm's shared per-IP budget
        // is mostly spent on crawl lookups, so one node's table may be empty for a while
        long tables = 0;
        long resolvedByNodes = 0;
        for (JsonNode n : h.get("nodes")) {
            assertThat(n.get("id").asString()).hasSize(40);
            assertThat(n.has("routingTableSize") && n.has("queriesIn") && n.has("infoHashesHarvested")).isTrue();
            tables += n.get("routingTableSize").asLong();
            resolvedByNodes += n.get("metadataResolved").asLong();
        }
        // each resolved hash is credited to the node that heard it first: all were heard by the farm
        assertThat(resolvedByNodes).isPositive().isLessThanOrEqualTo(total.get("metadataResolved").asLong());
        assertThat(tables).isEqualTo(total.get("routingTableSize").asLong()).isPositive();
        assertThat(total.get("queriesIn").asLong()).isPositive();
        assertThat(h.get("index").get("torrents").asLong()).isGreaterThanOrEqualTo(searchable);
    }

    private int countSearchable(int port, List<TestnetManifest.Torrent> torrents) throws Exception {
        int n = 0;
        for (TestnetManifest.Torrent t : torrents) {
            if (firstPage(port, t.name().split(" ")[0]).contains(key(t))) {
                n++;
            }
        }
        return n;
    }

    private List<String> firstPage(int port, String q) throws Exception {
        HttpResponse<byte[]> r = get(port, "/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("search %s", q).isEqualTo(200);
        JsonNode body = json.readTree(r.body());
        List<String> hashes = new ArrayList<>();
        for (JsonNode hit : body.get("results")) {
            hashes.add(hit.get("infoHash").asString());
        }
        return hashes;
    }

    private HttpResponse<byte[]> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The contract's infoHash: v1, or the v2 hash truncated for v2-only torrents. */
    private static String key(TestnetManifest.Torrent t) {
        return t.infoHashV1() != null ? t.infoHashV1() : t.infoHashV2().substring(0, 40);
    }
}
