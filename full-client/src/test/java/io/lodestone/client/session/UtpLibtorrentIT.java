package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.interop.LibtorrentPeer;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.TorrentView;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.resolve.FetchConfig;
import io.lodestone.resolve.FetchResult;
import io.lodestone.resolve.MetadataFetcher;
import io.lodestone.resolve.PeerTransport;
import io.lodestone.wire.utp.UtpConfig;
import io.lodestone.wire.utp.UtpSocketManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * uTP (BEP 29) against libtorrent with TCP disabled both ways ({@code enable_incoming_tcp} and
 * {@code enable_outgoing_tcp} off), so only uTP can carry a connection: we resolve a torrent's
 * metadata from it over uTP alone, and over uTP-first with TCP racing (which cannot win here:
 * libtorrent accepts the TCP connection and closes it). Each try uses its own UDP port: libtorrent
 * remembers a peer by address and port and, once that peer had the metadata and closed, turns the
 * same endpoint away when it comes back.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UtpLibtorrentIT {

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
}
