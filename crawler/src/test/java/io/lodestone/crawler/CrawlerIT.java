package io.lodestone.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.dht.lookup.SweepConfig;
import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmConfig;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.resolve.ResolveConfig;
import io.lodestone.resolve.ResolveService;
import io.lodestone.resolve.ResolverAssembly;
import io.lodestone.types.HostPort;
import io.lodestone.types.InfoHash;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole crawler against a loopback DHT of 12 libtorrent nodes seeding 10 torrents (v1 and
 * hybrid): a farm of 4 nodes harvests passively and by BEP 51, the real resolver fetches the
 * metadata, an in-memory sink stores it. Every torrent must be resolved in bounded time with an
 * info dict that hashes to its info-hash. Reports harvested and resolved counts over time, and the
 * most DHT datagrams the farm sent to one libtorrent node (one IP each) within any 10 s window.
 */
@Timeout(180)
class CrawlerIT {

    static final int LIBTORRENT_NODES = 12;
    static final int TORRENTS = 10;
    static final int FARM_NODES = 4;
    static final Duration CRAWL_LIMIT = Duration.ofSeconds(100);
    static final long SAMPLE_MILLIS = 1_000;
    static final Duration STEADY_STATE = Duration.ofSeconds(15);
    static final int WINDOW_SECONDS = 10;

    @Test
    void harvestsAndResolvesEveryTorrentOfALibtorrentTestnet() throws Exception {
        Libtorrent lt = Libtorrent.require();
        try (Testnet net = lt.startTestnet(TestnetOptions.defaults()
                .withNodes(LIBTORRENT_NODES).withTorrents(TORRENTS).withSeeders(4)
                .withFormats("v1", "hybrid").withLayouts("single", "multi").withSizes("64K", "300K")
                .withNoUtp(true).withDuration(Duration.ofMinutes(4)))) {
            TestnetManifest.Node first = net.node(0);
            FarmConfig fc = FarmConfig.defaults()
                    .withNodes(FARM_NODES)
                    .withBind(List.of(InetAddress.getLoopbackAddress()), 0)
                    .withBootstrap(List.of(new HostPort(first.host(), first.port())))
                    .withThreads(1)
                    .withNode(DhtConfig.defaults().toBuilder().allowPrivate(true).build());
            CrawlerConfig config = CrawlerConfig.defaults().withSweep(1, SweepConfig.defaults())
                    .withResolveTimeout(Duration.ofSeconds(30))
                    .withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(20), 8);
            CrawlTime time = CrawlTime.system();
            Harvester harvester = new Harvester(config.harvestQueueSize(), time.clock());
            InMemorySink sink = new InMemorySink();
            PacketCounter packets = new PacketCounter(System::nanoTime, Set.of(InetAddress.getLoopbackAddress()));
            DhtFarm farm = DhtFarm.start(fc, harvester, packets);
            Crawler crawler = null;
            long start = System.nanoTime();
            List<String> timeline = new ArrayList<>();
            double resolvedAfter = 0;
            try {
                ResolveService service = ResolverAssembly.create()
                        .config(ResolveConfig.defaults().withAllowPrivatePeers(true))
                        .dht(farm.node(FARM_NODES - 1)).build();
                crawler = Crawler.start(farm, harvester, service, sink, config, time);
                for (FarmNode n : farm.nodes()) {
                    net.addDhtNode(n.address()); // so their get_peers and announces reach us too
                }
                net.announceAll();

                long deadline = start + CRAWL_LIMIT.toNanos();
                while (System.nanoTime() < deadline && missing(net, sink) > 0) {
                    Thread.sleep(SAMPLE_MILLIS);
                    CrawlerStats st = crawler.stats();
                    timeline.add(String.format("t=%5.1fs harvested=%d (announce %d, get_peers %d, sample %d)"
                                    + " unique=%d resolved=%d failed=%d pending=%d inFlight=%d sweepQueries=%d",
                            (System.nanoTime() - start) / 1e9, st.harvested(), st.harvestedAnnounce(),
                            st.harvestedGetPeers(), st.harvestedSample(), st.pipeline().unique(),
                            st.pipeline().resolved(), st.pipeline().failed(), st.pipeline().pending(),
                            st.pipeline().inFlight(), st.sweep().queries()));
                }
                resolvedAfter = (System.nanoTime() - start) / 1e9;
                // keep crawling (and measuring) a while longer: the steady state counts too
                Thread.sleep(STEADY_STATE.toMillis());
            } finally {
                if (crawler != null) {
                    crawler.close();
                }
                farm.close();
            }
            timeline.forEach(System.out::println);
            System.out.printf("%d of %d torrents resolved after %.1f s%n", TORRENTS - missing(net, sink), TORRENTS,
                    resolvedAfter);
            PacketCounter.Peak peak = packets.peak(TimeUnit.SECONDS.toNanos(WINDOW_SECONDS));
            System.out.printf("DHT datagrams sent: %d to %d libtorrent IPs; most to one IP in any %d s window: %d"
                            + " (%.1f/s) to %s%n", packets.total(), packets.destinations(), WINDOW_SECONDS,
                    peak.packets(), peak.packets() / (double) WINDOW_SECONDS, peak.ip());

            assertThat(missing(net, sink)).as("torrents not resolved within %s", CRAWL_LIMIT).isZero();
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (TestnetManifest.Torrent t : net.torrents()) {
                ResolvedTorrent r = stored(sink, t);
                byte[] dict = r.infoDict();
                assertThat(HexFormat.of().formatHex(sha1.digest(dict))).isEqualTo(t.infoHashV1());
                assertThat(dict).hasSize(t.metadataSize());
                Metainfo m = MetainfoParser.parseInfo(dict);
                assertThat(m.name()).isEqualTo(t.name());
                if (t.infoHashV2() != null) {
                    // a hybrid resolves under whichever key came first; the other one is retired with it
                    InfoHash other = r.infoHash().hex().equals(t.infoHashV1())
                            ? InfoHash.fromHex(t.infoHashV2().substring(0, 40)) : InfoHash.fromHex(t.infoHashV1());
                    assertThat(sink.state().pending()).as("a hybrid's other key is retired with it")
                            .doesNotContainKey(other);
                    assertThat(sink.state().torrents()).doesNotContainKey(other);
                }
            }
            assertThat(crawler.stats().dropped()).isZero();
            assertThat(packets.overflow()).isZero();
            assertThat(sink.callerThreads()).containsOnly("crawler");
        }
    }

    private static int missing(Testnet net, InMemorySink sink) {
        int n = 0;
        for (TestnetManifest.Torrent t : net.torrents()) {
            n += stored(sink, t) == null ? 1 : 0;
        }
        return n;
    }

    /** Stored under its v1 key, or for a hybrid under its truncated v2 key, whichever was resolved. */
    private static ResolvedTorrent stored(InMemorySink sink, TestnetManifest.Torrent t) {
        ResolvedTorrent r = sink.state().torrents().get(InfoHash.fromHex(t.infoHashV1()));
        if (r == null && t.infoHashV2() != null) {
            r = sink.state().torrents().get(InfoHash.fromHex(t.infoHashV2().substring(0, 40)));
        }
        return r;
    }
}
