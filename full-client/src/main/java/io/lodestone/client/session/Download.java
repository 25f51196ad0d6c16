package io.lodestone.client.session;

import io.lodestone.client.DownloadState;
import io.lodestone.client.DownloadStatus;
import io.lodestone.client.engine.PeerBook;
import io.lodestone.client.engine.Torrent;
import io.lodestone.client.engine.TorrentStats;
import io.lodestone.client.storage.PieceStore;
import io.lodestone.client.storage.UnsafePathException;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoException;
import io.lodestone.resolve.ResolveResult;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One download from start to end: metadata (from the .torrent or resolved from peers), a resume
 * check of what is on disk, then the torrent with peers from the request, the trackers, the DHT
 * and PEX, until every piece is verified, the time runs out or it is cancelled; with
 * {@code seedAfter} it then keeps serving until cancelled. Runs on its own virtual thread.
 */
public final class Download {

    private static final Logger LOG = LoggerFactory.getLogger(Download.class);

    private final String id;
    private final DownloadRequest request;
    private final DownloadServices services;
    private final CompletableFuture<DownloadOutcome> outcome = new CompletableFuture<>();
    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile DownloadState state;
    private volatile Torrent torrent;
    private volatile String name;
    private volatile String error;
    private volatile long checkedBytes = -1;
    private volatile InetSocketAddress metadataPeer;
    private final Hooks hooks;

    /** What the owner of a download decides or hears about on the way. */
    public interface Hooks {
        /** Null to go on with this torrent, or why not (a quota): the download then fails. */
        String admit(Metainfo meta);

        /** Every piece is verified and forced to disk. */
        void completed();

        Hooks NONE = new Hooks() {
            @Override
            public String admit(Metainfo meta) {
                return null;
            }

            @Override
            public void completed() {
            }
        };
    }
    /** Why the resolver found no metadata, as it said it; null until then. */
    private volatile String metadataMiss;

    public Download(String id, DownloadRequest request, DownloadServices services) {
        this(id, request, services, Hooks.NONE);
    }

    public Download(String id, DownloadRequest request, DownloadServices services, Hooks hooks) {
        this.hooks = hooks;
        this.id = id;
        this.request = request;
        this.services = services;
        this.name = request.displayName();
        this.state = request.metainfo() != null ? DownloadState.CHECKING : DownloadState.RESOLVING;
    }

    /** Starts the download thread; the outcome completes when done, timed out, failed or cancelled. */
    public CompletableFuture<DownloadOutcome> start() {
        Thread.ofVirtual().name("download " + id).start(() -> {
            DownloadOutcome o;
            try {
                o = run();
            } catch (InterruptedException e) {
                o = new DownloadOutcome.Cancelled();
            } catch (RuntimeException e) {
                LOG.error("download {} failed", id, e);
                o = new DownloadOutcome.Failed(e.toString());
            }
            finish(o);
        });
        return outcome;
    }

    public String id() {
        return id;
    }

    /** Completes once the download has stopped entirely (after seeding, too). */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    public TorrentStats stats() {
        Torrent t = torrent;
        return t == null ? null : t.stats();
    }

    /** Bytes whose pieces verified during the resume check, or -1 before it ends. */
    public long checkedBytes() {
        return checkedBytes;
    }

    public DownloadState state() {
        return state;
    }

    public DownloadStatus status() {
        TorrentStats s = stats();
        if (s == null) {
            return new DownloadStatus(id, state, 0, 0, 0, 0, 0, name, error);
        }
        return new DownloadStatus(id, state, s.progress(), s.verifiedBytes(), s.totalBytes(), s.downloadRate(),
                s.peers(), name, error, Math.max(0, checkedBytes), s.downloaded(), s.wasted());
    }

    /** Stops the download (or the seeding); files stay. */
    public void cancel() {
        cancelled.complete(null);
    }

    private volatile boolean cancelledByUser;

