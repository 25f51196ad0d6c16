package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.DownloadState;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lodestone clients only, on loopback sockets: one seeds, others download from it and from each
 * other; a lying peer is banned and costs nothing but time. Small and fast enough for every build.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LocalSwarmTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void leechersDownloadAHybridMultiFileTorrentFromOurSeeder(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("seed");
        Map<String, Long> files = Content.multiFile(data, "swarm", 1_500_000, 7);
        Metainfo meta = MetainfoParser.parseTorrent(TorrentCreator.create(data.resolve("swarm"),
                CreateOptions.defaults().withPieceLength(32 * 1024)));
        try (TestClient seeder = TestClient.start(List.of());
             TestClient a = TestClient.start(List.of());
             TestClient b = TestClient.start(List.of())) {
            Download seed = seeder.download(request(meta, data, List.of(), true));
            assertThat(seed.start().get(30, TimeUnit.SECONDS)).isInstanceOf(DownloadOutcome.Complete.class);
            assertThat(seed.state()).isEqualTo(DownloadState.SEEDING);

            Download da = a.download(request(meta, tmp.resolve("a"), List.of(seeder.peerAddress()), false));
            Download db = b.download(request(meta, tmp.resolve("b"),
                    List.of(seeder.peerAddress(), a.peerAddress()), false));
            var fa = da.start();
            var fb = db.start();
            assertThat(fa.get(60, TimeUnit.SECONDS)).isInstanceOf(DownloadOutcome.Complete.class);
            assertThat(fb.get(60, TimeUnit.SECONDS)).isInstanceOf(DownloadOutcome.Complete.class);
            for (var outcome : List.of(fa.get(), fb.get())) {
                var s = ((DownloadOutcome.Complete) outcome).stats();
                assertThat(s.verifiedBytes()).as("a complete download's stats say so").isEqualTo(s.totalBytes());
            }
            for (String f : files.keySet()) {
                String want = Checksums.sha256(data.resolve("swarm").resolve(f));
                assertThat(Checksums.sha256(tmp.resolve("a/swarm").resolve(f))).as(f).isEqualTo(want);
                assertThat(Checksums.sha256(tmp.resolve("b/swarm").resolve(f))).as(f).isEqualTo(want);
            }
            seed.cancel();
        }
    }

    @Test
    void aPeerSendingCorruptBlocksIsBannedAndTheDownloadCompletesFromOthers(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("seed");
        Content.write(data.resolve("one.bin"), 1_000_000, new SplittableRandom(3));
        Metainfo meta = MetainfoParser.parseTorrent(TorrentCreator.create(data.resolve("one.bin"),
                CreateOptions.defaults().withPieceLength(16 * 1024).withFormat(CreateOptions.Format.V1)));
        try (TestClient seeder = TestClient.start(List.of());
             TestClient leecher = TestClient.start(List.of());
             LyingSeeder liar = LyingSeeder.start(meta, data.resolve("one.bin"))) {
            Download seed = seeder.download(request(meta, data, List.of(), true));
            assertThat(seed.start().get(30, TimeUnit.SECONDS)).isInstanceOf(DownloadOutcome.Complete.class);
            Download d = leecher.download(request(meta, tmp.resolve("out"),
                    List.of(liar.address(), seeder.peerAddress()), false));
            DownloadOutcome o = d.start().get(60, TimeUnit.SECONDS);
            assertThat(o).isInstanceOf(DownloadOutcome.Complete.class);
            var stats = ((DownloadOutcome.Complete) o).stats();
            assertThat(liar.blocksServed()).as("the liar was asked for blocks").isPositive();
            assertThat(stats.hashFailures()).isPositive();
            assertThat(stats.banned()).isEqualTo(1);
            assertThat(Checksums.sha256(tmp.resolve("out/one.bin"))).isEqualTo(Checksums.sha256(data.resolve("one.bin")));
            seed.cancel();
        }
    }

    static DownloadRequest request(Metainfo meta, Path dir, List<java.net.InetSocketAddress> peers, boolean seed) {
        return new DownloadRequest(null, meta, dir, peers, List.of(), seed, TIMEOUT);
    }
}
