package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.content.BlockList;
import io.lodestone.index.content.BlockRule;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.time.Clock;
import io.lodestone.types.HostPort;
import io.lodestone.types.InfoHash;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Content control on a live crawl of a libtorrent testnet: a name word blocked before the crawl
 * starts, then, once the rest is indexed, one torrent blocked by hash and one deleted through the
 * API. The crawl goes on while the testnet keeps announcing all of them: none of the three is
 * indexed again, and the seeder of the blocked hash sees no new peer connection (a metadata fetch
 * needs one), while the crawler is seen hearing of it again.
 *
 * <p>The crawl after the block lasts {@code lodestone.blockCrawlSeconds} (60 in CI; the 2-minute
 * acceptance run sets 120 by hand).
 */
class BlockCrawlIT {

    static final int TORRENTS = 6;
    static final Duration INDEX_DEADLINE = Duration.ofMinutes(4);
    static final Duration CRAWL_AFTER_BLOCK = Duration.ofSeconds(Integer.getInteger("lodestone.blockCrawlSeconds", 60));
    static final Duration ANNOUNCE_EVERY = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final tools.jackson.databind.ObjectMapper json = new tools.jackson.databind.ObjectMapper();

    @Test
    void blockedAndDeletedTorrentsAreNotFetchedOrIndexedAgain(@TempDir Path data) throws Exception {
        Libtorrent lt = Libtorrent.require();
        try (Testnet net = lt.startTestnet(TestnetOptions.defaults().withNodes(20).withTorrents(TORRENTS)
                .withSeeders(TORRENTS).withReplicas(1).withFormats("v1").withLayouts("single")
                .withSizes("20K").withPieceSizes("16K").withDuration(Duration.ofMinutes(12)))) {
            List<TestnetManifest.Torrent> ts = net.torrents();
            TestnetManifest.Torrent byWord = ts.get(0);
            TestnetManifest.Torrent byHash = ts.get(1);
            TestnetManifest.Torrent deleted = ts.get(2);
            String word = uniqueWord(byWord, ts);
            // blocked before the crawl, as `lodestone block add --pattern` would
            new BlockList(data, Clock.system()).add(BlockRule.Kind.PATTERN, word, "cli");

            ServeConfig config = ServeConfig.defaults().withDataDir(data)
                    .withHttp(ServeConfig.defaults().http().withAddress("127.0.0.1", 0))
                    .withDht(new ServeConfig.Dht("127.0.0.1", 0, 8, net.bootstrap().stream().map(HostPort::of).toList(),
                            true));
            try (ServeRuntime serve = ServeRuntime.start(config)) {
                int port = serve.httpPort();
                long start = System.nanoTime();
                Set<String> others = ts.stream().filter(t -> t != byWord).map(TestnetManifest.Torrent::infoHashV1)
                        .collect(Collectors.toSet());
                while (!others.stream().allMatch(h -> status(port, h) == 200)
                        && System.nanoTime() - start < INDEX_DEADLINE.toNanos()) {
                    Thread.sleep(2_000);
                }
                assertThat(others).as("indexed before the block").allMatch(h -> status(port, h) == 200);
                assertThat(status(port, byWord.infoHashV1())).as("the word's torrent was never indexed").isEqualTo(404);

                HttpResponse<String> blocked = post(port, "/api/v1/blocks", "{\"infoHash\":\"" + byHash.infoHashV1() + "\"}");
                assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(201);
                assertThat(send(port, "DELETE", "/api/v1/torrents/" + deleted.infoHashV1()).statusCode()).isEqualTo(200);
                assertThat(status(port, byHash.infoHashV1())).isEqualTo(404);
                assertThat(status(port, deleted.infoHashV1())).isEqualTo(404);
                long blockedConnects = connects(net, byHash);
                long deletedConnects = connects(net, deleted);
                long heardBefore = serve.sink().refusedBeforeFetch();

                long crawlStart = System.nanoTime();
                long lastAnnounce = 0;
                while (System.nanoTime() - crawlStart < CRAWL_AFTER_BLOCK.toNanos()) {
                    if (System.nanoTime() - lastAnnounce > ANNOUNCE_EVERY.toNanos()) {
                        net.announceAll();
                        lastAnnounce = System.nanoTime();
                    }
                    Thread.sleep(1_000);
                    for (TestnetManifest.Torrent t : List.of(byWord, byHash, deleted)) {
                        assertThat(serve.index().get(InfoHash.fromHex(t.infoHashV1()))).as(t.name()).isEmpty();
                    }
                }
                long heard = serve.sink().refusedBeforeFetch() - heardBefore;
                String report = String.format(Locale.ROOT, "after %d s of crawl: blocked hash heard %d times and refused;"
                        + " seeder connections for the blocked hash %d -> %d, deleted %d -> %d; refused at index (word) %d;"
                        + " index holds %d torrents", CRAWL_AFTER_BLOCK.toSeconds(), heard, blockedConnects,
                        connects(net, byHash), deletedConnects, connects(net, deleted), serve.sink().refusedAtIndex(),
                        serve.index().torrentCount());
                System.out.println(report);
                assertThat(connects(net, byHash)).as("no peer connection, so no metadata fetch, for the blocked hash")
                        .isEqualTo(blockedConnects);
                assertThat(connects(net, deleted)).as("nor for the deleted one").isEqualTo(deletedConnects);
                assertThat(heard).as("the crawl did hear of them again").isPositive();
                assertThat(serve.sink().refusedAtIndex()).as("the word's torrent was refused when its metadata came")
                        .isPositive();
                assertThat(firstPage(port, word)).isEmpty();
                assertThat(serve.index().torrentCount()).isEqualTo(TORRENTS - 3);
                JsonNode list = json.readTree(get(port, "/api/v1/blocks").body());
                assertThat(list.get("total").asInt()).isEqualTo(3);
            }
        }
    }

    /** A word of the torrent's name that no other torrent's name holds. */
    static String uniqueWord(TestnetManifest.Torrent t, List<TestnetManifest.Torrent> all) {
        for (String w : t.name().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 4 && all.stream().filter(o -> o != t)
                    .noneMatch(o -> o.name().toLowerCase(Locale.ROOT).contains(w))) {
                return w;
            }
        }
        throw new IllegalStateException("no word of its own in " + t.name());
    }

    static long connects(Testnet net, TestnetManifest.Torrent t) {
        JsonNode n = net.command("peer_connects", Map.of()).get("byName").get(t.name());
        return n == null ? 0 : n.asLong();
    }

    private int status(int port, String hash) {
        try {
            return get(port, "/api/v1/torrents/" + hash).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> firstPage(int port, String q) throws Exception {
        JsonNode body = json.readTree(get(port, "/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).body());
        return body.get("results").valueStream().map(h -> h.get("infoHash").asString()).toList();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(int port, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
