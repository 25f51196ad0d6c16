package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.engine.TorrentStats;
import io.lodestone.client.interop.LibtorrentPeer;
import io.lodestone.interop.Opentracker;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One libtorrent seeder capped well below what eight leechers want, and eight Lodestone leechers
 * that meet through an opentracker: every leecher finishes, and most of the bytes they receive
 * come from each other, not from the seeder (reported; the test asserts more than half).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SwarmIT {

    static final int LEECHERS = 8;
    static final long SIZE = 8_000_000;
    /** The seeder alone would need LEECHERS * SIZE / RATE = 64 s to serve everyone. */
    static final long SEEDER_RATE = 1_000_000;
    static final Duration TIMEOUT = Duration.ofSeconds(100);

    @Test
    void eightLeechersShareWhatOneSlowSeederHas(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Content.write(data.resolve("swarm.bin"), SIZE, new SplittableRandom(8));
        try (Opentracker tracker = Opentracker.start(Files.createDirectories(tmp.resolve("ot")), List.of())) {
            byte[] torrent = TorrentCreator.create(data.resolve("swarm.bin"), CreateOptions.defaults()
                    .withFormat(CreateOptions.Format.HYBRID).withPieceLength(64 * 1024)
                    .withTrackers(List.of(tracker.announceUrl())));
            Path torrentFile = tmp.resolve("swarm.torrent");
            Files.write(torrentFile, torrent);
            Metainfo meta = MetainfoParser.parseTorrent(torrent);
            tracker.allow(List.of(meta.dhtInfoHash().hex()));
            List<TestClient> clients = new ArrayList<>();
            try (LibtorrentPeer seeder = LibtorrentPeer.seed(torrentFile, data, SEEDER_RATE, Duration.ofMinutes(3))) {
                List<Download> downloads = new ArrayList<>();
                List<CompletableFuture<DownloadOutcome>> outcomes = new ArrayList<>();
                long started = System.nanoTime();
                for (int i = 0; i < LEECHERS; i++) {
                    TestClient c = TestClient.start(List.of());
                    clients.add(c);
                    // the seeder is not on the tracker (lt_peer announces nowhere): everyone is told of it
                    Download d = c.download(new DownloadRequest(null, meta, tmp.resolve("leecher-" + i),
                            List.of(seeder.address()), List.of(), true, TIMEOUT));
                    downloads.add(d);
                    outcomes.add(d.start());
                }
                for (CompletableFuture<DownloadOutcome> o : outcomes) {
                    assertThat(o.get(TIMEOUT.plusSeconds(20).toSeconds(), TimeUnit.SECONDS))
                            .isInstanceOf(DownloadOutcome.Complete.class);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                Thread.sleep(1500); // a last round of published numbers
                long received = 0;
                long sentByLeechers = 0;
                for (Download d : downloads) {
                    TorrentStats s = d.stats();
                    received += s.downloaded() - s.wasted();
                    sentByLeechers += s.uploaded();
                }
                long fromSeeder = seeder.stop();
                System.out.printf("swarm: %d leechers done in %.1f s; received %d useful bytes, %d from the seeder,"
                                + " %d uploaded by leechers to each other (%.0f %%)%n", LEECHERS, seconds, received,
                        fromSeeder, sentByLeechers, 100.0 * sentByLeechers / received);
                assertThat(sentByLeechers).as("leechers trade among themselves").isGreaterThan(received / 2);
                for (int i = 0; i < LEECHERS; i++) {
                    assertThat(Checksums.sha256(tmp.resolve("leecher-" + i).resolve("swarm.bin")))
                            .isEqualTo(Checksums.sha256(data.resolve("swarm.bin")));
                }
                downloads.forEach(Download::cancel);
            } finally {
                clients.forEach(TestClient::close);
            }
        }
    }
}
