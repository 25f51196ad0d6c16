package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lodestone.client.interop.Deluge;
import io.lodestone.magnet.MagnetUri;
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
 * MSE/PE against Deluge 2.0 with encryption forced both ways at the RC4 level: it drops every
 * plaintext connection. We resolve a bare magnet from it and download (prefer: plaintext refused,
 * then MSE), and it downloads from our seeder, which dials it. Files compared by SHA-256.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DelugeIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void weResolveAndDownloadFromADelugeThatForcesEncryption(@TempDir Path tmp) throws Exception {
        Shared s = share(tmp, 81);
        try (Deluge seeder = Deluge.start(tmp.resolve("deluge"), s.data(), Deluge.FORCED, Deluge.RC4);
             TestClient us = TestClient.start(List.of())) {
            seeder.add(s.torrentFile(), s.data());
            MagnetUri magnet = MagnetUri.parseAny("magnet:?xt=urn:btih:" + s.meta().dhtInfoHash().hex()
                    + "&x.pe=127.0.0.1:" + seeder.peerAddress().getPort());
            Path out = tmp.resolve("out");
            Download d = us.download(new DownloadRequest(magnet, null, out, List.of(), List.of(), false, TIMEOUT));
            DownloadOutcome o = d.start().get(TIMEOUT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
            assertThat(o).as("%s; Deluge says:%n%s", o, seeder.info()).isInstanceOf(DownloadOutcome.Complete.class);
            SeedToLibtorrentIT.assertSameFiles(s.files(), s.data().resolve("shared"), out.resolve("shared"));
        }
    }

    /** The other tests' proof that Deluge really forces encryption, and what we say when it does. */
    @Test
    void withOurEncryptionDisabledWeGetNothingAndSayThePeerClosedOnPlaintext(@TempDir Path tmp) throws Exception {
        Shared s = share(tmp, 83);
        try (Deluge seeder = Deluge.start(tmp.resolve("deluge"), s.data(), Deluge.FORCED, Deluge.RC4);
             TestClient us = TestClient.start(List.of(), io.lodestone.client.engine.EngineConfig.defaults()
                     .withEncryption(io.lodestone.wire.mse.EncryptionPolicy.DISABLE))) {
            seeder.add(s.torrentFile(), s.data());
            MagnetUri magnet = MagnetUri.parseAny("magnet:?xt=urn:btih:" + s.meta().dhtInfoHash().hex()
                    + "&x.pe=127.0.0.1:" + seeder.peerAddress().getPort());
            Download d = us.download(new DownloadRequest(magnet, null, tmp.resolve("out"), List.of(), List.of(),
                    false, Duration.ofSeconds(15)));
            DownloadOutcome o = d.start().get(60, TimeUnit.SECONDS);
            assertThat(o).isNotInstanceOf(DownloadOutcome.Complete.class);
            assertThat(o.toString()).contains("closed after our plaintext handshake");
        }
    }

    @Test
    void aDelugeThatForcesEncryptionDownloadsFromOurSeeder(@TempDir Path tmp) throws Exception {
        Shared s = share(tmp, 82);
        Path got = tmp.resolve("deluge-out");
        try (TestClient us = TestClient.start(List.of());
             Deluge leecher = Deluge.start(tmp.resolve("deluge"), got, Deluge.FORCED, Deluge.RC4)) {
            leecher.add(s.torrentFile(), got);
            // no tracker and no DHT: our seeder is told Deluge's address and dials it
            Download seed = us.download(new DownloadRequest(null, s.meta(), s.data(),
                    List.of(leecher.peerAddress()), List.of(), true, TIMEOUT));
            assertThat(seed.start().get(30, TimeUnit.SECONDS)).isInstanceOf(DownloadOutcome.Complete.class);
            try {
                // Deluge creates the files as pieces arrive: a missing one is not yet a failure
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                        SeedToLibtorrentIT.assertSameFiles(s.files(), s.data().resolve("shared"),
                                got.resolve("shared")));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("Deluge did not get the files; our seed: " + seed.stats()
                        + "\nDeluge says:\n" + leecher.info(), e);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(seed.stats().uploaded()).isPositive());
            seed.cancel();
        }
    }

    record Shared(Path data, Path torrentFile, Metainfo meta, Map<String, Long> files) {
    }

    /** A multi-file torrent with no tracker: Deluge meets peers only as the test says. */
    static Shared share(Path tmp, long seed) throws Exception {
        Path data = tmp.resolve("data");
        Map<String, Long> files = Content.multiFile(data, "shared", 2_500_000, seed);
        byte[] torrent = TorrentCreator.create(data.resolve("shared"), CreateOptions.defaults()
                .withFormat(CreateOptions.Format.V1).withPieceLength(32 * 1024));
        Path file = Files.write(tmp.resolve("shared.torrent"), torrent);
        return new Shared(data, file, MetainfoParser.parseTorrent(torrent), files);
    }
}
