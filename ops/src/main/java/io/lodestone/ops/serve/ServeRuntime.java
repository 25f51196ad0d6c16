package io.lodestone.ops.serve;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.engine.PeerNetwork;
import io.lodestone.client.session.DownloadServices;
import io.lodestone.client.session.DownloadsConfig;
import io.lodestone.client.session.LocalDownloadManager;
import io.lodestone.client.storage.StorageConfig;
import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.CrawlTime;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.crawler.Crawler;
import io.lodestone.crawler.CrawlerConfig;
import io.lodestone.crawler.CrawlProfile;
import io.lodestone.crawler.CrawlTuning;
import io.lodestone.crawler.pipeline.HolderFirstSource;
import io.lodestone.crawler.pipeline.ServiceResolver;
import io.lodestone.resolve.PeerDialer;
import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmConfig;
import io.lodestone.dht.net.OutboundTap;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.access.ApiKeyStore;
import io.lodestone.index.content.AuditLog;
import io.lodestone.index.content.BlockList;
import io.lodestone.index.content.BlockingSink;
import io.lodestone.index.content.ContentControl;
import io.lodestone.index.http.DhtHealth;
import io.lodestone.index.http.HttpConfig;
import io.lodestone.index.http.HttpServer;
import io.lodestone.index.http.HttpServices;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.fleet.Fleet;
import io.lodestone.ops.fleet.FleetMetricsCollector;
import io.lodestone.resolve.DhtPeerSource;
import io.lodestone.resolve.FetchConfig;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.ResolveConfig;
import io.lodestone.resolve.ResolveResult;
import io.lodestone.resolve.ResolveService;
import io.lodestone.resolve.ResolverAssembly;
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

    /** Under the data dir: the download list and each download's metadata, for a restart. */
    static final String DOWNLOAD_STATE_DIR = "downloads";
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final IndexService index;
    private final DhtFarm farm;
    private final Crawler crawler;
    private final HttpServer http;
    private final HarvestCounter harvestCounter;
    private final PeerDialer dialer;
    private final ResolveService crawlResolver;
    private final CrawlProfile profile;
    private final Fleet fleet;

    /** Between two DHT lookup rounds of one crawl attempt: a seeder may announce meanwhile. */
    static final java.time.Duration CRAWL_ROUND_PAUSE = java.time.Duration.ofSeconds(1);
    /** The least the crawl's adaptive connect timeout goes down to: room for one lost SYN's resend. */
    static final java.time.Duration CRAWL_CONNECT_FLOOR = java.time.Duration.ofMillis(1_500);
    private final HealthCharts charts;
    private final ApiKeyStore keys;
    private final ContentControl content;
    private final BlockingSink sink;
    /** How often rules added by the command line are applied to the index. */
    static final long ENFORCE_EVERY_SECONDS = 2;

    private ServeRuntime(ServeConfig config, OutboundTap tap) throws IOException, InterruptedException {
        boolean ok = false;
        try {
            profile = config.crawler().profile();
            Files.createDirectories(config.dataDir());
            index = remember(IndexService.open(config.dataDir(), IndexConfig.defaults()
                    .withMapSize(config.index().mapSizeBytes(), config.index().maxMapSizeBytes())));
            keys = new ApiKeyStore(config.dataDir());
            BlockList blocks = new BlockList(config.dataDir(), Clock.system());
            sink = new BlockingSink(index, blocks);
            CrawlerConfig crawl = FleetWiring.crawlerConfig(config, crawlerConfig(config));
            Harvester harvester = new Harvester(crawl.harvestQueueSize(), Clock.system());
            // with Kafka: the harvest, the catalog and the blocks go through the fleet's topics
            fleet = config.fleet().enabled() ? remember(Fleet.start(config.fleet(), FleetWiring.instanceId(config),
                    index, blocks, sink, harvester, crawl.harvestQueueSize())) : null;
            content = new ContentControl(index, fleet == null ? index::delete : fleet.remover(index::delete), blocks,
                    new AuditLog(config.dataDir()));
            int enforced = content.enforce();
            if (enforced > 0) {
                LOG.info("removed {} blocked torrents from the index", enforced);
            }
            harvestCounter = new HarvestCounter(fleet == null ? harvester : fleet.farmListener());
            farm = remember(DhtFarm.start(farmConfig(config), harvestCounter, tap));
            TrackerClient trackers = remember(new TrackerClient(TrackerConfig.defaults().withAllowPrivate(config.dht().allowPrivate())));
            CrawlTuning tuning = config.crawlTuning();
            // one gate for every metadata dial, the crawl's and the API's: one cap, one dead-peer memory
            dialer = new PeerDialer(tuning.dialConfig());
            FetchConfig fetch = FetchConfig.defaults().withMaxMetadataSize(config.resolver().maxMetadataSize())
                    .withEncryption(config.resolver().encryption());
            ResolveService resolver = ResolverAssembly.create()
                    .config(ResolveConfig.defaults()
                            .withAllowPrivatePeers(config.dht().allowPrivate())
                            .withParallelism(ResolveConfig.DEFAULT_MAX_PARALLEL_FETCHES, tuning.maxConnections()))
                    .fetch(fetch).trackers(trackers).dht(farm.node(0)).dialer(dialer).build();
            // the crawl's own service: short deadlines, and a DHT source that asks a sampled
            // hash's holder first and ends a hash whose lookup found nothing new
            HolderFirstSource holders = new HolderFirstSource(farm.node(0), new DhtPeerSource(farm.node(0),
                    tuning.lookupRounds(), CRAWL_ROUND_PAUSE, true), tuning.lookupsAtOnce());
            crawlResolver = ResolverAssembly.create()
                    .config(ResolveConfig.defaults()
                            .withAllowPrivatePeers(config.dht().allowPrivate())
                            .withParallelism(tuning.parallelFetches(), tuning.maxConnections())
                            .withLetFetchesEnd(true))
                    .fetch(tuning.fetchConfig(fetch)).adaptiveConnect(CRAWL_CONNECT_FLOOR).dht(holders).dialer(dialer)
                    .build();
            crawler = remember(Crawler.start(farm, harvester, new ServiceResolver(crawlResolver, holders),
                    fleet == null ? sink : fleet.crawlSink(sink), crawl,
                    CrawlTime.system(), fleet == null ? harvestCounter
                            : io.lodestone.crawler.OutcomeListener.both(harvestCounter, fleet.crawlOutcomes())));

            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new DhtMetricsCollector(() -> FarmSnapshots.read(farm).nodes(),
                    farm::networkSizeEstimate));
            registry.register(new ServiceMetricsCollector(() -> new ServiceMetricsCollector.Reading(crawler.stats(),
                    count(index::torrentCount), count(index::pendingCount), crawlResolver.timeToMetadata(),
                    resolver.running() + crawlResolver.running(), dialer.open(),
                    resolver.fetchesSucceeded() + crawlResolver.fetchesSucceeded(),
                    merged(resolver.fetchFailures(), crawlResolver.fetchFailures()))));
            registry.register(new CrawlMetricsCollector(this::crawlReading));
            charts = remember(new HealthCharts(List.of(
                    HealthCharts.perHour("harvestedPerHour", "Hashes harvested per hour",
                            () -> crawler.stats().pipeline().unique()),
                    HealthCharts.perHour("resolvedPerHour", "Metadata resolved per hour",
                            () -> crawler.stats().pipeline().resolved()),
                    HealthCharts.perHour("failedPerHour", "Failed attempts per hour",
                            () -> crawler.stats().pipeline().failed()),
                    outcomePerHour("noPeers", "No peers found, per hour"),
                    outcomePerHour("connectTimeout", "Connect timeouts, per hour"),
                    outcomePerHour("refused", "Refused connections, per hour"),
                    outcomePerHour("silent", "Silent peers, per hour"),
                    outcomePerHour("hashMismatch", "Wrong metadata, per hour"),
                    HealthCharts.gauge("connectionsOpen", "Metadata connections open", dialer::open),
                    HealthCharts.gauge("deadPeers", "Peers remembered dead", dialer::deadPeers),
                    HealthCharts.gauge("routingTableSize", "Routing-table entries", () -> {
                        var f = FarmSnapshots.read(farm).farm();
                        return f.routingTable4() + f.routingTable6();
                    }),
                    HealthCharts.gauge("networkSizeEstimate", "DHT size estimate", farm::networkSizeEstimate))));
            registry.register(new ContentMetricsCollector(sink, blocks));
            if (config.scrape().enabled()) {
                io.lodestone.crawler.scrape.ScrapeRunner scrapes = remember(io.lodestone.crawler.scrape.ScrapeRunner
                        .start(farm.nodes(), new IndexScrapeTarget(index), config.scrape()));
                registry.register(new ScrapeMetricsCollector(scrapes));
            }
            if (fleet != null) {
                registry.register(new FleetMetricsCollector(fleet::reading));
            }
            HttpConfig httpConfig = httpConfig(config);
            ServeConfig.Downloads dl = config.downloads();
            PeerNetwork peers = remember(PeerNetwork.start(EngineConfig.defaults()
                    .withAllowPrivate(config.dht().allowPrivate()).withListen(null, dl.port())
                    .withConnectionCaps(dl.maxPeerConnections(), dl.maxIncomingPerIp())
                    .withRateLimits(0, dl.rateLimit()).withEncryption(dl.encryption())));
            LocalDownloadManager downloads;
            try {
                downloads = remember(new LocalDownloadManager(
                        new DownloadServices(peers, StorageConfig.defaults(), resolver, farm.node(0), trackers,
                                Clock.system()),
                        DownloadsConfig.defaults(config.downloadDir(), config.dataDir().resolve(DOWNLOAD_STATE_DIR))
                                .withTimeout(dl.timeout(), dl.seedAfter())
                                .withQuota(dl.maxRunning(), dl.maxTotalBytes(), dl.minFreeBytes()),
                        config.dataDir()));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            java.util.concurrent.ExecutorService indexWrites = remember(
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            HttpServices services = HttpServices.of(index, (magnet, timeout) -> resolver.resolve(magnet, timeout)
                            .thenApplyAsync(r -> keep(magnet, r), indexWrites), this::health, registry)
                    .withDownloads(downloads).withAccess(keys, content);
            http = remember(new HttpServer(httpConfig, services).start());
            // rules the command line adds while we run: their torrents leave the index within seconds
            java.util.concurrent.ScheduledExecutorService enforcer = java.util.concurrent.Executors
                    .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("block-enforcer").daemon().factory());
            remember(enforcer::shutdownNow);
            enforcer.scheduleWithFixedDelay(content::enforce, ENFORCE_EVERY_SECONDS, ENFORCE_EVERY_SECONDS,
                    java.util.concurrent.TimeUnit.SECONDS);
            int resumed = downloads.resumeAll();
            if (resumed > 0) {
                LOG.info("resumed {} downloads from before the restart", resumed);
            }
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
        String dead = crawler.deathReason();
        if (dead == null) {
            dead = index.deadWorker();
        }
        if (dead == null && fleet != null) {
            dead = fleet.deathReason();
        }
        return HealthAssembler.assemble(FarmSnapshots.read(farm), harvestCounter, crawler.stats(),
                farm.networkSizeEstimate(), charts.snapshot())
                .withCrawl(FleetWiring.withFleet(CrawlReading.json(crawlReading()), fleet))
                .withService(new DhtHealth.Service(crawler.pausedReason(), dead));
    }

    /** A chart of one attempt outcome kind (a name of the health JSON's crawl.attempts), per hour. */
    private io.lodestone.index.http.HealthHistory.Series outcomePerHour(String outcome, String label) {
        return HealthCharts.perHour(outcome + "PerHour", label,
                () -> crawler.figures().outcomes().getOrDefault(outcome, 0L));
    }

    /** The crawl's figures now: outcomes, times, connections, dead peers, rates. */
    public CrawlReading crawlReading() {
        return new CrawlReading(profile, crawler.figures(), crawler.stats().pipeline(), dialer.open(), dialer.peak(),
                dialer.config().maxConnections(), dialer.deadPeers(), dialer.deadSkipped(),
                crawlResolver.connectTimeout().map(java.time.Duration::toMillis).orElse(-1L));
    }

    private static java.util.Map<io.lodestone.resolve.FetchResult.Reason, Long> merged(
            java.util.Map<io.lodestone.resolve.FetchResult.Reason, Long> a,
            java.util.Map<io.lodestone.resolve.FetchResult.Reason, Long> b) {
        java.util.Map<io.lodestone.resolve.FetchResult.Reason, Long> m = new java.util.EnumMap<>(
                io.lodestone.resolve.FetchResult.Reason.class);
        a.forEach((k, v) -> m.merge(k, v, Long::sum));
        b.forEach((k, v) -> m.merge(k, v, Long::sum));
        return m;
    }

    /** What POST /api/v1/resolve fetched joins the index, as a crawled torrent would. */
    private ResolveResult keep(MagnetUri magnet, ResolveResult result) {
        if (result instanceof ResolveResult.Resolved ok) {
            java.time.Instant now = java.time.Instant.now();
            try {
                if (!index.isIndexed(ok.metainfo().dhtInfoHash())) {
                    sink.write(new CrawlBatch(List.of(), List.of(), List.of(new ResolvedTorrent(magnet.dhtInfoHash(),
                            ok.metainfo().infoBytes(), now, now, 1, 0)), List.of()));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not index resolved {}: {}", magnet.dhtInfoHash().hex(), e.toString());
            }
        }
        return result;
    }

    static HttpConfig httpConfig(ServeConfig config) {
        ServeConfig.Http h = config.http();
        return HttpConfig.defaults().withAddress(h.host(), h.port()).withAccess(HttpConfig.Access.defaults()
                .withPublicNames(h.publicNames())
                .withKeysForRead(h.keysForRead())
                .withRates(new HttpConfig.Rate(h.searchPerSecond(), h.searchBurst()),
                        new HttpConfig.Rate(h.resolvePerSecond(), h.resolveBurst())));
    }

    public ContentControl content() {
        return content;
    }

    public BlockingSink sink() {
        return sink;
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
        CrawlTuning t = config.crawlTuning();
        CrawlerConfig c = CrawlerConfig.defaults()
                .withMaxInFlight(t.resolveConcurrency())
                .withResolveTimeout(t.resolveTimeout())
                .withBackoff(t.retryAfter(), CrawlerConfig.defaults().backoffCap(), CrawlerConfig.defaults().maxAttempts());
        c = c.withSweep(c.sweepNodes(), t.sweepConfig(c.sweep()));
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
