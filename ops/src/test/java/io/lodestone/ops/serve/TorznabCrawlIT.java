package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.access.ApiKeyStore;
import io.lodestone.index.access.Scope;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.StrictXml;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.types.HostPort;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Torznab on an index crawled from a libtorrent testnet whose torrents carry release-style names:
 * {@code caps} passes the schema, {@code tvsearch} with q, season, ep and cat=5040 returns exactly
 * the matching items, a wrong API key gets error 100, and the results (and the feed) parse with
 * Debian's python3-feedparser and with a strict XML parser. About a minute: the crawl of 9 torrents.
 */
class TorznabCrawlIT {
    /** The names, and which of them tvsearch q=restless river, season 2, ep 5, cat 5040 must return. */
    static final List<String> NAMES = List.of(
            "Restless.River.S02E05.720p.WEB-DL.x264-GRP.mkv",
            "Restless.River.S02E05.1080p.BluRay.x264-OTHER.mkv",
            "Restless.River.S02E05.2160p.WEB-DL.x265-GRP.mkv",
            "Restless.River.S02E06.720p.WEB-DL.x264-GRP.mkv",
            "Restless.River.S01E05.720p.HDTV.x264-GRP.mkv",
            "Restless.River.S02E05.480p.HDTV.XviD-GRP.avi",
            "Quiet.Harbor.S02E05.720p.WEB-DL.x264-GRP.mkv",
            "Restless.River.2019.1080p.BluRay.x264-GRP.mkv",
            "Restless & <River> \"Live\" 2021 FLAC.flac");
    static final Set<String> EXPECTED = Set.of(NAMES.get(0), NAMES.get(1));
    static final Duration INDEX_DEADLINE = Duration.ofMinutes(4);
    static final Duration PYTHON_TIMEOUT = Duration.ofSeconds(60);
    static final String PYTHON = "/usr/bin/python3";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void torznabOverACrawledTestnet(@TempDir Path temp) throws Exception {
        Libtorrent lt = Libtorrent.require();
        requireFeedparser();
        Path names = temp.resolve("names.txt");
        Files.writeString(names, String.join("\n", NAMES) + "\n");
        Path data = Files.createDirectories(temp.resolve("data"));
        String key = new ApiKeyStore(data).create("prowlarr", Scope.READ);
        try (Testnet net = lt.startTestnet(TestnetOptions.defaults().withNodes(16).withTorrents(NAMES.size())
                .withSeeders(NAMES.size()).withReplicas(1).withFormats("v1").withLayouts("single")
                .withSizes("20K").withPieceSizes("16K").withDuration(Duration.ofMinutes(8))
                .withExtraArgs("--names", names.toString()))) {
            assertThat(net.torrents()).extracting(TestnetManifest.Torrent::name).containsExactlyElementsOf(NAMES);
            ServeConfig config = ServeConfig.defaults().withDataDir(data)
                    .withHttp(ServeConfig.defaults().http().withAddress("127.0.0.1", 0))
                    .withDht(new ServeConfig.Dht("127.0.0.1", 0, 8, net.bootstrap().stream().map(HostPort::of).toList(),
                            true));
            try (ServeRuntime serve = ServeRuntime.start(config)) {
                int port = serve.httpPort();
                long start = System.nanoTime();
                while (serve.index().torrentCount() < NAMES.size()
                        && System.nanoTime() - start < INDEX_DEADLINE.toNanos()) {
                    Thread.sleep(1_000);
                }
                assertThat(serve.index().torrentCount()).as("crawled from the testnet").isEqualTo(NAMES.size());
                assertThat(serve.index().awaitSearchable(Duration.ofSeconds(30))).isTrue();

                String caps = get(port, "/torznab/api?t=caps&apikey=" + key).body();
                SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                        .newSchema(getClass().getResource("/io/lodestone/index/torznab/torznab-caps.xsd"))
                        .newValidator().validate(new StreamSource(new StringReader(caps)));

                String tv = "/torznab/api?t=tvsearch&q=restless+river&season=2&ep=5&cat=5040&apikey=" + key;
                HttpResponse<String> found = get(port, tv);
                assertThat(found.statusCode()).isEqualTo(200);
                Document d = StrictXml.parse(found.body());
                assertThat(StrictXml.itemTitles(d)).containsExactlyInAnyOrderElementsOf(EXPECTED);
                NodeList attrs = d.getElementsByTagNameNS("http://torznab.com/schemas/2015/feed", "attr");
                List<String> attrNames = new ArrayList<>();
                for (int i = 0; i < attrs.getLength(); i++) {
                    attrNames.add(((Element) attrs.item(i)).getAttribute("name"));
                }
                assertThat(attrNames).contains("size", "category", "infohash", "magneturl", "files");
                // seeders and peers only once a BEP 33 scrape answered, and then both
                assertThat(java.util.Collections.frequency(attrNames, "seeders"))
                        .isEqualTo(java.util.Collections.frequency(attrNames, "peers"));

                HttpResponse<String> wrong = get(port, "/torznab/api?t=tvsearch&q=restless&apikey=wrong" + key);
                Element error = StrictXml.parse(wrong.body()).getDocumentElement();
                assertThat(error.getTagName()).isEqualTo("error");
                assertThat(error.getAttribute("code")).isEqualTo("100");

                JsonNode parsed = feedparser(found.body());
                assertThat(parsed.get("bozo").asBoolean()).as(parsed.toString()).isFalse();
                List<String> parsedTitles = new ArrayList<>();
                parsed.get("titles").forEach(t -> parsedTitles.add(t.asString()));
                assertThat(parsedTitles).containsExactlyInAnyOrderElementsOf(EXPECTED);

                String feed = get(port, "/feed?q=restless").body();
                assertThat(StrictXml.itemTitles(StrictXml.parse(feed))).hasSize(NAMES.size() - 1);
                JsonNode parsedFeed = feedparser(feed);
                assertThat(parsedFeed.get("bozo").asBoolean()).as(parsedFeed.toString()).isFalse();
                assertThat(parsedFeed.get("titles").size()).isEqualTo(NAMES.size() - 1);
                List<String> feedTitles = new ArrayList<>();
                parsedFeed.get("titles").forEach(t -> feedTitles.add(t.asString()));
                assertThat(feedTitles).contains(NAMES.get(8));
                assertThat(StrictXml.itemTitles(StrictXml.parse(get(port, "/feed?type=music").body()))).containsExactly(NAMES.get(8));
            }
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Debian's feedparser on a document: {"bozo", "version", "titles", "enclosures"}. */
    static JsonNode feedparser(String xml) throws Exception {
        String script = "import feedparser, json, sys\n"
                + "d = feedparser.parse(sys.stdin.buffer.read())\n"
                + "print(json.dumps({'bozo': bool(d.bozo), 'reason': str(d.get('bozo_exception', '')),"
                + " 'version': d.version, 'titles': [e.title for e in d.entries],"
                + " 'enclosures': [len(e.enclosures) for e in d.entries]}))\n";
        Process p = new ProcessBuilder(PYTHON, "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write(xml.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(PYTHON_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("feedparser did not finish");
        }
        assertThat(p.exitValue()).as("feedparser ran").isZero();
        JsonNode j = new ObjectMapper().readTree(out);
        assertThat(j.get("version").asString()).isEqualTo("rss20");
        return j;
    }

    /** Debian's python3-feedparser: a failure in CI when missing, a skip elsewhere. */
    static void requireFeedparser() throws Exception {
        boolean present;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import feedparser").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            String message = "python3-feedparser is missing; install it with: apt-get install python3-feedparser";
            String ci = System.getenv(Libtorrent.CI_ENV);
            if (ci != null && !ci.isEmpty()) {
                throw new AssertionError(message + " (CI is set: this test fails instead of being skipped)");
            }
            Assumptions.abort(message);
        }
    }
}
