package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.types.HostPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** POST /api/v1/resolve fetches a magnet's metadata from its x.pe peer, answers it, and indexes it. */
class ServeResolveRouteIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aResolvedMagnetIsAnsweredAndJoinsTheIndex(@TempDir Path data) throws Exception {
        Libtorrent lt = Libtorrent.require();
        try (Testnet net = lt.startTestnet(TestnetOptions.defaults().withNodes(3).withTorrents(1)
                .withFormats("hybrid").withLayouts("multi").withSizes("40K").withDuration(Duration.ofMinutes(5)))) {
            TestnetManifest.Torrent t = net.torrent(0);
            String seeder = t.seeders().getFirst();
            // a farm that knows nobody: the only way to the torrent is the magnet's x.pe
            ServeConfig config = ServeConfig.defaults().withDataDir(data)
                    .withHttp(ServeConfig.defaults().http().withAddress("127.0.0.1", 0))
                    .withDht(new ServeConfig.Dht("127.0.0.1", 0, 1, List.of(HostPort.parse("127.0.0.1:9")), true));
            try (ServeRuntime serve = ServeRuntime.start(config)) {
                String magnet = "magnet:?xt=urn:btih:" + t.infoHashV1() + "&x.pe=" + seeder;
                HttpResponse<String> r = post(serve.httpPort(), "/api/v1/resolve", Map.of("uri", magnet));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode got = json.readTree(r.body());
                assertThat(got.get("infoHash").asString()).isEqualTo(t.infoHashV1());
                assertThat(got.get("infoHashV2").asString()).isEqualTo(t.infoHashV2());
                assertThat(got.get("name").asString()).isEqualTo(t.name());

                long start = System.nanoTime();
                int status = 404;
                while (status == 404 && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
                    status = get(serve.httpPort(), "/api/v1/torrents/" + t.infoHashV1()).statusCode();
                    Thread.sleep(100);
                }
                assertThat(status).as("indexed after the resolve").isEqualTo(200);
                assertThat(serve.index().torrentCount()).isEqualTo(1);

                HttpResponse<String> bad = post(serve.httpPort(), "/api/v1/resolve", Map.of("uri", "magnet:?xt=urn:btih:nothex"));
                assertThat(bad.statusCode()).isEqualTo(400);
            }
        }
    }

    private HttpResponse<String> post(int port, String path, Map<String, String> body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
