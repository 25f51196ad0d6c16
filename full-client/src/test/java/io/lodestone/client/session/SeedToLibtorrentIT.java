package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lodestone.client.DownloadState;
import io.lodestone.client.interop.LibtorrentPeer;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.TorrentView;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
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
 * The other direction: Lodestone seeds (resume check finds everything, then serves) and a
 * libtorrent leecher downloads the whole torrent from it alone, from the .torrent and from a
 * bare magnet (the info dict then comes from us over ut_metadata).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SeedToLibtorrentIT {

    static final Duration LEECH_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void libtorrentDownloadsEverythingFromUs(@TempDir Path tmp) throws Exception {
        libtorrentLeechesFromOurSeeder(tmp, null);
    }

    /**
     * Our seeder, and a libtorrent leecher with the given MSE/PE policy ({@code forced},
     * {@code enabled}, {@code disabled}, or null for its defaults) downloading from it from a
     * .torrent and from a bare magnet.
     */
    static void libtorrentLeechesFromOurSeeder(Path tmp, String encryption) throws Exception {
        Libtorrent lt = Libtorrent.require();
        Path data = tmp.resolve("data");
        Map<String, Long> files = Content.multiFile(data, "shared ✓", 3_000_000, 42);
        TorrentView view = lt.create(data.resolve("shared ✓"), tmp.resolve("shared.torrent"), "hybrid", 32 * 1024);
        Metainfo meta = MetainfoParser.parseTorrent(Files.readAllBytes(tmp.resolve("shared.torrent")));
        try (TestClient us = TestClient.start(List.of())) {
            Download seed = us.download(new DownloadRequest(null, meta, data, List.of(), List.of(), true,
                    Duration.ofSeconds(30)));
            assertThat(seed.start().get(30, TimeUnit.SECONDS)).isInstanceOf(DownloadOutcome.Complete.class);
            assertThat(seed.state()).isEqualTo(DownloadState.SEEDING);
            assertThat(seed.checkedBytes()).as("the resume check found every piece").isEqualTo(
                    seed.stats().totalBytes());

            Path fromTorrent = tmp.resolve("lt-torrent");
            JsonNode r = LibtorrentPeer.leech(tmp.resolve("shared.torrent").toString(), fromTorrent,
                    List.of(us.peerAddress()), LEECH_TIMEOUT, encryption);
            assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
            assertSameFiles(files, data.resolve("shared ✓"), fromTorrent.resolve("shared ✓"));

            Path fromMagnet = tmp.resolve("lt-magnet");
            r = LibtorrentPeer.leech("magnet:?xt=urn:btih:" + view.infoHash(), fromMagnet, List.of(us.peerAddress()),
                    LEECH_TIMEOUT, encryption);
            assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
            assertSameFiles(files, data.resolve("shared ✓"), fromMagnet.resolve("shared ✓"));
            // our numbers are published once a second
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(seed.stats().uploaded()).isGreaterThanOrEqualTo(2 * meta.totalSize()));
            seed.cancel();
            seed.finished().get(10, TimeUnit.SECONDS);
        }
    }

    static void assertSameFiles(Map<String, Long> files, Path expected, Path actual) throws Exception {
        for (String f : files.keySet()) {
            assertThat(Checksums.sha256(actual.resolve(f))).as(f).isEqualTo(Checksums.sha256(expected.resolve(f)));
        }
    }
}
