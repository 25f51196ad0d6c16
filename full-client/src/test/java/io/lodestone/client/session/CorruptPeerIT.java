package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.engine.TorrentStats;
import io.lodestone.client.interop.LibtorrentPeer;
import io.lodestone.interop.Libtorrent;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A libtorrent seeder and a peer that corrupts every block it sends. Pieces span four blocks, so
 * a failed piece often mixes blocks from both: the liar is found by comparing its blocks with the
 * good copy (smart ban), banned and never reconnected, and the file ends byte-identical.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CorruptPeerIT {

    @Test
    void theLiarIsBannedAndNoCorruptByteLands(@TempDir Path tmp) throws Exception {
        Libtorrent lt = Libtorrent.require();
        Path data = tmp.resolve("data");
        Content.write(data.resolve("file.bin"), 3_000_000, new SplittableRandom(5));
        lt.create(data.resolve("file.bin"), tmp.resolve("file.torrent"), "v1", 64 * 1024);
        Metainfo meta = MetainfoParser.parseTorrent(Files.readAllBytes(tmp.resolve("file.torrent")));
        try (LibtorrentPeer good = LibtorrentPeer.seed(tmp.resolve("file.torrent"), data, 0, Duration.ofMinutes(2));
             LyingSeeder liar = LyingSeeder.start(meta, data.resolve("file.bin"));
             TestClient client = TestClient.start(List.of())) {
            Download d = client.download(new DownloadRequest(null, meta, tmp.resolve("out"),
                    List.of(liar.address(), good.address()), List.of(), false, Duration.ofSeconds(60)));
            DownloadOutcome o = d.start().get(90, TimeUnit.SECONDS);
            assertThat(o).isInstanceOf(DownloadOutcome.Complete.class);
            TorrentStats s = ((DownloadOutcome.Complete) o).stats();
            System.out.printf("corrupt peer: %d blocks served by the liar, %d hash failures, %d banned, %d wasted%n",
                    liar.blocksServed(), s.hashFailures(), s.banned(), s.wasted());
            assertThat(liar.blocksServed()).isPositive();
            assertThat(s.hashFailures()).isPositive();
            assertThat(s.banned()).isEqualTo(1);
            // libtorrent may dial it too once our PEX names it (it does since it reaches us over MSE)
            assertThat(liar.connectionsFrom(client.network().peerId())).as("a banned peer is not called again")
                    .isEqualTo(1);
        }
        assertThat(Checksums.sha256(tmp.resolve("out/file.bin"))).isEqualTo(Checksums.sha256(data.resolve("file.bin")));
    }
}
