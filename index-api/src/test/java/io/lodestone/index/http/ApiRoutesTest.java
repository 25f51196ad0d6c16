package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.TorrentRecord;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The read routes over real HTTP: torrents by every kind of hash, .torrent export, search. */
class ApiRoutesTest {

    @TempDir
    static Path temp;

    static Metainfo hybrid;
    static Metainfo v1;
    static Metainfo v2;
    static final InMemoryIndex index = new InMemoryIndex();
    static TestServer http;

    @BeforeAll
    static void start() {
        hybrid = Fixtures.nonAscii(temp);
        v1 = Fixtures.create(temp, "plain v1 single", Map.of("one.bin", "x".repeat(70_000)), CreateOptions.Format.V1);
        v2 = Fixtures.create(temp, "only v2 pair", Map.of("a/x.txt", "a", "a/y.txt", "bb"), CreateOptions.Format.V2);
        index.add(Fixtures.record(hybrid, 7)).add(Fixtures.record(v1, 3)).add(Fixtures.record(v2, 1));
        for (int i = 0; i < 25; i++) {
            Metainfo m = Fixtures.create(temp, "paging item " + i, Map.of("f" + i + ".txt", "content " + i),
                    CreateOptions.Format.V1);
            index.add(Fixtures.record(m, 100 + i));
        }
        http = TestServer.start(index);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void torrentIsTheResolveObjectPlusTimes() {
        HttpResponse<String> r = http.get("/api/v1/torrents/" + hybrid.dhtInfoHash().hex());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode got = TestServer.json(r);
        // byte for byte what resolve --json prints, then the two times and the swarm
        String expected = TorrentJson.write(TorrentJson.of(hybrid.summary())
                .put("discoveredAt", "2024-03-01T10:00:00Z").put("resolvedAt", "2024-03-01T10:00:05.250Z")
                .put("metadata", true).put("seeders", -1).put("peers", -1).putNull("scrapedAt").put("announcers", 0));
        assertThat(r.body()).isEqualTo(expected);
        assertThat(keys(got)).containsExactly("infoHash", "infoHashV2", "name", "totalSize", "pieceLength",
                "pieceCount", "private", "files", "version", "discoveredAt", "resolvedAt", "metadata", "seeders",
                "peers", "scrapedAt", "announcers");
        assertThat(got.get("name").asString()).isEqualTo("Reisebilder Ägypten 日本 ✓");
        assertThat(got.get("files").size()).isEqualTo(4);
    }

    @Test
    void everyFormOfTheHashFindsTheTorrent() {
        String v1Hex = hybrid.infoHashV1().hex();
        for (String h : List.of(v1Hex, v1Hex.toUpperCase(Locale.ROOT), hybrid.infoHashV2().hex(),
                v2.infoHashV2().truncated().hex(), v2.infoHashV2().hex())) {
            HttpResponse<String> r = http.get("/api/v1/torrents/" + h);
            assertThat(r.statusCode()).as(h).isEqualTo(200);
        }
        assertThat(TestServer.json(http.get("/api/v1/torrents/" + v2.infoHashV2().hex())).get("version").asString())
                .isEqualTo("v2");
    }

    @Test
    void unknownHashIs404() {
        for (String path : List.of("/api/v1/torrents/" + "ab".repeat(20), "/api/v1/torrents/" + "cd".repeat(32),
                "/api/v1/torrents/" + "ab".repeat(20) + "/torrent")) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(TestServer.json(r).get("error").asString()).contains("no torrent");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0123456789abcdef0123456789abcdef0123456", "0123456789abcdef0123456789abcdef012345678",
            "g123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
            "%20123456789abcdef0123456789abcdef0123456", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"})
    void badHashesAre400OnBothTorrentRoutes(String hash) {
        for (String path : List.of("/api/v1/torrents/" + hash, "/api/v1/torrents/" + hash + "/torrent")) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(TestServer.json(r).get("error").asString()).contains("40 or 64 hex digits");
        }
    }

    @Test
    void torrentRoutesRefuseParameters() {
        String hex = v1.dhtInfoHash().hex();
        assertThat(http.get("/api/v1/torrents/" + hex + "?x=1").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/v1/torrents/" + hex + "/torrent?x=1").statusCode()).isEqualTo(400);
    }

    @Test
    void torrentExportHoldsTheInfoDictByteForByte() {
        for (Metainfo m : List.of(hybrid, v1, v2)) {
            HttpResponse<byte[]> r = http.getBytes("/api/v1/torrents/" + m.dhtInfoHash().hex() + "/torrent");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-bittorrent");
            Metainfo back = MetainfoParser.parseTorrent(r.body());
            assertThat(back.infoBytes()).isEqualTo(m.infoBytes());
            assertThat(back.dhtInfoHash()).isEqualTo(m.dhtInfoHash());
            assertThat(back.infoHashV2()).isEqualTo(m.infoHashV2());
        }
    }

    @Test
    void exportFileNameIsSafeAndCarriesTheRealName() {
        HttpResponse<byte[]> r = http.getBytes("/api/v1/torrents/" + hybrid.dhtInfoHash().hex() + "/torrent");
        String cd = r.headers().firstValue("Content-Disposition").orElseThrow();
        assertThat(cd).startsWith("attachment; filename=\"Reisebilder _gypten __ _.torrent\"; filename*=UTF-8''");
        String encoded = cd.substring(cd.indexOf("UTF-8''") + 7);
        assertThat(java.net.URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo("Reisebilder Ägypten 日本 ✓.torrent");
    }

    @Test
    void searchAnswersTheContractShape() {
        HttpResponse<String> r = http.get("/api/v1/search?q=" + enc("ägypten"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = TestServer.json(r);
        assertThat(j.get("total").asLong()).isEqualTo(1);
        JsonNode hit = j.get("results").get(0);
        assertThat(keys(hit)).containsExactly("infoHash", "name", "totalSize", "fileCount", "discoveredAt", "seenCount",
                "magnet", "type", "seeders", "peers", "attributes");
        assertThat(hit.get("infoHash").asString()).isEqualTo(hybrid.dhtInfoHash().hex());
        assertThat(hit.get("totalSize").asLong()).isEqualTo(hybrid.totalSize());
        assertThat(hit.get("fileCount").asInt()).isEqualTo(4);
        assertThat(hit.get("discoveredAt").asString()).isEqualTo("2024-03-01T10:00:00Z");
        assertThat(hit.get("seenCount").asLong()).isEqualTo(7);
        MagnetUri magnet = MagnetUri.parse(hit.get("magnet").asString());
        assertThat(magnet.infoHashV1()).isEqualTo(hybrid.infoHashV1());
        assertThat(magnet.infoHashV2()).isEqualTo(hybrid.infoHashV2());
        assertThat(magnet.displayName()).isEqualTo(hybrid.name());
    }

    @Test
    void aV2OnlyHitGetsItsFullHashInTheMagnet() {
        JsonNode hit = TestServer.json(http.get("/api/v1/search?q=only+v2")).get("results").get(0);
        MagnetUri magnet = MagnetUri.parse(hit.get("magnet").asString());
        assertThat(magnet.infoHashV1()).isNull();
        assertThat(magnet.infoHashV2()).isEqualTo(v2.infoHashV2());
    }

    @Test
    void searchPagesAndFilters() {
        JsonNode first = TestServer.json(http.get("/api/v1/search?q=paging&limit=10"));
        JsonNode third = TestServer.json(http.get("/api/v1/search?q=paging&limit=10&offset=20"));
        assertThat(first.get("total").asLong()).isEqualTo(25);
        assertThat(first.get("results").size()).isEqualTo(10);
        assertThat(third.get("results").size()).isEqualTo(5);
        List<String> all = new ArrayList<>();
        for (int offset = 0; offset < 25; offset += 10) {
            TestServer.json(http.get("/api/v1/search?q=paging&limit=10&offset=" + offset)).get("results")
                    .forEach(h -> all.add(h.get("infoHash").asString()));
        }
        assertThat(all).hasSize(25).doesNotHaveDuplicates();

        assertThat(TestServer.json(http.get("/api/v1/search?q=plain&minSize=70000&maxSize=70000")).get("total").asLong())
                .isEqualTo(1);
        assertThat(TestServer.json(http.get("/api/v1/search?q=plain&minSize=70001")).get("total").asLong()).isZero();
        assertThat(TestServer.json(http.get("/api/v1/search?q=v2&minFiles=2&maxFiles=2")).get("total").asLong()).isEqualTo(1);
        assertThat(TestServer.json(http.get("/api/v1/search?q=v2&maxFiles=1")).get("total").asLong()).isZero();
        assertThat(TestServer.json(http.get("/api/v1/search?q=nothing-matches-this")).get("results").size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?limit=5", "?q=", "?q=%20%20", "?q=a&q=b", "?q=a&limit=0", "?q=a&limit=101",
            "?q=a&limit=abc", "?q=a&limit=-1", "?q=a&limit=1.5", "?q=a&limit=", "?q=a&limit=%2B5", "?q=a&offset=-1",
            "?q=a&offset=10001", "?q=a&offset=99999999999999999999999", "?q=a&minSize=-5", "?q=a&minSize=x",
            "?q=a&maxSize=1e9", "?q=a&minSize=10&maxSize=9", "?q=a&minFiles=2&maxFiles=1", "?q=a&minFiles=3000000000",
            "?q=a&maxFiles=0x10", "?q=a&foo=bar", "?q=a&Limit=5", "?q=a&limit=5&limit=6"})
    void badSearchParametersAre400WithAReason(String query) {
        HttpResponse<String> r = http.get("/api/v1/search" + query);
        assertThat(r.statusCode()).as(query).isEqualTo(400);
        assertThat(TestServer.json(r).get("error").asString()).as(query).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/search?q=%zz", "/api/v1/search?q=%", "/api/v1/search?q=a&limit=%FF",
            "/api/v1/search?%zz=1", "/api/v1/torrents/%zz", "/api/v1/torrents/%FF%FE", "/?q=%zz", "/torrent/%zz",
            "/api/v1/downloads/%zz", "/?q=%C3%28", "/healthz?%"})
    void brokenEscapesAre400(String path) {
        assertThat(http.rawStatus(path)).as(path).isEqualTo(400);
    }

    @Test
    void overlongQueryIs400() {
        HttpResponse<String> r = http.get("/api/v1/search?q=" + "a".repeat(257));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r).get("error").asString()).contains("256");
    }

    @Test
    void unknownApiPathIsJson404() {
        HttpResponse<String> r = http.get("/api/v1/nothing-here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(r).has("error")).isTrue();
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        HttpResponse<String> get = http.get("/api/v1/search?q=ubuntu");
        HttpResponse<String> head = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(http.base() + "/api/v1/search?q=ubuntu")).HEAD());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(http.base() + "/api/v1/search?q=")).HEAD()).statusCode()).isEqualTo(400);
    }

    @Test
    void aKnownPathAskedWithTheWrongMethodIs405() {
        HttpResponse<String> r = http.post("/api/v1/search?q=x", "{}");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(TestServer.json(r).has("error")).isTrue();
        assertThat(http.delete("/api/v1/dht/health").statusCode()).isEqualTo(405);
        assertThat(http.post("/api/v1/nothing-here", "{}").statusCode()).isEqualTo(404);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static List<String> keys(JsonNode o) {
        List<String> k = new ArrayList<>();
        o.propertyNames().forEach(k::add);
        return k;
    }

    static TorrentRecord recordOf(Metainfo m) {
        return Fixtures.record(m, 1);
    }
}
