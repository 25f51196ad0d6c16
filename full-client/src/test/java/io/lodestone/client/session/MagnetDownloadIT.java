package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.engine.TorrentStats;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.magnet.MagnetUri;
import java.nio.file.Files;
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
 * Magnet only, DHT only: metadata and every piece from libtorrent seeders on a loopback DHT, no
 * tracker and no peer given. Each downloaded file is compared with the seeders' by SHA-256.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MagnetDownloadIT {

    static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);

    static Testnet net;

    @BeforeAll
    static void startTestnet() {
        // torrent 0: hybrid multi-file (nested non-ASCII names, an empty file, pad files), 2 seeders;
        // torrent 1: v1 single file with 16 KiB pieces
        net = Libtorrent.require().startTestnet(TestnetOptions.defaults()
                .withNodes(8).withTorrents(2).withSeeders(2).withReplicas(2)
                .withFormats("hybrid", "v1").withLayouts("multi", "single")
                .withSizes("3M", "2M").withPieceSizes("32K", "16K")
                .withDuration(Duration.ofMinutes(4)));
    }

    @AfterAll
    static void stopTestnet() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void hybridMultiFileTorrentFromMagnetOverDht(@TempDir Path dir) throws Exception {
        TestnetManifest.Torrent t = net.torrent(0);
        TorrentStats stats = download(t, dir);
        assertThat(Checksums.mismatches(t, dir)).isEmpty();
        assertThat(Files.size(dir.resolve(t.name()).resolve("zero/empty.dat"))).isZero();
        assertThat(Checksums.countFiles(dir)).as("pad files are never written").isEqualTo(t.files().size());
        assertThat(stats.hashFailures()).isZero();
    }

    @Test
    void singleFileTorrentFromMagnetOverDht(@TempDir Path dir) throws Exception {
        TestnetManifest.Torrent t = net.torrent(1);
        download(t, dir);
        assertThat(Checksums.mismatches(t, dir)).isEmpty();
    }

    private static TorrentStats download(TestnetManifest.Torrent t, Path dir) throws Exception {
        try (TestClient client = TestClient.start(net.bootstrap())) {
            Download d = client.download(new DownloadRequest(MagnetUri.parse(t.magnetMinimal()), null, dir, List.of(),
                    List.of(), false, DOWNLOAD_TIMEOUT));
            DownloadOutcome o = d.start().get(DOWNLOAD_TIMEOUT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
            assertThat(o).isInstanceOf(DownloadOutcome.Complete.class);
            TorrentStats s = ((DownloadOutcome.Complete) o).stats();
            assertThat(s.verifiedBytes()).isEqualTo(s.totalBytes());
            return s;
        }
    }
}
