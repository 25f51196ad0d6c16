package io.lodestone.resolve;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.resolve.FetchResult.Failure;
import io.lodestone.resolve.FetchResult.Success;
import io.lodestone.resolve.ResolveResult.NotFound;
import io.lodestone.resolve.ResolveResult.Resolved;
import io.lodestone.time.Clock;
import io.lodestone.time.Scheduler;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One info-hash being resolved, shared by every caller asking for it: peers from all sources,
 * deduped, go through a queue into at most {@code maxParallelFetches} fetches. State changes
 * under the object's lock; fetches are started and cancelled outside it, since a fetch future
 * may complete (and call back in) at once. All its timing (deadline, stagger, waits for a dial
 * token) reads the service's {@link Clock} and waits on its {@link Scheduler}, so tests drive it in
 * virtual time.
 */
final class Resolution {

    /**
     * Times one peer is asked: a peer that failed for a passing reason (a refused connect, a
     * timeout) may be asked once more when a source reports it again; one that refused or lied
     * never is.
     */
    static final int MAX_ATTEMPTS_PER_PEER = 2;
    /**
     * How long a peer that took the connection and then went silent rests before its second try,
     * when the resolution has no one else left to ask (a lone peer named in the magnet, say).
     */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final MagnetUri magnet;
    private final ResolveService service;
    private final Clock clock;
    private final Scheduler scheduler;
    private final long startNanos;
    private final CompletableFuture<ResolveResult> result = new CompletableFuture<>();
    private final Set<InetSocketAddress> seen = new HashSet<>();
    private final Map<InetSocketAddress, Integer> attempts = new HashMap<>();
    private final ArrayDeque<InetSocketAddress> queue = new ArrayDeque<>();
    private final Map<InetSocketAddress, CompletableFuture<FetchResult>> active = new HashMap<>();
    private final List<CompletableFuture<Void>> sources = new ArrayList<>();
    /** Peers that took the connection, then went silent, and may be asked once more when no one else is left. */
    private final Set<InetSocketAddress> retryable = new LinkedHashSet<>();
    /** When the retryable peers go back into the queue; 0 while they are not waiting for that. */
    private long retryAt;
    /** Fetches given a connection slot but not yet in {@link #active}. */
    private int starting;
    private int sourcesRunning;
    /**
     * Set by {@link #start}: the service registers a resolution before starting it, and a pump
     * from another resolution's finished fetch in between must not take "no sources yet" for
     * "no sources left".
     */
    private boolean started;
    /** When the latest fetch began, for {@link ResolveConfig#fetchStagger()}. */
    private long lastFetchStart;
    private boolean pumpScheduled;
    /** Set once by {@link #finish}, which alone completes {@link #result}. */
    private boolean finished;
    private int tried;
    private int permanentFailures;
    /** Peers not dialled because the dialer knows them dead. */
    private int deadSkipped;
    /** Set by {@link #pickDialable}: when a peer held back by its IP's dial rate may go. */
    private long ipWaitUntil;
    private long deadlineNanos;
    /** The deadline timer, re-armed when a later caller extends the deadline; cancelled by finish. */
    private Scheduler.Cancellable deadlineTimer;
    /** Callers whose futures are not cancelled; guarded by the service's lock. */
    int waiters;
    /** The latest failure, for the NotFound reason: what went wrong is what a user asks first. */
    private Failure lastFailure;

    Resolution(MagnetUri magnet, ResolveService service, long deadlineNanos) {
        this.magnet = magnet;
        this.service = service;
        this.deadlineNanos = deadlineNanos;
        this.clock = service.clock();
        this.scheduler = service.scheduler();
        this.startNanos = clock.nanos();
        this.lastFetchStart = startNanos;
    }

    InfoHash infoHash() {
        return magnet.dhtInfoHash();
    }

    CompletableFuture<ResolveResult> result() {
        return result;
    }

    synchronized int peersTried() {
        return tried;
    }

