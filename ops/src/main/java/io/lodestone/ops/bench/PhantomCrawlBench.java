package io.lodestone.ops.bench;

import io.lodestone.crawler.CrawlProfile;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.ops.serve.CrawlReading;
import io.lodestone.ops.serve.ServeConfig;
import io.lodestone.ops.serve.ServeRuntime;
import io.lodestone.types.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The crawl under internet conditions, for real: a loopback testnet of libtorrent nodes seeding
 * real torrents, phantom swarms announced into it before {@code serve} starts (peers whose SYNs
 * are dropped, who refuse, stay silent, trickle or lie), and {@code serve} crawling it with a
 * profile. Measures how many real torrents are searchable over time, the connections open (our
 * count and the kernel's), and the dials each phantom address got (counted on the phantom side).
 * Must run inside a private network namespace ({@link PrivateNetwork}).
 */
final class PhantomCrawlBench {

    /** How often the real torrents are searched for. */
    static final Duration POLL = Duration.ofSeconds(5);
    static final double GOAL_SHARE = 0.95;

    /**
     * @param phantoms        phantom swarms
     * @param mix             kinds and weights, e.g. drop=60,refuse=25,silent=15
     * @param noPeerHashes    hashes nobody serves, asked for at the farm
     * @param badNodes        DHT nodes that never answer us, and as many that answer late
     * @param duration        longest run
     * @param stopWhenDone    stop once every real torrent is searchable and {@code minObservation} passed
     * @param minObservation  shortest run when stopping early
     */
    record Options(int phantoms, CrawlProfile profile, String mix, int noPeerHashes, int badNodes, int torrents,
                   int testnetNodes, int farmNodes, Duration duration, boolean stopWhenDone, Duration minObservation,
                   int seed) {
    }

    /** One reading of the curve. */
    record Point(long seconds, int searchable, int connectionsOpen, long resolved, long attempts, long harvested) {
    }

    /**
     * @param phantomsReady what the phantom driver said once announced
     * @param phantomSide   dials counted on the phantom side (sniffed SYNs per address)
     * @param crawl         the health JSON's crawl object at the end
     */
    record Report(Options options, List<Point> curve, int searchable, Double secondsTo95, Double secondsToAll,
                  int connectionCap, int peakConnections, int peakSockets, int socketSamples,
                  int maxDialsPerPhantomAddress, JsonNode phantomsReady, JsonNode phantomSide,
                  Map<String, Object> crawl, double seconds) {
    }

    private PhantomCrawlBench() {
    }

    static Report run(Options o, java.io.PrintWriter progress) throws IOException, InterruptedException {
        if (!PrivateNetwork.inside()) {
            throw new IllegalStateException("the phantom crawl runs inside a private network namespace");
        }
        long testnetSeconds = o.duration().toSeconds() + 600;
        Path data = Files.createTempDirectory("lodestone-crawl-bench-");
        try (LibtorrentTestnet testnet = LibtorrentTestnet.start(List.of("--nodes", Integer.toString(o.testnetNodes()),
                "--torrents", Integer.toString(o.torrents()), "--seeders", "10", "--formats", "v1,v2,hybrid",
                "--layouts", "single,multi", "--sizes", "20K,70K", "--piece-sizes", "16K",
                "--setting", "dht_max_torrents=40000", "--seed", Integer.toString(o.seed()),
                "--ready-timeout", "180", "--duration", Long.toString(testnetSeconds)), 600)) {
            List<InetSocketAddress> nodes = new ArrayList<>();
            for (int i = 0; i < testnet.size(); i++) {
                nodes.add(testnet.node(i));
            }
            progress.printf("testnet: %d libtorrent nodes, %d torrents; announcing %d phantom swarms%n",
                    testnet.size(), testnet.manifest().get("torrents").size(), o.phantoms());
            progress.flush();
            try (PhantomSwarms phantoms = PhantomSwarms.start(nodes, List.of("--swarms", Integer.toString(o.phantoms()),
                    "--mix", o.mix(), "--no-peer-hashes", Integer.toString(o.noPeerHashes()), "--bad-nodes",
                    Integer.toString(o.badNodes()), "--seed", Integer.toString(o.seed()), "--duration",
                    Long.toString(testnetSeconds)), 1200)) {
                progress.println("phantoms: " + phantoms.ready());
                progress.flush();
                return crawl(o, testnet, nodes, phantoms, data, progress);
            }
        } finally {
            deleteTree(data);
        }
    }

    private static Report crawl(Options o, LibtorrentTestnet testnet, List<InetSocketAddress> nodes,
                                PhantomSwarms phantoms, Path data, java.io.PrintWriter progress)
            throws IOException, InterruptedException {
        ServeConfig config = ServeConfig.defaults().withDataDir(data)
                // the bench is the only client and searches every real torrent each round: no rate limit
                .withHttp(ServeConfig.defaults().http().withAddress("127.0.0.1", 0)
                        .withRates(1_000_000, 1_000_000, 1_000_000, 1_000_000))
                .withDht(new ServeConfig.Dht("127.0.0.1", 0, o.farmNodes(), nodes.stream().map(HostPort::of).toList(),
                        true));
        config = config.withCrawler(config.crawler().withProfile(o.profile()));
        List<String[]> wanted = new ArrayList<>();
        for (JsonNode t : testnet.manifest().get("torrents")) {
            String key = t.hasNonNull("infoHashV1") ? t.get("infoHashV1").asString()
                    : t.get("infoHashV2").asString().substring(0, 40);
            wanted.add(new String[] {key, t.get("name").asString().split(" ")[0]});
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Point> curve = new ArrayList<>();
        long start = System.nanoTime();
        Double to95 = null;
        Double toAll = null;
        int searchable = 0;
        try (ServeRuntime serve = ServeRuntime.start(config);
             SocketSampler sockets = new SocketSampler(serve.httpPort())) {
            if (o.noPeerHashes() > 0) {
                phantoms.askFarm(serve.farm().nodes().stream().map(n -> n.address()).toList());
            }
            while (true) {
                Thread.sleep(POLL.toMillis());
                double t = (System.nanoTime() - start) / 1e9;
                if (searchable < wanted.size()) {
                    searchable = countSearchable(http, serve.httpPort(), wanted);
                }
                CrawlReading r = serve.crawlReading();
                long attempts = r.figures().outcomes().values().stream().mapToLong(Long::longValue).sum();
                curve.add(new Point(Math.round(t), searchable, r.connectionsOpen(), r.pipeline().resolved(), attempts,
                        r.pipeline().unique()));
                progress.printf(java.util.Locale.ROOT,
                        "%5.0fs searchable %d/%d  open %d  resolved %d  attempts %d  harvested %d  pending %d%n",
                        t, searchable, wanted.size(), r.connectionsOpen(), r.pipeline().resolved(), attempts,
                        r.pipeline().unique(), r.pipeline().pending());
                progress.flush();
                if (to95 == null && searchable >= Math.ceil(GOAL_SHARE * wanted.size())) {
                    to95 = t;
                }
                if (toAll == null && searchable == wanted.size()) {
                    toAll = t;
                }
                boolean done = o.stopWhenDone() && toAll != null && t >= o.minObservation().toSeconds();
                if (done || t >= o.duration().toSeconds()) {
                    break;
                }
            }
            JsonNode side = phantoms.report().get("report");
            CrawlReading end = serve.crawlReading();
            return new Report(o, curve, searchable, to95, toAll, end.connectionCap(), end.connectionsPeak(),
                    sockets.peak(), sockets.samples(), side.path("maxDialsPerAddress").asInt(), phantoms.ready(), side,
                    crawlJson(end), (System.nanoTime() - start) / 1e9);
        }
    }

    private static Map<String, Object> crawlJson(CrawlReading r) {
        return TorrentJson.MAPPER.convertValue(TorrentJson.MAPPER.valueToTree(Map.of(
                "attempts", r.figures().outcomes(),
                "timeToMetadataMs", r.figures().timeToMetadata(),
                "timeToFailMs", r.figures().timeToFail(),
                "deadPeers", r.deadPeers(),
                "deadPeerSkips", r.deadPeerSkips())), Map.class);
    }

    private static int countSearchable(HttpClient http, int port, List<String[]> wanted) throws InterruptedException {
        int n = 0;
        for (String[] w : wanted) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/api/v1/search?limit=50&q=" + URLEncoder.encode(w[1], StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains(w[0])) {
                    n++;
                }
            } catch (IOException e) {
                // counted as not found this time
            }
        }
        return n;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
