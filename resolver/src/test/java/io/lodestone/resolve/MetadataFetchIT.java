package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.resolve.FetchResult.Failure;
import io.lodestone.resolve.FetchResult.Success;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ut_metadata against real libtorrent seeders on loopback: every torrent of a testnet (v1, v2,
 * hybrid; single and multi file; one with 8 metadata pieces) is fetched straight from its seeder,
 * by its full magnet and by its minimal one, verified, parsed, and its info-hashes compared with
 * the manifest. A second testnet serves one v1 torrent whose info dict is over 1 MiB (v2 piece
 * layers are outside the info dict, so only many v1 piece hashes make it that large).
 */
@Timeout(300)
class MetadataFetchIT {

    /** Bound on one fetch from a loopback seeder. */
    private static final long FETCH_SECONDS = 30;

    private static Testnet net;
    private static MetadataFetcher fetcher;

    @BeforeAll
    static void start() {
        Libtorrent lt = Libtorrent.require();
        net = lt.startTestnet(TestnetOptions.defaults()
                .withNodes(6)
                .withTorrents(6)
                .withSeeders(2)
                .withFormats("v1", "v2", "hybrid")
                .withLayouts("single", "multi")
                // torrent 3 (v1, multi-file, 100 MB in 16 KiB pieces) has 128 KB of metadata: 8 pieces
                .withSizes("64K", "300K", "1M", "100M", "2M", "40M")
                .withPieceSizes("16K")
                .withNoUtp(true)
                .withDuration(Duration.ofMinutes(5)));
        fetcher = new MetadataFetcher(FetchConfig.defaults());
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void everyTorrentsMetadataComesVerifiedFromItsSeeder() throws Exception {
        assertThat(net.torrents()).hasSize(6);
        assertThat(net.torrents()).anySatisfy(t -> assertThat(t.metadataSize()).isGreaterThan(100_000));
        for (TestnetManifest.Torrent t : net.torrents()) {
            for (String link : List.of(t.magnet(), t.magnetMinimal())) {
                MagnetUri magnet = MagnetUri.parse(link);
                InetSocketAddress seeder = t.seederAddresses().getFirst();
                FetchResult r = fetcher.fetch(magnet, seeder).get(FETCH_SECONDS, TimeUnit.SECONDS);
                assertThat(r).as("torrent %d (%s %s) from %s: %s", t.index(), t.format(), t.layout(), seeder, r)
                        .isInstanceOf(Success.class);
                byte[] info = ((Success) r).infoBytes();
                assertThat(info).hasSize(t.metadataSize());
                Metainfo m = MetainfoParser.parseInfo(info);
                assertThat(hex(m.infoHashV1())).isEqualTo(t.infoHashV1());
                assertThat(hex(m.infoHashV2())).isEqualTo(t.infoHashV2());
                assertThat(m.name()).isEqualTo(t.name());
            }
        }
    }

    @Test
    void seederWithoutTheTorrentGivesNothing() throws Exception {
        TestnetManifest.Torrent t = net.torrent(0);
        MagnetUri unknown = MagnetUri.of(InfoHash.fromHex("00112233445566778899aabbccddeeff00112233"));
        FetchResult r = fetcher.fetch(unknown, t.seederAddresses().getFirst()).get(FETCH_SECONDS, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(Failure.class);
    }

    /** 900 MB in 16 KiB pieces: 57,600 SHA-1 hashes, an info dict of about 1.15 MB (71 metadata pieces). */
    @Test
    void metadataOverOneMebibyteFromLibtorrent() throws Exception {
        Libtorrent lt = Libtorrent.require();
        try (Testnet big = lt.startTestnet(TestnetOptions.defaults()
                .withNodes(2).withTorrents(1).withSeeders(1)
                .withFormats("v1").withLayouts("single").withSizes("900M").withPieceSizes("16K")
                .withNoUtp(true).withSeed(7)
                .withReadyTimeout(Duration.ofSeconds(120)).withDuration(Duration.ofMinutes(3)))) {
            TestnetManifest.Torrent t = big.torrent(0);
            assertThat(t.metadataSize()).isGreaterThan(1 << 20);
            FetchResult r = fetcher.fetch(MagnetUri.parse(t.magnetMinimal()), t.seederAddresses().getFirst())
                    .get(FETCH_SECONDS, TimeUnit.SECONDS);
            assertThat(r).as("%s", r).isInstanceOf(Success.class);
            byte[] info = ((Success) r).infoBytes();
            assertThat(info).hasSize(t.metadataSize());
            assertThat(MetainfoParser.parseInfo(info).infoHashV1().hex()).isEqualTo(t.infoHashV1());
        }
    }

    private static String hex(InfoHash h) {
        return h == null ? null : h.hex();
    }
}