    /** Starts the sources and the deadline timer. */
    void start(List<PeerSource> peerSources) {
        synchronized (this) {
            sourcesRunning = peerSources.size();
            started = true;
        }
        armTimer();
        for (PeerSource s : peerSources) {
            CompletableFuture<Void> f;
            try {
                f = s.find(magnet, this::offer);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            synchronized (this) {
                sources.add(f);
            }
            f.whenComplete((v, e) -> onSourceDone());
        }
        if (peerSources.isEmpty()) {
            pump();
        }
    }

    /** A later caller with a later deadline keeps the resolution going for it. */
    synchronized void extendDeadline(long nanos) {
        deadlineNanos = Math.max(deadlineNanos, nanos);
    }

    /** Ends the resolution at its deadline, or waits again if a later caller moved it. */
    private void armTimer() {
        synchronized (this) {
            long left = deadlineNanos - clock.nanos();
            if (finished) {
                return;
            }
            if (left > 0) {
                deadlineTimer = scheduler.schedule(left, this::armTimer);
                return;
            }
        }
        finish(deadlineNotFound());
    }

    private NotFound deadlineNotFound() {
        return notFoundNow("no metadata within the deadline");
    }

    /**
     * At a deadline (the resolution's, or one caller's own): the last peer's failure if one failed,
     * else no peers, dead peers or the deadline itself, so a caller learns the cause either way.
     */
    synchronized NotFound notFoundNow(String what) {
        ResolveResult.Cause c = lastFailure != null ? cause()
                : tried > 0 || !active.isEmpty() ? ResolveResult.Cause.DEADLINE
                : deadSkipped > 0 ? ResolveResult.Cause.DEAD_PEERS : ResolveResult.Cause.NO_PEERS;
        return new NotFound(what + lastFailureNote() + stillRunningNote(), tried, c);
    }

    /** Most fetches still running that a deadline's answer describes. */
    static final int MAX_DESCRIBED = 3;

    /** Under the lock: what the fetches still running were doing, when they can say. */
    private String stillRunningNote() {
        List<String> doing = new ArrayList<>();
        for (Map.Entry<InetSocketAddress, CompletableFuture<FetchResult>> e : active.entrySet()) {
            if (doing.size() == MAX_DESCRIBED) {
                break;
            }
            if (e.getValue() instanceof FetchProgress p) {
                doing.add(e.getKey() + " " + p.progress());
            }
        }
        return doing.isEmpty() ? "" : "; still waiting on " + active.size() + ": " + String.join("; ", doing)
                + (active.size() > doing.size() ? "; ..." : "");
    }

    void offer(InetSocketAddress peer) {
        if (peer == null || peer.isUnresolved() || peer.getPort() == 0
                || (!service.config().allowPrivatePeers() && PeerAddresses.isPrivate(peer.getAddress()))) {
            return;
        }
        synchronized (this) {
            if (finished || seen.size() >= service.config().maxPeersPerHash() || !seen.add(peer)) {
                return;
            }
            queue.add(peer);
        }
        pump();
    }

    /** Starts fetches while there are peers queued, room in this resolution and a free connection. */
    void pump() {
        while (true) {
            InetSocketAddress peer = null;
            NotFound exhausted = null;
            long wakeAt = 0;
            synchronized (this) {
                if (finished) {
                    return;
                }
                long now = clock.nanos();
                long heldUntil = lastFetchStart + service.config().fetchStagger().toNanos();
                if (queue.isEmpty() && idle() && !retryable.isEmpty() && deadlineNanos - now > RETRY_PAUSE.toNanos()) {
                    if (retryAt == 0) {
                        retryAt = now + RETRY_PAUSE.toNanos();
                    }
                    if (now - retryAt < 0) {
                        wakeAt = retryAt;
                    } else {
                        requeueRetryable();
                        continue;
                    }
                } else if (queue.isEmpty() || active.size() + starting >= service.config().maxParallelFetches()) {
                    exhausted = exhausted();
                } else if ((!active.isEmpty() || starting > 0) && now - heldUntil < 0) {
                    wakeAt = heldUntil; // one is under way: give it a head start before the next
                } else {
                    peer = pickDialable();
                    if (peer != null) {
                        attempts.merge(peer, 1, Integer::sum);
                        starting++;
                        tried++;
                        lastFetchStart = now;
                    } else if (queue.isEmpty()) {
                        exhausted = exhausted();
                    } else if (ipWaitUntil != 0) {
                        wakeAt = ipWaitUntil; // only peers whose IP has no dial token left: try when it has
                    }
                }
                // else no free connection: pumped again when any fetch of the service ends
            }
            if (peer == null) {
                if (exhausted != null) {
                    finish(exhausted);
                } else if (wakeAt != 0) {
                    pumpAt(wakeAt);
                }
                return;
            }
            CompletableFuture<FetchResult> f;
            try {
                f = service.fetch(magnet, peer);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            boolean late;
            synchronized (this) {
                starting--;
                late = finished;
                if (!late) {
                    active.put(peer, f);
                }
            }
            if (late) {
                f.cancel(true);
            }
            InetSocketAddress asked = peer;
            f.whenComplete((r, e) -> onFetchDone(asked, r));
        }
    }

    /**
     * Under the lock: the first queued peer the dialer lets through now, its slot taken, or null.
     * Dead peers leave the queue; peers waiting for their IP's token stay, and {@link #ipWaitUntil}
     * says when the first may go. Stops at the first full answer: no slot is free for anyone.
     */
    private InetSocketAddress pickDialable() {
        ipWaitUntil = 0;
        var it = queue.iterator();
        while (it.hasNext()) {
            InetSocketAddress p = it.next();
            switch (service.acquireConnection(p, this)) {
                case DIALED -> {
                    it.remove();
                    return p;
                }
                case DEAD -> {
                    it.remove();
                    deadSkipped++;
                }
                case WAIT -> {
                    long at = service.dialer().lastWaitUntil();
                    ipWaitUntil = ipWaitUntil == 0 ? at : Math.min(ipWaitUntil, at);
                }
                case BUSY -> {
                    // stays queued: pumped again when any fetch of the service ends
                }
                case FULL -> {
                    ipWaitUntil = 0;
                    return null;
                }
            }
        }
        return null;
    }

    /** One timer at a time pumps again once the stagger is over; any fetch ending pumps sooner. */
    private void pumpAt(long nanos) {
        long delay;
        synchronized (this) {
            if (pumpScheduled) {
                return;
            }
            pumpScheduled = true;
            delay = Math.max(0, nanos - clock.nanos());
        }
        scheduler.schedule(delay, () -> {
            synchronized (this) {
                pumpScheduled = false;
            }
            pump();
        });
    }

    private void onFetchDone(InetSocketAddress peer, FetchResult r) {
        service.releaseConnection(peer, r);
        // judged after the dialer has heard how it ended: a service that remembers dead peers keeps
        // this one from any resolution, and this one should not wait to learn that
        boolean another = r instanceof Failure f && worthAnotherTry(f.reason()) && !service.dialer().isDead(peer);
        ResolveResult won = null;
        if (r instanceof Success s) {
            try {
                Metainfo meta = MetainfoParser.parseInfo(s.infoBytes());
                won = new Resolved(meta, s.peer(), Duration.ofNanos(clock.nanos() - startNanos));
            } catch (RuntimeException e) {
                // it hashed right, so every peer would send the same bytes: no point asking others
                won = new NotFound("the metadata does not parse: " + e.getMessage(), peersTried());
            }
        }
        synchronized (this) {
            // a winning fetch stays active until finish() clears it: were it removed first, a pump
            // on another thread could find nothing left and call the resolution exhausted
            if (won == null) {
                active.remove(peer);
            }
            if (r instanceof Failure fail) {
                lastFailure = fail;
                if (fail.reason().isPermanent()) {
                    permanentFailures++;
                } else if (attempts.getOrDefault(peer, 0) < MAX_ATTEMPTS_PER_PEER) {
                    seen.remove(peer); // a source reporting it again queues it again
                    if (another) {
                        retryable.add(peer); // or, once no one else is left, the resolution itself
                    }
                }
            }
        }
        if (r != null) {
            service.fetched(magnet, r);
        }
        if (won != null) {
            finish(won);
        }
        pump();
        service.pumpAll();
    }

    /**
     * A peer that took the connection and then said nothing in time may have been busy, or lost a
     * packet. One that could not be reached (most peers the DHT names) or trickled is not asked
     * again by the resolution, nor one that closed the handshake: that is how a peer without the
     * torrent answers, and libtorrent too waits a minute before dialling such a peer again.
     */
    static boolean worthAnotherTry(FetchResult.Reason r) {
        return switch (r) {
            case HANDSHAKE_TIMEOUT, PIECE_TIMEOUT -> true;
            case CONNECT_FAILED, CONNECT_TIMEOUT, TOO_SLOW, DEADLINE, CLOSED, IO_ERROR, PLAINTEXT_REFUSED,
                 ENCRYPTION_REFUSED, CANCELLED, BUSY, REJECTED, NO_METADATA_SUPPORT, NO_EXTENSION_PROTOCOL,
                 WRONG_INFO_HASH, METADATA_TOO_LARGE, PROTOCOL_ERROR, HASH_MISMATCH -> false;
        };
    }

    /** Under the lock: no source left to report peers and no fetch starting or running. */
    private boolean idle() {
        return started && sourcesRunning == 0 && active.isEmpty() && starting == 0;
    }

    /**
     * Under the lock: the retryable peers go back into the queue for their last try, unless a
     * source has queued one again meanwhile. The dialer still judges them as it judges any peer.
     */
    private void requeueRetryable() {
        for (InetSocketAddress p : retryable) {
            if (attempts.getOrDefault(p, 0) < MAX_ATTEMPTS_PER_PEER && seen.add(p)) {
                queue.add(p);
            }
        }
        retryable.clear();
        retryAt = 0;
    }

    private void onSourceDone() {
        synchronized (this) {
            sourcesRunning--;
        }
        pump();
    }

    /**
     * Under the lock: the answer when nothing is queued, nothing running and no source is left
     * to give more; null while there is still hope.
     */
    private NotFound exhausted() {
        if (!idle() || !queue.isEmpty()) {
            return null;
        }
        if (tried == 0) {
            return deadSkipped > 0
                    ? new NotFound("all " + deadSkipped + " peers found are known dead", 0, ResolveResult.Cause.DEAD_PEERS)
                    : new NotFound("no peers found", 0, ResolveResult.Cause.NO_PEERS);
        }
        String reason = "none of " + tried + " peers gave the metadata (" + permanentFailures + " refused or lied"
                + lastFailureNote() + ")";
        return new NotFound(reason, tried, cause());
    }

    /** Under the lock: what the last failed fetch stands for, or OTHER when none failed. */
    private ResolveResult.Cause cause() {
        return lastFailure == null ? ResolveResult.Cause.OTHER : ResolveResult.Cause.of(lastFailure.reason());
    }

    /** What the last failed fetch said, so a deadline or an exhausted resolve names what happened. */
    private synchronized String lastFailureNote() {
        return lastFailure == null ? "" : "; last: " + lastFailure.peer() + " " + lastFailure.reason() + " "
                + lastFailure.detail();
    }

    /** Completes the result once and stops every fetch and source still running. */
    void finish(ResolveResult r) {
        List<CompletableFuture<?>> toCancel = new ArrayList<>();
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            if (deadlineTimer != null) {
                deadlineTimer.cancel();
            }
            if (r instanceof Resolved || !service.config().letFetchesEnd()) {
                toCancel.addAll(active.values());
            }
            toCancel.addAll(sources);
            active.clear();
            queue.clear();
        }
        // cleaned up before the callers hear: by then no fetch of this resolution holds a connection,
        // unless the config lets failing fetches end on their own (they release their slot then)
        toCancel.forEach(f -> f.cancel(true));
        service.onFinished(this, magnet, r);
        result.complete(r);
    }
}
