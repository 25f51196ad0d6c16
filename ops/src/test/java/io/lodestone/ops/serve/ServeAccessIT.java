package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.SearchQuery;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import io.lodestone.ops.cli.LodestoneCommand;
import io.lodestone.types.HostPort;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting in public: a bind on 0.0.0.0 without a key is refused (exit 2); with keys made by the
 * command line while the server runs, a write route answers 401 without a key, 403 with a read
 * key and works with a write key, in a header or as {@code apikey=}; a revoked key stops at once.
 * A second serve on the same data directory exits 2 while the first keeps serving its index.
 * Requests go to 127.0.0.1 only.
 */
class ServeAccessIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LodestoneCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String[] serveArgs(Path data, String http) {
        return new String[] {"serve", "--data-dir", data.toString(), "--http", http, "--nodes", "1",
                "--dht-bind", "127.0.0.1", "--dht-port", "0", "--bootstrap", "127.0.0.1:9", "--allow-private"};
    }

    @Test
    void aPublicBindNeedsKeysAndTheyWorkWhileServeRuns(@TempDir Path data) throws Exception {
        Run refused = cli(serveArgs(data, "0.0.0.0:" + freePort()));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).contains("no API key").doesNotContain("\n");
        assertThat(Files.exists(data.resolve("lmdb"))).as("nothing was started").isFalse();

        Run reader = cli("apikey", "create", "reader", "--scope", "read", "--data-dir", data.toString());
        Run writer = cli("apikey", "create", "writer", "--scope", "write", "--data-dir", data.toString());
        assertThat(reader.code()).isZero();
        assertThat(writer.out()).matches("lsk_[A-Za-z0-9_-]{43}\\n");
        String readKey = reader.out().strip();
        String writeKey = writer.out().strip();
        assertThat(cli("apikey", "create", "writer", "--scope", "read", "--data-dir", data.toString()).code()).isEqualTo(2);
        assertThat(cli("apikey", "create", "x", "--scope", "root", "--data-dir", data.toString()).code()).isEqualTo(2);

        ServeConfig config = config(data, "0.0.0.0");
        ServeCommand.refuseOpenPublicBind(config); // with keys: allowed
        try (ServeRuntime serve = ServeRuntime.start(config)) {
            int port = serve.httpPort();
            String block = "{\"pattern\":\"not wanted\"}";
            assertThat(post(port, "/api/v1/blocks", block).statusCode()).isEqualTo(401);
            assertThat(post(port, "/api/v1/blocks", block, "Authorization", "Bearer " + readKey).statusCode())
                    .isEqualTo(403);
            HttpResponse<String> ok = post(port, "/api/v1/blocks", block, "Authorization", "Bearer " + writeKey);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
            assertThat(post(port, "/api/v1/blocks?apikey=" + writeKey, "{\"pattern\":\"other\"}").statusCode())
                    .isEqualTo(201);
            assertThat(post(port, "/api/v1/blocks", "{\"pattern\":\"third\"}", "X-Api-Key", writeKey).statusCode())
                    .isEqualTo(201);
            assertThat(post(port, "/api/v1/downloads", "{\"uri\":\"" + "cd".repeat(20) + "\"}", "X-Api-Key", readKey)
                    .statusCode()).isEqualTo(403);
            assertThat(get(port, "/api/v1/search?q=x&apikey=" + readKey).statusCode()).isEqualTo(200);

            // made and revoked by the command line while serve runs
            Run late = cli("apikey", "create", "late", "--scope", "write", "--data-dir", data.toString());
            assertThat(post(port, "/api/v1/blocks", "{\"pattern\":\"fourth\"}", "X-Api-Key", late.out().strip())
                    .statusCode()).isEqualTo(201);
            assertThat(cli("apikey", "list", "--data-dir", data.toString()).out())
                    .contains("reader\tread").contains("writer\twrite").contains("late\twrite").doesNotContain(writeKey);
            assertThat(cli("apikey", "revoke", "writer", "--data-dir", data.toString()).code()).isZero();
            assertThat(post(port, "/api/v1/blocks", "{\"pattern\":\"fifth\"}", "X-Api-Key", writeKey).statusCode())
                    .isEqualTo(401);
            assertThat(cli("apikey", "revoke", "writer", "--data-dir", data.toString()).code()).isEqualTo(2);
        }
    }

    @Test
    void aSecondServeOnTheSameDataDirectoryExits2AndTheFirstGoesOn(@TempDir Path data) throws Exception {
        Path f = Files.writeString(Files.createDirectories(data.resolve("content")).resolve("x.txt"), "x");
        Metainfo m = MetainfoParser.parseTorrent(TorrentCreator.create(f, CreateOptions.defaults()
                .withName("Hotel Lockstep")));
        Path dir = data.resolve("d");
        try (ServeRuntime first = ServeRuntime.start(config(dir, "127.0.0.1"))) {
            Instant now = Instant.now();
            first.index().write(new CrawlBatch(List.of(), List.of(), List.of(
                    new ResolvedTorrent(m.dhtInfoHash(), m.infoBytes(), now, now, 1, 1)), List.of()));
            assertThat(first.index().awaitSearchable(Duration.ofSeconds(20))).isTrue();
            Run second = cli(serveArgs(dir, "127.0.0.1:" + freePort()));
            assertThat(second.code()).isEqualTo(2);
            assertThat(second.err()).contains("in use").doesNotContain("Exception");
            assertThat(first.index().search(SearchQuery.of("lockstep")).total()).isEqualTo(1);
            HttpResponse<String> r = get(first.httpPort(), "/api/v1/search?q=lockstep");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains(m.dhtInfoHash().hex());
            assertThat(Files.exists(dir.resolve("search").resolve("clean-shutdown")))
                    .as("the second start did not touch the first one's search index").isFalse();
        }
        // and after a clean stop the index opens as it was, not rebuilt
        try (ServeRuntime again = ServeRuntime.start(config(dir, "127.0.0.1"))) {
            assertThat(again.index().search(SearchQuery.of("lockstep")).total()).isEqualTo(1);
        }
    }

    /** A port nothing listens on now (the command line wants one; the refused starts never bind it). */
    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static ServeConfig config(Path data, String httpHost) {
        return ServeConfig.defaults().withDataDir(data)
                .withHttp(ServeConfig.defaults().http().withAddress(httpHost, 0))
                .withDht(new ServeConfig.Dht("127.0.0.1", 0, 1, List.of(HostPort.parse("127.0.0.1:9")), true));
    }

    private HttpResponse<String> post(int port, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
