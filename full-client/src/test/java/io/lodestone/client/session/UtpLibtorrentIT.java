package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.interop.LibtorrentPeer;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.TorrentView;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.resolve.FetchConfig;
import io.lodestone.resolve.FetchResult;
import io.lodestone.resolve.MetadataFetcher;
import io.lodestone.resolve.PeerTransport;
import io.lodestone.wire.utp.UtpConfig;
import io.lodestone.wire.utp.UtpSocketManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * uTP (BEP 29) against libtorrent with TCP disabled both ways ({@code enable_incoming_tcp} and
 * {@code enable_outgoing_tcp} off), so only uTP can carry a connection: we resolve a torrent's
 * metadata from it over uTP alone, and over uTP-first with TCP racing (which cannot win here:
 * libtorrent accepts the TCP connection and closes it); we download 64 MiB from it, and it
 * downloads from our seeder, both over the download engine's uTP channels, files compared by
 * SHA-256. Each try uses its own UDP port: libtorrent
 * remembers a peer by address and port and, once that peer had the metadata and closed, turns the
 * same endpoint away when it comes back.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UtpLibtorrentIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void weResolveFromAUtpOnlySeeder(@TempDir Path tmp) throws Exception {
        Libtorrent lt = Libtorrent.require();
        Path data = tmp.resolve("data");
        Content.multiFile(data, "over utp", 4_000_000, 61);
        TorrentView view = lt.create(data.resolve("over utp"), tmp.resolve("u.torrent"), "v1", 16 * 1024);
        try (LibtorrentPeer seeder = LibtorrentPeer.seed(tmp.resolve("u.torrent"), data, 0, Duration.ofMinutes(2),
                null, "utp")) {
            MagnetUri magnet = MagnetUri.parseAny("magnet:?xt=urn:btih:" + view.infoHash());
            for (PeerTransport.Mode mode : new PeerTransport.Mode[] {PeerTransport.Mode.UTP_ONLY,
                    PeerTransport.Mode.PREFER_UTP}) {
                try (UtpSocketManager utp = UtpSocketManager.bind(LOOPBACK, UtpConfig.defaults(), 64)) {
                    MetadataFetcher fetcher = new MetadataFetcher(FetchConfig.defaults(), PeerTransport.of(mode, utp));
                    FetchResult r = fetcher.fetch(magnet, seeder.address()).get(60, TimeUnit.SECONDS);
                    assertThat(r).as("%s: %s", mode, r).isInstanceOf(FetchResult.Success.class);
                    byte[] info = ((FetchResult.Success) r).infoBytes();
                    assertThat(MetainfoParser.parseInfo(info).infoHashV1().hex()).isEqualTo(view.infoHash());
                    assertThat(utp.datagramsIn()).isPositive();
                }
            }
            // TCP alone cannot reach it: the seeder really is uTP-only
            FetchResult tcp = new MetadataFetcher(FetchConfig.defaults().withTimeouts(Duration.ofSeconds(3),
                    Duration.ofSeconds(3), Duration.ofSeconds(8), Duration.ofSeconds(3)))
                    .fetch(magnet, seeder.address()).get(60, TimeUnit.SECONDS);
            assertThat(tcp).isInstanceOf(FetchResult.Failure.class);
        }
    }

    @Test
    void weDownload64MiBFromAUtpOnlySeeder(@TempDir Path tmp) throws Exception {
        Libtorrent lt = Libtorrent.require();
        Path data = tmp.resolve("data");
        Map<String, Long> files = Content.multiFile(data, "big utp", 64L << 20, 62);
        TorrentView view = lt.create(data.resolve("big utp"), tmp.resolve("b.torrent"), "v1", 256 * 1024);
        try (LibtorrentPeer seeder = LibtorrentPeer.seed(tmp.resolve("b.torrent"), data, 0, Duration.ofMinutes(2),
                null, "utp");
             TestClient us = TestClient.startWithUtp(PeerTransport.Mode.UTP_ONLY)) {
            MagnetUri magnet = MagnetUri.parseAny("magnet:?xt=urn:btih:" + view.infoHash() + "&x.pe=127.0.0.1:"
                    + seeder.address().getPort());
            Path out = tmp.resolve("out");
            long t0 = System.nanoTime();
            Download d = us.download(new DownloadRequest(magnet, null, out, List.of(), List.of(), false, TIMEOUT));
            DownloadOutcome o = d.start().get(TIMEOUT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
            assertThat(o).as(o.toString()).isInstanceOf(DownloadOutcome.Complete.class);
            System.out.printf("UtpLibtorrentIT: 64 MiB from libtorrent over uTP in %.1f s%n",
                    (System.nanoTime() - t0) / 1e9);
            SeedToLibtorrentIT.assertSameFiles(files, data.resolve("big utp"), out.resolve("big utp"));
        }
    }

    @Test
    void aUtpOnlyLibtorrentDownloadsFromUs(@TempDir Path tmp) throws Exception {
        Libtorrent lt = Libtorrent.require();
        Path data = tmp.resolve("data");
        Map<String, Long> files = Content.multiFile(data, "seeded utp", 16L << 20, 63);
        lt.create(data.resolve("seeded utp"), tmp.resolve("s.torrent"), "hybrid", 64 * 1024);
        Metainfo meta = MetainfoParser.parseTorrent(Files.readAllBytes(tmp.resolve("s.torrent")));
        try (TestClient us = TestClient.startWithUtp(PeerTransport.Mode.UTP_ONLY)) {
            Download seed = us.download(new DownloadRequest(null, meta, data, List.of(), List.of(), true,
                    Duration.ofSeconds(30)));
            assertThat(seed.start().get(30, TimeUnit.SECONDS)).isInstanceOf(DownloadOutcome.Complete.class);
            Path got = tmp.resolve("lt");
            JsonNode r = LibtorrentPeer.leech(tmp.resolve("s.torrent").toString(), got, List.of(us.peerAddress()),
                    TIMEOUT, null, "utp");
            assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
            SeedToLibtorrentIT.assertSameFiles(files, data.resolve("seeded utp"), got.resolve("seeded utp"));
            seed.cancel();
            seed.finished().get(10, TimeUnit.SECONDS);
        }
    }
}