    /** As {@link #cancel}, asked for by a user rather than a shutdown: the owner forgets it. */
    public void cancelByUser() {
        cancelledByUser = true;
        cancel();
    }

    public boolean cancelledByUser() {
        return cancelledByUser;
    }

    private DownloadOutcome run() throws InterruptedException {
        long deadline = System.nanoTime() + request.timeout().toNanos();
        Metainfo meta = request.metainfo();
        if (meta == null) {
            meta = resolve(request.magnet(), deadline);
            if (meta == null) {
                return cancelled.isDone() ? new DownloadOutcome.Cancelled()
                        : new DownloadOutcome.TimedOut("no metadata within " + request.timeout().toSeconds() + " s"
                        + (metadataMiss == null ? "" : ": " + metadataMiss), null);
            }
        }
        name = meta.name();
        String refusal = hooks.admit(meta);
        if (refusal != null) {
            return new DownloadOutcome.BadInput(refusal);
        }
        state = DownloadState.CHECKING;
        PieceStore store;
        try {
            Files.createDirectories(request.directory());
            store = PieceStore.open(meta, request.directory(), services.storage(), services.pieceMemory());
        } catch (UnsafePathException | IllegalArgumentException | MetainfoException e) {
            return new DownloadOutcome.BadInput("refused: " + e.getMessage());
        } catch (IOException e) {
            return new DownloadOutcome.Failed("cannot create the files: " + e);
        }
        try (store) {
            return download(meta, store, deadline);
        }
    }

    private Metainfo resolve(MagnetUri magnet, long deadline) throws InterruptedException {
        // a long download still gives the metadata step no more than the resolver's own ceiling
        Duration left = Duration.ofNanos(Math.max(1_000_000, Math.min(deadline - System.nanoTime(),
                io.lodestone.resolve.ResolveConfig.MAX_TIMEOUT.toNanos())));
        CompletableFuture<ResolveResult> r = services.resolver().resolve(magnet, left);
        awaitAny(r, cancelled); // the resolver ends it by its own deadline
        if (!r.isDone()) {
            r.cancel(true);
            return null;
        }
        try {
            if (r.get() instanceof ResolveResult.Resolved ok) {
                metadataPeer = ok.peer(); // it has the torrent, or at least knows it: ask it first
                return ok.metainfo();
            }
            if (r.get() instanceof ResolveResult.NotFound nf) {
                metadataMiss = nf.reason() + " (" + nf.peersTried() + " peers tried)"; // e.g. who refused what
            }
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    private DownloadOutcome download(Metainfo meta, PieceStore store, long deadline) throws InterruptedException {
        java.util.BitSet verified;
        try {
            verified = store.recheck(services.network().disk());
        } catch (IOException e) {
            return new DownloadOutcome.Failed("resume check failed: " + e);
        }
        Torrent t = new Torrent(services.network().config(), services.network(), meta, store, services.clock());
        torrent = t;
        t.start(verified).join();
        checkedBytes = t.stats().verifiedBytes();
        state = DownloadState.DOWNLOADING;
        List<AutoCloseable> sources = startSources(t, meta);
        try {
            DownloadOutcome o = waitForCompletion(t, deadline);
            if (o instanceof DownloadOutcome.Complete) {
                try {
                    store.sync(); // complete means on the disk, not in the page cache
                } catch (IOException e) {
                    return new DownloadOutcome.Failed("cannot force the data to disk: " + e);
                }
                hooks.completed();
            }
            if (o instanceof DownloadOutcome.Complete && request.seedAfter()) {
                state = DownloadState.SEEDING;
                outcome.complete(o);
                awaitAny(cancelled, t.failure());
            }
            return o;
        } finally {
            for (AutoCloseable c : sources) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("closing a peer source: {}", e.toString());
                }
            }
            try {
                t.stop().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("stopping the torrent: {}", e.toString());
            }
        }
    }

