package io.lodestone.resolve;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.time.Clock;
import io.lodestone.time.Scheduler;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;

/**
 * Turns magnets into verified metadata: peers from every {@link PeerSource}, deduped, are asked
 * a few at a time; the first verified answer wins and everything else for that info-hash is
 * cancelled. Concurrent requests for one info-hash share one resolution, which stops early once
 * every caller cancelled its future. Thread-safe.
 */
public final class ResolveService {

    /** Time-to-metadata is recorded in milliseconds up to this; longer ones are clamped to it. */
    static final long HISTOGRAM_MAX_MILLIS = ResolveConfig.MAX_TIMEOUT.toMillis();
    static final int HISTOGRAM_DIGITS = 3;

    /**
     * Told how each fetch from one peer ended (a fetch cancelled because another peer answered first
     * has no result and is not reported): which peers were refused, and why.
     */
    @FunctionalInterface
    public interface FetchListener {
        /** Called on the thread that ended the fetch: keep it short. What it throws is ignored. */
        void onFetch(MagnetUri magnet, FetchResult result);
    }

    private final ResolveConfig config;
    private final PeerFetcher fetcher;
    private final Clock clock;
    private final Scheduler scheduler;
    private final List<PeerSource> sources;
    private final PeerDialer dialer;
    private final Map<InfoHash, Resolution> running = new HashMap<>();
    /** Resolutions told FULL or BUSY since the last fetch ended, in that order. */
    private final java.util.Set<Resolution> waitingForConnection = new java.util.LinkedHashSet<>();
    private final Histogram timeToMetadata = new Histogram(HISTOGRAM_MAX_MILLIS, HISTOGRAM_DIGITS);
    private int connections;
    private final List<FetchListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<FetchResult.Reason, Long> failures = new EnumMap<>(FetchResult.Reason.class);
    private long fetchesSucceeded;

    public ResolveService(ResolveConfig config, PeerFetcher fetcher, List<PeerSource> sources) {
        this(config, fetcher, sources, new PeerDialer(DialConfig.unlimited(config.maxConnections())));
    }

    /** Dialling through {@code dialer}, which other services may share (one cap for all). */
    public ResolveService(ResolveConfig config, PeerFetcher fetcher, List<PeerSource> sources, PeerDialer dialer) {
        this(config, fetcher, sources, dialer, Clock.system(), Scheduler.system());
    }

