package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.interop.WebTorrentPeer;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import io.lodestone.wire.mse.EncryptionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The WebTorrent library (npm 3.0, Node, WebRTC off) with its default settings downloads a whole
 * multi-file torrent from a Lodestone seeder, dialling us: once as we seed by default, once from a
 * seeder that requires encryption. Files compared by SHA-256.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WebTorrentIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void webTorrentDownloadsEverythingFromOurSeeder(@TempDir Path tmp) throws Exception {
        leechFromUs(tmp, EngineConfig.defaults());
    }

    /**
     * WebTorrent 3 opens every connection it dials with the PE handshake by default ('secure' 1:
     * PE, falling back to plaintext only inside it); a seeder that requires encryption proves the
     * whole transfer ran over RC4.
     */
    @Test
    void webTorrentWithItsDefaultSecureSettingDownloadsFromASeederThatRequiresEncryption(@TempDir Path tmp)
            throws Exception {
        leechFromUs(tmp, EngineConfig.defaults().withEncryption(EncryptionPolicy.REQUIRE));
    }

    private static void leechFromUs(Path tmp, EngineConfig config) throws Exception {
        Path data = tmp.resolve("data");
        Map<String, Long> files = Content.multiFile(data, "shared", 3_000_000, 71);
        byte[] torrent = TorrentCreator.create(data.resolve("shared"), CreateOptions.defaults()
                .withFormat(CreateOptions.Format.V1).withPieceLength(32 * 1024));
        Path torrentFile = Files.write(tmp.resolve("shared.torrent"), torrent);
        Metainfo meta = MetainfoParser.parseTorrent(torrent);
        try (TestClient us = TestClient.start(List.of(), config)) {
            Download seed = us.download(new DownloadRequest(null, meta, data, List.of(), List.of(), true, TIMEOUT));
            assertThat(seed.start().get(30, TimeUnit.SECONDS)).isInstanceOf(DownloadOutcome.Complete.class);
            Path got = tmp.resolve("wt");
            JsonNode r = WebTorrentPeer.leech(torrentFile, got, us.peerAddress(), TIMEOUT, false);
            assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
            SeedToLibtorrentIT.assertSameFiles(files, data.resolve("shared"), got.resolve("shared"));
            seed.cancel();
        }
    }
}
