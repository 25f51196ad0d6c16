package io.lodestone.crawler;

import io.lodestone.crawler.harvest.ActiveSweep;
import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.crawler.pipeline.MetadataResolver;
import io.lodestone.crawler.pipeline.Pipeline;
import io.lodestone.crawler.pipeline.ServiceResolver;
import io.lodestone.dht.net.DhtFarm;
import io.lodestone.resolve.ResolveService;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crawler: harvest (passive from the farm's listener, active by a BEP 51 sweep), dedup,
 * schedule, resolve, store through a {@link CrawlSink}. Wiring, in this order:
 *
 * <pre>{@code
 * Harvester harvester = new Harvester(config.harvestQueueSize(), time.clock());
 * DhtFarm farm = DhtFarm.start(farmConfig, harvester);
 * ResolveService resolver = ResolverAssembly.create().config(...).dht(farm.node(0)).build();
 * Crawler crawler = Crawler.start(farm, harvester, resolver, sink, config, time);
 * ...
 * crawler.close(); // before closing the sink and the farm
 * }</pre>
 *
 * One crawler thread runs the {@link Pipeline} and makes every sink call. Pending hashes saved by
 * an earlier run are taken back at start; {@link #close} writes out what is still waiting.
 */
public final class Crawler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Crawler.class);

    /** Longest wait of the crawler thread for a harvest before it looks at everything else. */
    static final long STEP_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** After an unexpected error in a step, a pause so a persistent one does not spin a core. */
    static final long ERROR_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long {@link #close} waits for the final write. */
    static final long CLOSE_WAIT_MILLIS = 30_000;
    /** How long {@link #start} waits for the sink to hand back its pending hashes. */
    static final long LOAD_WAIT_SECONDS = 120;

    private final Harvester harvester;
    private final Pipeline pipeline;
    private final Thread thread;
    private final CompletableFuture<Integer> loaded = new CompletableFuture<>();
    private volatile ActiveSweep sweep;
    private volatile boolean stopping;

    private Crawler(Harvester harvester, Pipeline pipeline, ActiveSweep sweep) {
        this.harvester = harvester;
        this.pipeline = pipeline;
        this.sweep = sweep;
        this.thread = Thread.ofPlatform().name("crawler").daemon().unstarted(this::run);
    }

    /** The crawler on a running farm whose listener is {@code harvester}, resolving through {@code service}. */
    public static Crawler start(DhtFarm farm, Harvester harvester, ResolveService service, CrawlSink sink,
                                CrawlerConfig config, CrawlTime time) throws IOException {
        return start(farm, harvester, service, sink, config, time, OutcomeListener.NONE);
    }

    /** As above, telling {@code outcomes} how each resolve attempt ended. */
    public static Crawler start(DhtFarm farm, Harvester harvester, ResolveService service, CrawlSink sink,
                                CrawlerConfig config, CrawlTime time, OutcomeListener outcomes) throws IOException {
        Crawler c = start(harvester, new ServiceResolver(service), sink, config, time, null, outcomes);
        c.startSweep(farm, config);
        return c;
    }

    /** As above, resolving through {@code resolver} (a {@link ServiceResolver} with holder hints, say). */
    public static Crawler start(DhtFarm farm, Harvester harvester, MetadataResolver resolver, CrawlSink sink,
                                CrawlerConfig config, CrawlTime time, OutcomeListener outcomes) throws IOException {
        Crawler c = start(harvester, resolver, sink, config, time, null, outcomes);
        c.startSweep(farm, config);
        return c;
    }

    /** The pipeline alone, on harvests fed to {@code harvester} by anyone, with any resolver (tests). */
    public static Crawler start(Harvester harvester, MetadataResolver resolver, CrawlSink sink, CrawlerConfig config,
                                CrawlTime time, ActiveSweep sweep) throws IOException {
        return start(harvester, resolver, sink, config, time, sweep, OutcomeListener.NONE);
    }

    private static Crawler start(Harvester harvester, MetadataResolver resolver, CrawlSink sink, CrawlerConfig config,
                                 CrawlTime time, ActiveSweep sweep, OutcomeListener outcomes) throws IOException {
        Objects.requireNonNull(harvester, "harvester");
        Pipeline p = new Pipeline(config, harvester, resolver, sink, time, new SecureRandom().nextLong(), outcomes);
        Crawler c = new Crawler(harvester, p, sweep);
        c.thread.start();
        try {
            c.loaded.get(LOAD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            c.close();
            throw e.getCause() instanceof IOException io ? io : new IOException("loading pending hashes failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            c.close();
            throw new IOException("the sink did not hand back pending hashes within " + LOAD_WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new IOException("interrupted while loading pending hashes");
        }
        return c;
    }

    private void startSweep(DhtFarm farm, CrawlerConfig config) {
        if (config.sweepNodes() > 0) {
            sweep = ActiveSweep.start(farm, config.sweepNodes(), config.sweep());
        }
    }

    private void run() {
        try {
            int n = pipeline.loadPending();
            LOG.info("crawler started with {} pending hashes from the store", n);
            loaded.complete(n);
        } catch (IOException | RuntimeException e) {
            loaded.completeExceptionally(e);
            return;
        }
        try {
            while (!stopping) {
                try {
                    pipeline.step(STEP_WAIT_NANOS);
                } catch (RuntimeException e) {
                    LOG.error("crawler step failed", e);
                    LockSupport.parkNanos(ERROR_PAUSE_NANOS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!stopping) {
                died = "the crawler thread was interrupted";
            }
        } catch (Error e) {
            died = "the crawler thread died: " + e;
            LOG.error("the crawler thread died; the crawl has stopped", e);
            throw e;
        } finally {
            pipeline.shutdown();
        }
    }

    /** Attempt outcomes by kind, time to metadata and to failure. */
    public io.lodestone.crawler.pipeline.CrawlFigures.Snapshot figures() {
        return pipeline.figures();
    }

    /** Why the crawler's thread ended while the crawler was not being closed, or null while it runs. */
    public String deathReason() {
        String d = died;
        if (d == null && !stopping && loaded.isDone() && !thread.isAlive()) {
            return "the crawler thread ended";
        }
        return d;
    }

    /** Why the crawl is paused (its sink cannot write: the disk is full, say), or null while it runs. */
    public String pausedReason() {
        return pipeline.pausedReason();
    }

    private volatile String died;

    public CrawlerStats stats() {
        ActiveSweep s = sweep;
        return new CrawlerStats(harvester.accepted(HarvestSource.ANNOUNCE), harvester.accepted(HarvestSource.GET_PEERS),
                harvester.accepted(HarvestSource.SAMPLE), harvester.droppedTotal(), harvester.queued(),
                pipeline.stats(), s == null ? ActiveSweep.Stats.EMPTY : s.stats());
    }

    /** Stops the sweep and the pipeline and writes out what is waiting; the sink may be closed after. */
    @Override
    public void close() {
        ActiveSweep s = sweep;
        if (s != null) {
            s.close();
        }
        stopping = true;
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("crawler thread still writing after {} ms", CLOSE_WAIT_MILLIS);
        }
    }
}
