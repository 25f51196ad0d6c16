package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Lodestone seeds a v2-only torrent and a libtorrent leecher starts from its btmh magnet alone:
 * the info dict comes from us over ut_metadata and every piece layer from our answers to its
 * BEP 52 hash requests, without which it could verify no piece of a file longer than a piece.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class V2SeedToLibtorrentIT {

    static final Duration LEECH_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void libtorrentGetsPieceLayersFromUs(@TempDir Path tmp) throws Exception {
        Libtorrent lt = Libtorrent.require();
        Path data = tmp.resolve("data");
        Map<String, Long> files = Content.multiFile(data, "v2 shared", 1_500_000, 52);
        TorrentView view = lt.create(data.resolve("v2 shared"), tmp.resolve("v2.torrent"), "v2", 16 * 1024);
        Metainfo meta = MetainfoParser.parseTorrent(Files.readAllBytes(tmp.resolve("v2.torrent")));
        assertThat(meta.pieceLayers()).as("some file spans several pieces").isNotEmpty();
        try (TestClient us = TestClient.start(List.of())) {
            Download seed = us.download(new DownloadRequest(null, meta, data, List.of(), List.of(), true,
                    Duration.ofSeconds(30)));
            assertThat(seed.start().get(30, TimeUnit.SECONDS)).isInstanceOf(DownloadOutcome.Complete.class);

            Path fromMagnet = tmp.resolve("lt-magnet");
            JsonNode r = LibtorrentPeer.leech("magnet:?xt=urn:btmh:1220" + view.infoHashV2(), fromMagnet,
                    List.of(us.peerAddress()), LEECH_TIMEOUT);
            assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
            SeedToLibtorrentIT.assertSameFiles(files, data.resolve("v2 shared"), fromMagnet.resolve("v2 shared"));
            seed.cancel();
            seed.finished().get(10, TimeUnit.SECONDS);
        }
    }
}
