package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lodestone.interop.Aria2;
import io.lodestone.interop.Opentracker;
import io.lodestone.interop.Transmission;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
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
 * Downloads from transmission and from aria2 seeders that Lodestone finds only through an
 * opentracker on loopback (no --peer, no DHT), and the other way: aria2 downloads from a
 * Lodestone seeder it finds through the tracker. (Transmission cannot be the leecher here: it
 * never dials loopback peers a tracker names.)
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OtherClientsIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    record Shared(Path data, Path torrentFile, Metainfo meta, Map<String, Long> files) {
    }

    static Shared share(Path tmp, Opentracker tracker, long seed) throws Exception {
        Path data = tmp.resolve("data");
        Map<String, Long> files = Content.multiFile(data, "shared", 2_500_000, seed);
        byte[] torrent = TorrentCreator.create(data.resolve("shared"), CreateOptions.defaults()
                .withFormat(CreateOptions.Format.V1).withPieceLength(32 * 1024)
                .withTrackers(List.of(tracker.announceUrl())));
        Path file = tmp.resolve("shared.torrent");
        Files.write(file, torrent);
        return new Shared(data, file, MetainfoParser.parseTorrent(torrent), files);
    }

    @Test
    void fromTransmissionFoundThroughTheTracker(@TempDir Path tmp) throws Exception {
        try (Opentracker tracker = Opentracker.start(Files.createDirectories(tmp.resolve("ot")), List.of())) {
            Shared s = share(tmp, tracker, 21);
            tracker.allow(List.of(s.meta().dhtInfoHash().hex()));
            try (Transmission seeder = Transmission.seed(s.torrentFile(), s.data(), tmp.resolve("tr"))) {
                seeder.awaitSeeding(TIMEOUT);
                tracker.awaitSeeder(s.meta().dhtInfoHash().hex(), TIMEOUT);
                downloadAndCompare(s, tmp.resolve("out"));
            }
        }
    }

    @Test
    void fromAria2FoundThroughTheTracker(@TempDir Path tmp) throws Exception {
        try (Opentracker tracker = Opentracker.start(Files.createDirectories(tmp.resolve("ot")), List.of())) {
            Shared s = share(tmp, tracker, 22);
            tracker.allow(List.of(s.meta().dhtInfoHash().hex()));
            try (Aria2 seeder = Aria2.seed(s.torrentFile(), s.data(), tmp.resolve("aria2"))) {
                seeder.awaitSeeding(TIMEOUT);
                tracker.awaitSeeder(s.meta().dhtInfoHash().hex(), TIMEOUT);
                downloadAndCompare(s, tmp.resolve("out"));
            }
        }
    }

    @Test
    void aria2DownloadsFromUs(@TempDir Path tmp) throws Exception {
        try (Opentracker tracker = Opentracker.start(Files.createDirectories(tmp.resolve("ot")), List.of())) {
            Shared s = share(tmp, tracker, 23);
            tracker.allow(List.of(s.meta().dhtInfoHash().hex()));
            try (TestClient us = TestClient.start(List.of())) {
                Download seed = seedThroughTracker(us, s, tracker);
                Path got = tmp.resolve("aria2-out");
                try (Aria2 leecher = Aria2.start(s.torrentFile().toString(), got, tmp.resolve("aria2"), List.of(),
                        Duration.ofMinutes(1))) {
                    // aria2 finds us through the tracker and connects; done when every file matches
                    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                            SeedToLibtorrentIT.assertSameFiles(s.files(), s.data().resolve("shared"),
                                    got.resolve("shared")));
                }
                assertThat(seed.stats().uploaded()).isPositive();
                seed.cancel();
            }
        }
    }

    /** Our seeder of {@code s}, once the tracker lists it. */
    static Download seedThroughTracker(TestClient us, Shared s, Opentracker tracker) throws Exception {
        Download seed = us.download(new DownloadRequest(null, s.meta(), s.data(), List.of(), List.of(), true,
                TIMEOUT));
        assertThat(seed.start().get(30, TimeUnit.SECONDS)).isInstanceOf(DownloadOutcome.Complete.class);
        tracker.awaitSeeder(s.meta().dhtInfoHash().hex(), TIMEOUT);
        return seed;
    }

    private static void downloadAndCompare(Shared s, Path out) throws Exception {
        try (TestClient client = TestClient.start(List.of())) {
            Download d = client.download(new DownloadRequest(null, s.meta(), out, List.of(), List.of(), false, TIMEOUT));
            DownloadOutcome o = d.start().get(TIMEOUT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
            assertThat(o).isInstanceOf(DownloadOutcome.Complete.class);
        }
        SeedToLibtorrentIT.assertSameFiles(s.files(), s.data().resolve("shared"), out.resolve("shared"));
    }
}
