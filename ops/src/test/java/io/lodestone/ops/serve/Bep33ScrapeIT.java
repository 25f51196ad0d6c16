package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.scrape.ScrapeConfig;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.ops.transfer.MagneticoFixture;
import io.lodestone.types.HostPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * BEP 33 against libtorrent: a testnet whose ten torrents have 1 to 10 seeders (each on its own
 * loopback address, announced as seeds into libtorrent's DHT), crawled by {@code serve}, whose scrape
 * schedule estimates each swarm from the closest libtorrent nodes' bloom filters. Every seeder
 * estimate must be within 20% or 1 of the truth, as shown by the torrent API.
 *
 * <p>Before {@code serve} starts, the same hashes are imported from a magnetico database under
 * other names, without metadata: the crawl must not take them for known, and each gains its info
 * dict (its real name, a .torrent) when resolved.
 */
class Bep33ScrapeIT {
    static final int TORRENTS = 10;
    static final Duration DEADLINE = Duration.ofMinutes(4);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void seederEstimatesOfOneToTenSeedersAreWithinTwentyPercentOrOne(@TempDir Path data) throws Exception {
        Libtorrent lt = Libtorrent.require();
        try (Testnet net = lt.startTestnet(TestnetOptions.defaults()
                .withNodes(20).withTorrents(TORRENTS).withSeeders(10)
                .withFormats("v1").withLayouts("single").withSizes("16K").withPieceSizes("16K")
                .withDuration(Duration.ofMinutes(8))
                .withExtraArgs("--replicas", "1,2,3,4,5,6,7,8,9,10"))) {
            ServeConfig config = ServeConfig.defaults().withDataDir(data)
                    .withHttp(ServeConfig.defaults().http().withAddress("127.0.0.1", 0)
                            .withRates(100_000, 100_000, 100_000, 100_000))
                    .withDht(new ServeConfig.Dht("127.0.0.1", 0, 4,
                            net.bootstrap().stream().map(HostPort::of).toList(), true))
                    // rescrape as often as a generous budget allows: the test waits for one round
                    .withScrape(new ScrapeConfig(true, 200, 400, Duration.ZERO, 4));
            importFromMagnetico(data, net.torrents());
            try (ServeRuntime serve = ServeRuntime.start(config)) {
                long start = System.nanoTime();
                List<int[]> rows = List.of();
                while (System.nanoTime() - start < DEADLINE.toNanos()) {
                    Thread.sleep(3_000);
                    rows = scraped(serve.httpPort(), net.torrents());
                    if (rows.size() == TORRENTS) {
                        // one more round, so every estimate comes from a lookup started after all were indexed
                        Thread.sleep(5_000);
                        rows = scraped(serve.httpPort(), net.torrents());
                        break;
                    }
                }
                System.out.println("seeders: truth -> estimate (peers estimate)");
                for (int[] r : rows) {
                    System.out.printf(Locale.ROOT, "  %2d -> %2d (%d)%n", r[0], r[1], r[2]);
                }
                System.out.println("scrape metrics: " + metrics(serve.httpPort()));
                assertThat(rows).as("torrents indexed and scraped within %s", DEADLINE).hasSize(TORRENTS);
                assertThat(rows.stream().map(r -> r[0]).sorted().toList())
                        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
                for (TestnetManifest.Torrent t : net.torrents()) {
                    JsonNode o = torrent(serve.httpPort(), t);
                    assertThat(o.get("metadata").asBoolean()).as("%s gained its info dict", t.name()).isTrue();
                    assertThat(o.get("name").asString()).isEqualTo(t.name());
                    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.httpPort()
                            + "/api/v1/torrents/" + t.infoHashV1() + "/torrent")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
                }
                for (int[] r : rows) {
                    double allowed = Math.max(1, 0.2 * r[0]);
                    assertThat((double) Math.abs(r[1] - r[0])).as("estimate %d for %d seeders", r[1], r[0])
                            .isLessThanOrEqualTo(allowed);
                }
            }
        }
    }

    /** The testnet's hashes as magnetico would have them, under names of its own. */
    private static void importFromMagnetico(Path data, List<TestnetManifest.Torrent> torrents) throws Exception {
        Path db = data.resolveSibling(data.getFileName() + "-magnetico.sqlite3");
        try (MagneticoFixture m = MagneticoFixture.create(db)) {
            int id = 1;
            for (TestnetManifest.Torrent t : torrents) {
                String name = "magnetico only " + id;
                m.add(id++, java.util.HexFormat.of().parseHex(t.infoHashV1()), name, 1000, 1_600_000_000L,
                        List.of(new MagneticoFixture.File(name, 1000)));
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code = io.lodestone.ops.cli.LodestoneCommand.run(new String[] {"import", "--magnetico", db.toString(),
                "--data-dir", data.toString()}, new java.io.PrintStream(out, true), new java.io.PrintStream(out, true));
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("imported " + torrents.size() + " new torrents");
    }

    private JsonNode torrent(int port, TestnetManifest.Torrent t) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/torrents/" + t.infoHashV1())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body());
    }

    /** {truth, estimated seeders, estimated peers} of every torrent indexed and scraped so far. */
    private List<int[]> scraped(int port, List<TestnetManifest.Torrent> torrents) throws Exception {
        List<int[]> rows = new ArrayList<>();
        for (TestnetManifest.Torrent t : torrents) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/torrents/" + t.infoHashV1())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                continue;
            }
            JsonNode o = json.readTree(r.body());
            if (!o.get("scrapedAt").isNull() && o.get("metadata").asBoolean()) {
                rows.add(new int[] {t.seeders().size(), o.get("seeders").asInt(), o.get("peers").asInt()});
            }
        }
        return rows;
    }

    private String metrics(int port) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return String.join("; ", body.lines().filter(l -> l.startsWith("lodestone_scrape")).toList());
    }
}
