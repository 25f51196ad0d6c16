package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.interop.LibtorrentPeer;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.TorrentView;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
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

/**
 * MSE/PE against libtorrent with encryption forced both ways (out_enc_policy and in_enc_policy
 * forced, allowed_enc_level rc4): it refuses every plaintext connection, so each transfer here
 * went over RC4. We resolve a bare magnet from a forced seeder and download it (our default
 * policy, prefer, redials with MSE after the plaintext refusal), and a forced libtorrent leecher
 * downloads from our seeder, from a .torrent and from a bare magnet. Files compared by SHA-256.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EncryptedLibtorrentIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void weResolveAndDownloadFromAForcedSeeder(@TempDir Path tmp) throws Exception {
        Libtorrent lt = Libtorrent.require();
        Path data = tmp.resolve("data");
        Map<String, Long> files = Content.multiFile(data, "secret", 2_000_000, 51);
        TorrentView view = lt.create(data.resolve("secret"), tmp.resolve("s.torrent"), "v1", 32 * 1024);
        try (LibtorrentPeer seeder = LibtorrentPeer.seed(tmp.resolve("s.torrent"), data, 0, Duration.ofMinutes(2),
                "forced");
             TestClient us = TestClient.start(List.of())) {
            Path out = tmp.resolve("out");
            MagnetUri magnet = MagnetUri.parseAny("magnet:?xt=urn:btih:" + view.infoHash() + "&x.pe=127.0.0.1:"
                    + seeder.address().getPort());
            Download d = us.download(new DownloadRequest(magnet, null, out, List.of(), List.of(), false, TIMEOUT));
            DownloadOutcome o = d.start().get(TIMEOUT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
            assertThat(o).as(o.toString()).isInstanceOf(DownloadOutcome.Complete.class);
            SeedToLibtorrentIT.assertSameFiles(files, data.resolve("secret"), out.resolve("secret"));
        }
    }

    @Test
    void requireDownloadsFromAForcedSeederWithoutTryingPlaintext(@TempDir Path tmp) throws Exception {
        Libtorrent lt = Libtorrent.require();
        Path data = tmp.resolve("data");
        Map<String, Long> files = Content.multiFile(data, "strict", 1_000_000, 52);
        lt.create(data.resolve("strict"), tmp.resolve("r.torrent"), "hybrid", 32 * 1024);
        Metainfo meta = MetainfoParser.parseTorrent(Files.readAllBytes(tmp.resolve("r.torrent")));
        try (LibtorrentPeer seeder = LibtorrentPeer.seed(tmp.resolve("r.torrent"), data, 0, Duration.ofMinutes(2),
                "forced");
             TestClient us = TestClient.start(List.of(), EngineConfig.defaults()
                     .withEncryption(EncryptionPolicy.REQUIRE))) {
            Path out = tmp.resolve("out");
            Download d = us.download(new DownloadRequest(null, meta, out, List.of(seeder.address()), List.of(), false,
                    TIMEOUT));
            DownloadOutcome o = d.start().get(TIMEOUT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
            assertThat(o).as(o.toString()).isInstanceOf(DownloadOutcome.Complete.class);
            SeedToLibtorrentIT.assertSameFiles(files, data.resolve("strict"), out.resolve("strict"));
        }
    }

    @Test
    void aForcedLeecherDownloadsFromOurSeeder(@TempDir Path tmp) throws Exception {
        SeedToLibtorrentIT.libtorrentLeechesFromOurSeeder(tmp, "forced");
    }
}
