package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.engine.TorrentStats;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.magnet.MagnetUri;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A v2-only torrent from its btmh magnet alone: the metadata carries no piece layers, so every
 * file longer than a piece can be verified only after its layer came from the libtorrent seeders
 * through BEP 52 hash requests. Each downloaded file is compared with the seeders' by SHA-256.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class V2MagnetDownloadIT {

    static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);

    static Testnet net;

    @BeforeAll
    static void startTestnet() {
        // one v2-only multi-file torrent with 16 KiB pieces, so its larger files span many pieces
        net = Libtorrent.require().startTestnet(TestnetOptions.defaults()
                .withNodes(8).withTorrents(1).withSeeders(2).withReplicas(2)
                .withFormats("v2").withLayouts("multi")
                .withSizes("2M").withPieceSizes("16K")
                .withDuration(Duration.ofMinutes(4)));
    }

    @AfterAll
    static void stopTestnet() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void v2OnlyMultiFileTorrentFromBtmhMagnet(@TempDir Path dir) throws Exception {
        TestnetManifest.Torrent t = net.torrent(0);
        assertThat(t.format()).isEqualTo("v2");
        assertThat(t.magnetMinimal()).contains("urn:btmh:").doesNotContain("urn:btih:");
        assertThat(t.files()).as("a file of several pieces needs its piece layer from peers")
                .anyMatch(f -> f.size() > 4L * t.pieceLength());
        try (TestClient client = TestClient.start(net.bootstrap())) {
            Download d = client.download(new DownloadRequest(MagnetUri.parse(t.magnetMinimal()), null, dir, List.of(),
                    List.of(), false, DOWNLOAD_TIMEOUT));
            DownloadOutcome o = d.start().get(DOWNLOAD_TIMEOUT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
            assertThat(o).isInstanceOf(DownloadOutcome.Complete.class);
            TorrentStats s = ((DownloadOutcome.Complete) o).stats();
            assertThat(s.verifiedBytes()).isEqualTo(s.totalBytes());
            assertThat(s.hashFailures()).isZero();
        }
        assertThat(Checksums.mismatches(t, dir)).isEmpty();
    }
}
