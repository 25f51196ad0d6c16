package io.lodestone.ops.serve;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.engine.PeerNetwork;
import io.lodestone.client.session.DownloadServices;
import io.lodestone.client.session.LocalDownloadManager;
import io.lodestone.client.storage.StorageConfig;
import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.CrawlTime;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.crawler.Crawler;
import io.lodestone.crawler.CrawlerConfig;
import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmConfig;
import io.lodestone.dht.net.OutboundTap;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.http.DhtHealth;
import io.lodestone.index.http.HttpConfig;
import io.lodestone.index.http.HttpServer;
import io.lodestone.index.http.HttpServices;
import io.lodestone.resolve.DhtPeerSource;
import io.lodestone.resolve.FetchConfig;
import io.lodestone.resolve.MagnetPeerSource;
import io.lodestone.resolve.MetadataFetcher;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.ResolveConfig;
import io.lodestone.resolve.ResolveResult;
import io.lodestone.resolve.ResolveService;
import io.lodestone.resolve.TrackerPeerSource;
import io.lodestone.time.Clock;
import io.lodestone.tracker.TrackerClient;
import io.lodestone.tracker.TrackerConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lodestone serve} wired up: index, DHT farm, resolver, crawler and HTTP, started in that
 * order and closed in the reverse one, so the crawler's last batch reaches the index before LMDB
 * is closed.
 */
public final class ServeRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServeRuntime.class);

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final IndexService index;
    private final DhtFarm farm;
    private final Crawler crawler;
    private final HttpServer http;
    private final HarvestCounter harvestCounter;

    private ServeRuntime(ServeConfig config, OutboundTap tap) throws IOException, InterruptedException {
        boolean ok = false;
        try {
            Files.createDirectories(config.dataDir());
            index = remember(IndexService.open(config.dataDir(), IndexConfig.defaults()));
            CrawlerConfig crawl = crawlerConfig(config);
            Harvester harvester = new Harvester(crawl.harvestQueueSize(), Clock.system());
            harvestCounter = new HarvestCounter(harvester);
            farm = remember(DhtFarm.start(farmConfig(config), harvestCounter, tap));
            TrackerClient trackers = remember(new TrackerClient(TrackerConfig.defaults()));
            ResolveService resolver = new ResolveService(
                    ResolveConfig.defaults()
                            .withAllowPrivatePeers(config.dht().allowPrivate())
                            .withParallelism(ResolveConfig.DEFAULT_MAX_PARALLEL_FETCHES,
                                    config.resolver().maxConnections()),
                    new MetadataFetcher(FetchConfig.defaults().withMaxMetadataSize(config.resolver().maxMetadataSize())
                            .withEncryption(config.resolver().encryption())),
                    List.of(new MagnetPeerSource(List.of()), new TrackerPeerSource(trackers),
                            new DhtPeerSource(farm.node(0))));
            crawler = remember(Crawler.start(farm, harvester, resolver, index, crawl, CrawlTime.system(), harvestCounter));

            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new DhtMetricsCollector(() -> FarmSnapshots.read(farm).nodes()));
            registry.register(new ServiceMetricsCollector(() -> new ServiceMetricsCollector.Reading(crawler.stats(),
                    count(index::torrentCount), count(index::pendingCount), resolver.timeToMetadata(),
                    resolver.running(), resolver.connections(), resolver.fetchesSucceeded(),
                    resolver.fetchFailures())));
            HttpConfig httpConfig = HttpConfig.defaults().withAddress(config.http().host(), config.http().port());
            PeerNetwork peers = remember(PeerNetwork.start(EngineConfig.defaults()
                    .withAllowPrivate(config.dht().allowPrivate()).withListen(null, config.downloads().port())
                    .withEncryption(config.downloads().encryption())));
            Files.createDirectories(config.downloadDir());
            LocalDownloadManager downloads = remember(new LocalDownloadManager(
                    new DownloadServices(peers, StorageConfig.defaults(), resolver, farm.node(0), trackers, Clock.system()),
                    config.downloadDir(), config.downloads().timeout(), config.downloads().seedAfter()));
            java.util.concurrent.ExecutorService indexWrites = remember(
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            HttpServices services = HttpServices.of(index, (magnet, timeout) -> resolver.resolve(magnet, timeout)
                            .thenApplyAsync(r -> keep(magnet, r), indexWrites), this::health, registry)
                    .withDownloads(downloads);
            http = remember(new HttpServer(httpConfig, services).start());
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /** Starts everything; on failure whatever had started is closed again. */
    public static ServeRuntime start(ServeConfig config) throws IOException, InterruptedException {
        return new ServeRuntime(config, OutboundTap.NONE);
    }

    /** As {@link #start(ServeConfig)}, showing every DHT datagram sent to {@code tap} (measurements). */
    public static ServeRuntime start(ServeConfig config, OutboundTap tap) throws IOException, InterruptedException {
        return new ServeRuntime(config, tap);
    }

    public int httpPort() {
        return http.port();
    }

    public DhtFarm farm() {
        return farm;
    }

    public IndexService index() {
        return index;
    }

    public Crawler crawler() {
        return crawler;
    }

    DhtHealth health() {
        return HealthAssembler.assemble(FarmSnapshots.read(farm), harvestCounter, crawler.stats());
    }

    /** What POST /api/v1/resolve fetched joins the index, as a crawled torrent would. */
    private ResolveResult keep(MagnetUri magnet, ResolveResult result) {
        if (result instanceof ResolveResult.Resolved ok) {
            java.time.Instant now = java.time.Instant.now();
            try {
                if (!index.isIndexed(ok.metainfo().dhtInfoHash())) {
                    index.write(new CrawlBatch(List.of(), List.of(), List.of(new ResolvedTorrent(magnet.dhtInfoHash(),
                            ok.metainfo().infoBytes(), now, now, 1, 0)), List.of()));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not index resolved {}: {}", magnet.dhtInfoHash().hex(), e.toString());
            }
        }
        return result;
    }

    static FarmConfig farmConfig(ServeConfig config) throws IOException {
        InetAddress bind = io.lodestone.ops.cli.dht.DhtRunCommand.literal(config.dht().bind());
        return FarmConfig.defaults()
                .withNodes(config.dht().nodes())
                .withBind(List.of(bind), config.dht().port())
                .withBootstrap(config.dht().bootstrap().isEmpty() ? FarmConfig.defaults().bootstrap()
                        : config.dht().bootstrap())
                .withNode(DhtConfig.defaults().toBuilder().allowPrivate(config.dht().allowPrivate()).build());
    }

    static CrawlerConfig crawlerConfig(ServeConfig config) {
        CrawlerConfig c = CrawlerConfig.defaults()
                .withMaxInFlight(config.crawler().resolveConcurrency())
                .withResolveTimeout(config.crawler().resolveTimeout());
        return config.crawler().sample() ? c : c.withSweep(0, c.sweep());
    }

    private <T extends AutoCloseable> T remember(T resource) {
        toClose.push(resource);
        return resource;
    }

    private static long count(IoCount f) {
        try {
            return f.get();
        } catch (IOException e) {
            return -1;
        }
    }

    @FunctionalInterface
    private interface IoCount {
        long get() throws IOException;
    }

    @Override
    public void close() {
        while (!toClose.isEmpty()) {
            AutoCloseable c = toClose.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