    /**
     * On {@code clock} and {@code scheduler}: every deadline, stagger and wait of a resolve is timed
     * by them, so a virtual clock and scheduler drive it deterministically. The dialer should read
     * the same clock.
     */
    public ResolveService(ResolveConfig config, PeerFetcher fetcher, List<PeerSource> sources, PeerDialer dialer,
                          Clock clock, Scheduler scheduler) {
        this.config = Objects.requireNonNull(config, "config");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.sources = List.copyOf(sources);
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    Clock clock() {
        return clock;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    public PeerDialer dialer() {
        return dialer;
    }

    /** The connect timeout its TCP fetches use now; empty when another kind of fetcher dials. */
    public java.util.Optional<java.time.Duration> connectTimeout() {
        return fetcher instanceof MetadataFetcher m ? java.util.Optional.of(m.connectTimeout())
                : java.util.Optional.empty();
    }

    public ResolveConfig config() {
        return config;
    }

    public CompletableFuture<ResolveResult> resolve(MagnetUri magnet) {
        return resolve(magnet, config.defaultTimeout());
    }

    /**
     * Resolves {@code magnet} within {@code timeout}; never completes exceptionally short of a
     * bug. A caller's own deadline ends its future with {@link ResolveResult.NotFound} even when
     * the shared resolution goes on for a caller who waits longer.
     */
    public CompletableFuture<ResolveResult> resolve(MagnetUri magnet, Duration timeout) {
        Objects.requireNonNull(magnet, "magnet");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(ResolveConfig.MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout outside (0, " + ResolveConfig.MAX_TIMEOUT + "]: " + timeout);
        }
        long deadline = clock.nanos() + timeout.toNanos();
        Resolution r;
        boolean fresh = false;
        synchronized (this) {
            r = running.get(magnet.dhtInfoHash());
            if (r == null) {
                r = new Resolution(magnet, this, deadline);
                running.put(magnet.dhtInfoHash(), r);
                fresh = true;
            }
            r.waiters++;
        }
        r.extendDeadline(deadline);
        CompletableFuture<ResolveResult> mine = new CompletableFuture<>();
        Resolution shared = r;
        r.result().whenComplete((res, e) -> {
            if (e != null) {
                mine.completeExceptionally(e);
            } else {
                mine.complete(res);
            }
        });
        mine.whenComplete((res, e) -> {
            if (mine.isCancelled()) {
                leave(shared);
            }
        });
        Scheduler.Cancellable timer = scheduler.schedule(timeout.toNanos(), () ->
                mine.complete(shared.notFoundNow("no metadata within " + timeout.toMillis() + " ms")));
        mine.whenComplete((res, e) -> timer.cancel());
        if (fresh) {
            r.start(sources);
        }
        return mine;
    }

    /**
     * A caller cancelled its future: when nobody else waits for the resolution, it stops, so a
     * cancelled download's metadata search does not go on connecting to peers.
     */
    private void leave(Resolution r) {
        synchronized (this) {
            if (--r.waiters > 0) {
                return;
            }
            running.remove(r.infoHash(), r);
        }
        r.finish(new ResolveResult.NotFound("cancelled by every caller", r.peersTried()));
    }

    /** A copy of the time-to-metadata histogram (milliseconds) of every resolve that succeeded. */
    public synchronized Histogram timeToMetadata() {
        return timeToMetadata.copy();
    }

    /** Resolutions under way. */
    public synchronized int running() {
        return running.size();
    }

    /** Fetches open now, over all resolutions. */
    public synchronized int connections() {
        return connections;
    }

    public void addFetchListener(FetchListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Fetches that ended in failure so far, by reason; reasons never seen are absent. A copy. */
    public synchronized Map<FetchResult.Reason, Long> fetchFailures() {
        return Map.copyOf(failures);
    }

    /** Fetches that gave verified metadata so far (a resolve may see more than one before it ends). */
    public synchronized long fetchesSucceeded() {
        return fetchesSucceeded;
    }

    /** One fetch ended with {@code result}: counted, then every listener is told. */
    void fetched(MagnetUri magnet, FetchResult result) {
        synchronized (this) {
            if (result instanceof FetchResult.Failure f) {
                failures.merge(f.reason(), 1L, Long::sum);
            } else {
                fetchesSucceeded++;
            }
        }
        for (FetchListener l : listeners) {
            try {
                l.onFetch(magnet, result);
            } catch (RuntimeException ignored) {
                // an observer's bug must not stop a resolution
            }
        }
    }

    CompletableFuture<FetchResult> fetch(MagnetUri magnet, InetSocketAddress peer) {
        return fetcher.fetch(magnet, peer);
    }

    /**
     * This service's own cap first, then the shared dialer's; a slot of both is taken on DIALED. On
     * FULL or BUSY, {@code asking} is pumped when the next fetch of the service ends: registered here,
     * under the same lock a release takes, so no release slips in between unseen.
     */
    synchronized PeerDialer.Decision acquireConnection(InetSocketAddress peer, Resolution asking) {
        PeerDialer.Decision d = connections >= config.maxConnections() ? PeerDialer.Decision.FULL
                : dialer.tryDial(peer);
        switch (d) {
            case DIALED -> connections++;
            case FULL, BUSY -> waitingForConnection.add(asking);
            default -> {
                // DEAD leaves the queue, WAIT has its own timer
            }
        }
        return d;
    }

    /** A fetch ended (socket closed): both slots are given back; {@code result} null when cancelled. */
    synchronized void releaseConnection(InetSocketAddress peer, FetchResult result) {
        connections--;
        dialer.ended(peer, result);
    }

    /**
     * A connection came free: the resolutions that found none may go on. Only those: pumping every
     * running one on each ended fetch costs resolutions times fetches when hundreds run at once.
     */
    void pumpAll() {
        List<Resolution> waiting;
        synchronized (this) {
            if (waitingForConnection.isEmpty()) {
                return;
            }
            waiting = new ArrayList<>(waitingForConnection);
            waitingForConnection.clear();
        }
        waiting.forEach(Resolution::pump);
    }

    void onFinished(Resolution r, MagnetUri magnet, ResolveResult result) {
        synchronized (this) {
            running.remove(magnet.dhtInfoHash(), r);
            waitingForConnection.remove(r);
            if (result instanceof ResolveResult.Resolved ok) {
                timeToMetadata.recordValue(Math.min(HISTOGRAM_MAX_MILLIS, ok.elapsed().toMillis()));
            }
        }
    }
}
