package io.lodestone.crawler.pipeline;

import io.lodestone.crawler.CrawlSink;
import io.lodestone.crawler.CrawlTime;
import io.lodestone.crawler.CrawlerConfig;
import io.lodestone.crawler.HarvestSource;
import io.lodestone.crawler.OutcomeListener;
import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.crawler.Sighting;
import io.lodestone.crawler.harvest.Harvest;
import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.crawler.schedule.Backoff;
import io.lodestone.crawler.schedule.Dedup;
import io.lodestone.crawler.schedule.Scheduler;
import io.lodestone.resolve.ResolveResult;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Harvest -> dedup -> schedule -> resolve -> store, driven by {@link #step} on one thread (the
 * crawler thread; the sink sees calls from it only). Every stage is bounded: the harvest queue
 * drops when full, the pending set refuses new hashes when full, at most {@code maxInFlight}
 * resolutions run, and when the sink falls {@code maxUnflushed} items behind, the pipeline stops
 * taking harvests and starting resolutions until it catches up, so the harvest queue fills and
 * drops. Nothing grows without bound.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** Harvest events handled per step at most, so completions and flushes are not starved. */
    static final int HARVESTS_PER_STEP = 8_192;
    /**
     * Plain hashes (only ever seen in get_peers queries, some of them made up by obfuscated
     * lookups) may hold this share of the resolution slots; the rest stay free for hashes that
     * were announced or sampled, so those never wait behind a slot-full of timeouts.
     */
    static final double PLAIN_SHARE = 0.5;
    /** Past its deadline plus this, a resolution that never completed counts as failed. */
    static final long OVERDUE_GRACE_NANOS = 10_000_000_000L;
    /** Batches' worth of info dict bytes that may wait for the sink before the crawler stops taking work. */
    static final int UNFLUSHED_BATCHES = 4;
    /**
     * How often running resolutions are checked against the sink: one that got indexed meanwhile
     * (another crawler of a fleet resolved it, or a hybrid's other key did) is cut short.
     */
    static final long INDEXED_CHECK_NANOS = 1_000_000_000L;

    private final CrawlerConfig config;
    private final Harvester harvests;
    private final MetadataResolver resolver;
    private final CrawlSink sink;
    private final CrawlTime time;
    private final Scheduler scheduler;
    private final Dedup dedup;
    private final BatchWriter writer;
    private final RunningResolutions running = new RunningResolutions();
    private final RateWindow rates = new RateWindow();
    /** Sampled once a minute: rates over the last hour. */
    private final RateWindow hourly = new RateWindow(60 * RateWindow.SAMPLE_NANOS);
    private final CrawlFigures figures = new CrawlFigures();
    private final int maxPlain;
    private volatile PipelineStats stats = PipelineStats.EMPTY;
    private long handled;
    private long unique;
    private long repeats;
    private long sightings;
    private long ignored;
    private long pendingFull;
    private long restored;
    private long started;
    private long resolved;
    private long failed;
    private long abandoned;
    private long sinkReadErrors;
    private long nextIndexedCheck;
    private final OutcomeListener outcomes;

    public Pipeline(CrawlerConfig config, Harvester harvests, MetadataResolver resolver, CrawlSink sink,
                    CrawlTime time, long salt) {
        this(config, harvests, resolver, sink, time, salt, OutcomeListener.NONE);
    }

    public Pipeline(CrawlerConfig config, Harvester harvests, MetadataResolver resolver, CrawlSink sink,
                    CrawlTime time, long salt, OutcomeListener outcomes) {
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.config = Objects.requireNonNull(config, "config");
        this.harvests = Objects.requireNonNull(harvests, "harvests");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.time = Objects.requireNonNull(time, "time");
        this.scheduler = new Scheduler(new Backoff(config.backoffBase(), config.backoffCap(), config.maxAttempts()),
                config.maxPending(), config.maxLivePeersPerHash(), time, config.startSpread().toNanos());
        this.dedup = new Dedup(config.dedupCapacity(), salt);
        this.writer = new BatchWriter(sink, config.batchMaxItems(), config.batchMaxBytes(),
                config.batchMaxDelay().toNanos());
        this.maxPlain = Math.max(1, (int) (config.maxInFlight() * PLAIN_SHARE));
    }

    /** Takes back the pending hashes saved before a restart, each at its saved next attempt. */
    public int loadPending() throws IOException {
        int n = 0;
        for (PendingHash p : sink.loadPending(config.maxPending())) {
            if (scheduler.restore(p)) {
                n++;
            }
        }
        restored += n;
        publish(time.nanos());
        return n;
    }

    /**
     * One round: handles waiting harvests (waiting up to {@code maxWaitNanos} for the first when
     * there is nothing else to do), finished resolutions, overdue ones, starts what is due, and
     * writes to the sink when a batch is due.
     */
    public void step(long maxWaitNanos) throws InterruptedException {
        boolean saturated = blocked();
        if (!saturated) {
            long wait = running.hasCompletions() ? 0 : maxWaitNanos;
            Harvest h = harvests.poll(wait);
            for (int i = 0; h != null; i++) {
                onHarvest(h);
                h = i + 1 < HARVESTS_PER_STEP ? harvests.poll(0) : null;
            }
        } else if (!running.hasCompletions() && maxWaitNanos > 0) {
            LockSupport.parkNanos(maxWaitNanos); // the sink is behind: give it time, take no new work
        }
        long now = time.nanos();
        for (RunningResolutions.Completion c; (c = running.nextCompletion()) != null; ) {
            onCompletion(c, now);
        }
        expireOverdue(now);
        if (now - nextIndexedCheck >= 0) {
            nextIndexedCheck = now + INDEXED_CHECK_NANOS;
            dropIndexedElsewhere(now);
        }
        launch(now);
        for (PendingHash p : scheduler.takeDirty(Math.max(0, config.maxUnflushed() - writer.size()))) {
            writer.pending(p, now);
        }
        writer.flushIfDue(now);
        publish(now);
    }

    /** Stops waiting for running resolutions and writes everything out; the last call. */
    public void shutdown() {
        long now = time.nanos();
        // cut short, not failed: they are stored as pending with their attempts unchanged
        running.cancelAll();
        for (PendingHash p : scheduler.takeAllChanged()) {
            writer.pending(p, now);
        }
        if (!writer.flush(now)) {
            LOG.warn("crawler stopped with {} items it could not write", writer.size());
        }
        publish(now);
    }

    public PipelineStats stats() {
        return stats;
    }

    /** Attempt outcomes by kind and their time histograms. */
    public CrawlFigures.Snapshot figures() {
        return figures.snapshot();
    }

    /**
     * Why the crawl is paused (the sink cannot write: the disk is full, say), or null while it
     * runs. Paused, no harvest is taken and no resolution started; what was resolved is kept and
     * written once the sink works again, which is tried every batch delay.
     */
    public String pausedReason() {
        String failure = writer.failure();
        return failure != null ? failure : sink.unavailable();
    }

    /** The sink is behind or failing: take no new work. */
    private boolean blocked() {
        return writer.size() >= config.maxUnflushed() || writer.bytes() >= UNFLUSHED_BATCHES * config.batchMaxBytes()
                || pausedReason() != null;
    }

    private void onHarvest(Harvest h) {
        boolean pending = take(h);
        try {
            outcomes.onHarvestHandled(h, pending);
        } catch (RuntimeException e) {
            LOG.warn("harvest listener failed: {}", e.toString());
        }
    }

    /** Whether the harvest's hash waits here for a resolution afterwards. */
    private boolean take(Harvest h) {
        handled++;
        InfoHash hash = h.infoHash();
        if (isBlocked(hash)) {
            ignored++; // kept out by the operator: never scheduled, so never fetched
            return false;
        }
        if (scheduler.contains(hash)) {
            scheduler.offer(hash, h.source(), h.peer(), h.nanos(), h.holder());
            repeats++;
            return true;
        }
        switch (dedup.lookup(hash)) {
            case INDEXED -> sighting(h);
            case ALIAS -> ignored++;
            case ABANDONED -> {
                if (h.source() == HarvestSource.ANNOUNCE) {
                    return admit(h); // a live peer: worth another try
                }
                ignored++;
            }
            case UNKNOWN -> {
                if (isIndexed(hash)) {
                    dedup.markIndexed(hash);
                    sighting(h);
                } else {
                    return admit(h);
                }
            }
        }
        return false;
    }

    private boolean isBlocked(InfoHash hash) {
        try {
            return sink.isBlocked(hash);
        } catch (RuntimeException e) {
            // the sink checks again before it writes, so a failed look here cannot let it into the index
            LOG.warn("block check of {} failed: {}", hash, e.toString());
            return false;
        }
    }

    private boolean isIndexed(InfoHash hash) {
        try {
            return sink.isIndexed(hash);
        } catch (IOException | RuntimeException e) {
            sinkReadErrors++;
            LOG.debug("isIndexed({}) failed: {}", hash, e.toString());
            return false; // resolving it again is harmless; the store keeps one copy
        }
    }

    private void sighting(Harvest h) {
        sightings++;
        // an announce names a live peer: the store counts distinct ones per torrent
        java.net.InetAddress announcer = h.source() == HarvestSource.ANNOUNCE && h.peer() != null
                ? h.peer().getAddress() : null;
        writer.sighting(new Sighting(h.infoHash(), h.source(), time.toInstant(h.nanos()), announcer), h.nanos());
    }

    private boolean admit(Harvest h) {
        switch (scheduler.offer(h.infoHash(), h.source(), h.peer(), h.nanos(), h.holder())) {
            case ADDED -> unique++;
            case UPDATED -> repeats++;
            case FULL -> {
                pendingFull++;
                return false;
            }
        }
        return true;
    }

    private void launch(long now) {
        while (running.size() < config.maxInFlight() && !blocked()) {
            Scheduler.Job job = scheduler.next(now, running.plain() < maxPlain);
            if (job == null) {
                return;
            }
            InfoHash hash = job.infoHash();
            boolean blocked = isBlocked(hash);
            if (blocked || isIndexed(hash)) {
                // blocked after it was scheduled (or restored from the store), or stored while it
                // waited (another crawler, a hybrid's other key): dropped, not fetched
                if (!blocked) {
                    dedup.markIndexed(hash);
                }
                scheduler.remove(hash);
                writer.abandoned(hash, now);
                ignored++;
                continue;
            }
            started++;
            CompletableFuture<ResolveOutcome> f;
            try {
                f = resolver.resolve(hash, job.livePeers(), job.holders(), config.resolveTimeout());
            } catch (RuntimeException e) {
                f = CompletableFuture.completedFuture(new ResolveOutcome.Failed("resolver refused: " + e));
            }
            running.start(hash, new RunningResolutions.Running(now,
                    now + config.resolveTimeout().toNanos() + OVERDUE_GRACE_NANOS, f, job.plain()));
        }
    }

    private void expireOverdue(long now) {
        for (RunningResolutions.Expired e : running.expire(now)) {
            figures.failed(ResolveResult.Cause.DEADLINE, now - e.running().started());
            onFailure(e.infoHash(), now, false);
        }
    }

    /** Running resolutions of hashes the sink holds by now: their fetch is work done twice. */
    private void dropIndexedElsewhere(long now) {
        for (InfoHash hash : running.hashes().stream().filter(this::isIndexed).toList()) {
            running.cancel(hash);
            dedup.markIndexed(hash);
            if (scheduler.remove(hash) != null) {
                writer.abandoned(hash, now);
            }
            ignored++;
        }
    }

    private void onCompletion(RunningResolutions.Completion c, long now) {
        RunningResolutions.Running r = running.finish(c);
        if (r == null) {
            return; // expired earlier, cut short, or from before a shutdown
        }
        switch (c.outcome()) {
            case ResolveOutcome.Resolved ok -> {
                figures.resolved(now - r.started());
                onResolved(c.infoHash(), ok, now);
            }
            case ResolveOutcome.Failed f -> {
                LOG.debug("{} not resolved: {}", c.infoHash(), f.reason());
                figures.failed(f.cause(), now - r.started());
                onFailure(c.infoHash(), now, f.cause() == ResolveResult.Cause.NO_PEERS
                        || f.cause() == ResolveResult.Cause.DEAD_PEERS);
            }
        }
    }

    private void onResolved(InfoHash hash, ResolveOutcome.Resolved ok, long now) {
        PendingHash p = scheduler.succeeded(hash);
        if (p == null) {
            return;
        }
        resolved++;
        tell(outcomes::onResolved, hash);
        writer.resolved(new ResolvedTorrent(hash, ok.infoDict(), p.firstSeen(), time.toInstant(now), p.seenCount(),
                p.sources()), now);
        dedup.markIndexed(hash);
        for (InfoHash other : ok.otherKeys()) {
            dedup.markAlias(other);
            running.cancel(other); // its late answer is stale and dropped
            if (scheduler.remove(other) != null) {
                writer.abandoned(other, now); // the same torrent: its stored pending entry goes
            }
        }
    }

    private static void tell(java.util.function.Consumer<InfoHash> listener, InfoHash hash) {
        try {
            listener.accept(hash);
        } catch (RuntimeException e) {
            LOG.debug("outcome listener failed: {}", e.toString()); // figures only: the crawl goes on
        }
    }

    private void onFailure(InfoHash hash, long now, boolean hopeless) {
        if (dedup.lookup(hash) == Dedup.Known.ALIAS) {
            scheduler.remove(hash); // its torrent resolved under another key meanwhile
            writer.abandoned(hash, now);
            return;
        }
        Scheduler.Failure f = scheduler.failed(hash, now, hopeless);
        if (f == null) {
            return;
        }
        failed++;
        tell(outcomes::onFailed, hash);
        if (f instanceof Scheduler.Abandon) {
            abandoned++;
            dedup.markAbandoned(hash);
            writer.abandoned(hash, now);
        }
    }

    private void publish(long now) {
        rates.record(now, handled, resolved);
        hourly.record(now, unique, resolved);
        stats = new PipelineStats(unique, repeats, sightings, ignored, pendingFull, restored, started, resolved,
                failed, abandoned, scheduler.size(), running.size(), writer.size(), writer.writes(),
                writer.errors() + sinkReadErrors, rates.perMinuteA(), rates.perMinuteB(), hourly.perMinuteA() * 60,
                hourly.perMinuteB() * 60);
    }
}
