package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lodestone.client.interop.Rtorrent;
import io.lodestone.interop.Opentracker;
import io.lodestone.magnet.MagnetUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MSE/PE against rtorrent 0.9.8 set to {@code protocol.encryption = require,require_RC4}: it
 * drops every plaintext connection and every encrypted one that does not select RC4. We resolve
 * and download a bare magnet from it (prefer: plaintext refused, then MSE), and it downloads from
 * our seeder, found through the tracker it needs. Files compared by SHA-256.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RtorrentIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String REQUIRE_RC4 = "require,require_RC4";

    @Test
    void weResolveAndDownloadFromAnRtorrentThatRequiresRc4(@TempDir Path tmp) throws Exception {
        try (Opentracker tracker = Opentracker.start(Files.createDirectories(tmp.resolve("ot")), List.of())) {
            OtherClientsIT.Shared s = OtherClientsIT.share(tmp, tracker, 61);
            tracker.allow(List.of(s.meta().dhtInfoHash().hex()));
            try (Rtorrent seeder = Rtorrent.start(s.torrentFile(), s.data(), tmp.resolve("rt"), REQUIRE_RC4);
                 TestClient us = TestClient.start(List.of())) {
                tracker.awaitSeeder(s.meta().dhtInfoHash().hex(), TIMEOUT);
                MagnetUri magnet = MagnetUri.parseAny("magnet:?xt=urn:btih:" + s.meta().dhtInfoHash().hex()
                        + "&x.pe=127.0.0.1:" + seeder.peerAddress().getPort());
                Path out = tmp.resolve("out");
                Download d = us.download(new DownloadRequest(magnet, null, out, List.of(), List.of(), false,
                        TIMEOUT));
                DownloadOutcome o = d.start().get(TIMEOUT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
                assertThat(o).as(o.toString()).isInstanceOf(DownloadOutcome.Complete.class);
                SeedToLibtorrentIT.assertSameFiles(s.files(), s.data().resolve("shared"), out.resolve("shared"));
            }
        }
    }

    /**
     * rtorrent learns peers from the tracker, and opentracker's answer holds rtorrent itself at
     * 127.0.0.1 too; rtorrent keeps one entry per IP, so when its own address comes first it dials
     * itself ("is self") and never us. So our seeder is also told rtorrent's address and dials it:
     * under {@code prefer} plaintext first, which rtorrent refuses, then MSE on the retry.
     */
    @Test
    void anRtorrentThatRequiresRc4DownloadsFromOurSeeder(@TempDir Path tmp) throws Exception {
        try (Opentracker tracker = Opentracker.start(Files.createDirectories(tmp.resolve("ot")), List.of())) {
            OtherClientsIT.Shared s = OtherClientsIT.share(tmp, tracker, 62);
            tracker.allow(List.of(s.meta().dhtInfoHash().hex()));
            Path got = tmp.resolve("rt-out");
            try (TestClient us = TestClient.start(List.of());
                 Rtorrent leecher = Rtorrent.start(s.torrentFile(), got, tmp.resolve("rt"), REQUIRE_RC4)) {
                Download seed = us.download(new DownloadRequest(null, s.meta(), s.data(),
                        List.of(leecher.peerAddress()), List.of(), true, TIMEOUT));
                assertThat(seed.start().get(30, TimeUnit.SECONDS)).isInstanceOf(DownloadOutcome.Complete.class);
                try {
                    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                            SeedToLibtorrentIT.assertSameFiles(s.files(), s.data().resolve("shared"),
                                    got.resolve("shared")));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("rtorrent did not get the files; our seed: " + seed.stats()
                            + "\nrtorrent's log:\n" + leecher.logTail(80), e);
                }
                // the torrent's figures are published on its tick, a moment after the last block went out
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(seed.stats().uploaded()).isPositive());
                seed.cancel();
            }
        }
    }
}