    /**
     * Waits on the torrent's own futures rather than looking every so often: a download is
     * complete the moment its last piece is verified, not up to a poll interval later.
     */
    private DownloadOutcome waitForCompletion(Torrent t, long deadline) throws InterruptedException {
        CompletableFuture<Object> any = CompletableFuture.anyOf(t.completion(), t.failure(), cancelled);
        while (true) {
            if (t.completion().isDone()) {
                return new DownloadOutcome.Complete(t.stats());
            }
            if (t.failure().isDone()) {
                return new DownloadOutcome.Failed(t.failure().exceptionNow().getMessage());
            }
            if (cancelled.isDone()) {
                return new DownloadOutcome.Cancelled();
            }
            if (System.nanoTime() - deadline >= 0) {
                return new DownloadOutcome.TimedOut("not complete within " + request.timeout().toSeconds() + " s",
                        t.stats());
            }
            try {
                any.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the checks above say which ended it, or that the time ran out
            }
        }
    }

    /** Until any of {@code futures} is done, whichever way. */
    private static void awaitAny(CompletableFuture<?>... futures) throws InterruptedException {
        try {
            CompletableFuture.anyOf(futures).get();
        } catch (ExecutionException e) {
            // one ended exceptionally: the caller looks at which
        }
    }

    private List<AutoCloseable> startSources(Torrent t, Metainfo meta) {
        int port = services.network().port();
        try {
            t.addOwnAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (RuntimeException ignored) {
            // only a guard against connecting to ourselves; the peer id check catches the rest
        }
        t.addPeers(request.peers(), PeerBook.Source.USER);
        if (metadataPeer != null) {
            t.addPeers(List.of(metadataPeer), PeerBook.Source.MAGNET);
        }
        if (request.magnet() != null) {
            List<InetSocketAddress> pe = new ArrayList<>();
            request.magnet().peers().forEach(hp -> {
                if (hp.isLiteral()) {
                    pe.add(hp.toSocketAddress());
                }
            });
            t.addPeers(pe, PeerBook.Source.MAGNET);
        }
        List<AutoCloseable> sources = new ArrayList<>();
        Set<String> trackers = new LinkedHashSet<>(request.trackers());
        meta.trackers().forEach(trackers::addAll);
        if (request.magnet() != null) {
            trackers.addAll(request.magnet().trackers());
        }
        if (!trackers.isEmpty()) {
            TrackerAnnouncer a = new TrackerAnnouncer(services.trackers(), services.trackers().capped(trackers), meta.dhtInfoHash(),
                    services.network().peerId(), port, t::stats, peers -> t.addPeers(peers, PeerBook.Source.TRACKER));
            a.start();
            sources.add(a);
        }
        if (services.dht() != null && !meta.isPrivate()) {
            List<InfoHash> keys = new ArrayList<>();
            keys.add(meta.dhtInfoHash());
            if (meta.infoHashV1() != null && meta.infoHashV2() != null) {
                keys.add(meta.infoHashV2().truncated());
            }
            DhtAnnouncer d = new DhtAnnouncer(services.dht(), keys, port, () -> t.stats().complete(),
                    p -> t.addPeers(List.of(p), PeerBook.Source.DHT));
            d.start();
            sources.add(d);
        }
        return sources;
    }

    private void finish(DownloadOutcome o) {
        state = switch (o) {
            case DownloadOutcome.Complete c -> DownloadState.COMPLETE;
            case DownloadOutcome.Cancelled c -> state == DownloadState.SEEDING ? DownloadState.COMPLETE
                    : DownloadState.CANCELLED;
            case DownloadOutcome.TimedOut t -> {
                error = t.reason();
                yield DownloadState.FAILED;
            }
            case DownloadOutcome.BadInput b -> {
                error = b.reason();
                yield DownloadState.FAILED;
            }
            case DownloadOutcome.Failed f -> {
                error = f.reason();
                yield DownloadState.FAILED;
            }
        };
        outcome.complete(o);
        finished.complete(null);
    }
}
