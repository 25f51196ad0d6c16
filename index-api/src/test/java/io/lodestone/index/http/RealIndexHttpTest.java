package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.IndexService;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The routes over the real LMDB + Lucene index, filled with torrents made by the resolver's creator. */
class RealIndexHttpTest {

    @TempDir
    static Path temp;
    static Metainfo hybrid;
    static Metainfo v2;
    static IndexService index;
    static TestServer http;

    @BeforeAll
    static void start() throws Exception {
        hybrid = Fixtures.nonAscii(temp);
        v2 = Fixtures.create(temp, "Zweiter Versuch v2", Map.of("dir/a.txt", "a", "dir/b.txt", "bb"),
                CreateOptions.Format.V2);
        Metainfo v1 = Fixtures.create(temp, "Erste Sammlung", Map.of("x/1.txt", "1", "x/2.txt", "22", "3.txt", "333"),
                CreateOptions.Format.V1);
        index = RealIndex.open(Files.createDirectories(temp.resolve("index")), List.of(hybrid, v2, v1));
        http = TestServer.start(index);
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        index.close();
    }

    @Test
    void torrentByEveryHashIsTheResolveObject() {
        String expected = TorrentJson.write(TorrentJson.of(hybrid.summary())
                .put("discoveredAt", "2024-03-01T10:00:00Z").put("resolvedAt", "2024-03-01T10:00:05.250Z")
                .put("metadata", true).put("seeders", -1).put("peers", -1).putNull("scrapedAt").put("announcers", 0));
        for (String h : List.of(hybrid.infoHashV1().hex(), hybrid.infoHashV2().hex())) {
            HttpResponse<String> r = http.get("/api/v1/torrents/" + h);
            assertThat(r.statusCode()).as(h).isEqualTo(200);
            assertThat(r.body()).as(h).isEqualTo(expected);
        }
        for (String h : List.of(v2.infoHashV2().hex(), v2.infoHashV2().truncated().hex())) {
            assertThat(TestServer.json(http.get("/api/v1/torrents/" + h)).get("infoHashV2").asString())
                    .isEqualTo(v2.infoHashV2().hex());
        }
        assertThat(http.get("/api/v1/torrents/" + "ef".repeat(20)).statusCode()).isEqualTo(404);
    }

    @Test
    void aTorrentImportedWithoutMetadataIsShownAndSearchedButHasNoTorrentFile() throws Exception {
        io.lodestone.types.InfoHash h = io.lodestone.types.InfoHash.fromHex("ab".repeat(20));
        java.time.Instant at = java.time.Instant.parse("2020-01-02T03:04:05Z");
        var files = List.of(new io.lodestone.metainfo.TorrentSummary.FileEntry("Bare Kollektion/one.txt", 7));
        index.importBatch(List.of(new io.lodestone.index.store.Imported(null, new io.lodestone.index.store.BareTorrent(
                h.bytes(), new io.lodestone.index.store.StoredTorrent(0, at, at, 1, 0, 7, 1, "Bare Kollektion"), files,
                new io.lodestone.crawler.PendingHash(h, at, 1, 0, 0, at)), io.lodestone.index.SwarmCounts.NONE)));
        assertThat(index.awaitSearchable(RealIndex.SEARCHABLE_TIMEOUT)).isTrue();
        JsonNode t = TestServer.json(http.get("/api/v1/torrents/" + h.hex()));
        assertThat(t.get("metadata").asBoolean()).isFalse();
        assertThat(t.get("resolvedAt").isNull()).isTrue();
        assertThat(t.get("pieceLength").isNull()).isTrue();
        assertThat(t.get("files").get(0).get("path").asString()).isEqualTo("Bare Kollektion/one.txt");
        HttpResponse<String> file = http.get("/api/v1/torrents/" + h.hex() + "/torrent");
        assertThat(file.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(file).get("error").asString()).contains("imported without metadata");
        assertThat(TestServer.json(http.get("/api/v1/search?q=Kollektion")).get("results").get(0).get("seeders")
                .asInt()).isEqualTo(-1);
        HttpResponse<String> page = http.get("/torrent/" + h.hex());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("imported without its metadata");
        index.delete(h);
    }

    @Test
    void exportIsByteExact() {
        for (Metainfo m : List.of(hybrid, v2)) {
            HttpResponse<byte[]> r = http.getBytes("/api/v1/torrents/" + m.dhtInfoHash().hex() + "/torrent");
            assertThat(r.statusCode()).isEqualTo(200);
            Metainfo back = MetainfoParser.parseTorrent(r.body());
            assertThat(back.infoBytes()).isEqualTo(m.infoBytes());
            assertThat(back.dhtInfoHash()).isEqualTo(m.dhtInfoHash());
        }
    }

    @Test
    void searchFindsNonAsciiNamesWithWorkingMagnets() {
        JsonNode j = TestServer.json(http.get("/api/v1/search?q=Reisebilder"));
        assertThat(j.get("total").asLong()).isEqualTo(1);
        JsonNode hit = j.get("results").get(0);
        assertThat(hit.get("name").asString()).isEqualTo("Reisebilder Ägypten 日本 ✓");
        assertThat(hit.get("fileCount").asInt()).isEqualTo(4);
        assertThat(MagnetUri.parse(hit.get("magnet").asString()).infoHashV2()).isEqualTo(hybrid.infoHashV2());

        JsonNode v2Hit = TestServer.json(http.get("/api/v1/search?q=Versuch")).get("results").get(0);
        MagnetUri m = MagnetUri.parse(v2Hit.get("magnet").asString());
        assertThat(m.infoHashV1()).isNull();
        assertThat(m.infoHashV2()).isEqualTo(v2.infoHashV2());

        assertThat(TestServer.json(http.get("/api/v1/search?q=Sammlung&minFiles=4")).get("total").asLong()).isZero();
        assertThat(TestServer.json(http.get("/api/v1/search?q=Sammlung&minFiles=3&maxFiles=3")).get("total").asLong())
                .isEqualTo(1);
    }

    @Test
    void healthCountsTheIndex() {
        assertThat(TestServer.json(http.get("/api/v1/dht/health")).get("index").get("torrents").asLong()).isEqualTo(3);
    }
}
