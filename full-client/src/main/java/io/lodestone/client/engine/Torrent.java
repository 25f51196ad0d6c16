package io.lodestone.client.engine;

import io.lodestone.client.engine.policy.RequestBudget;
import io.lodestone.client.engine.policy.TorrentPolicy;
import io.lodestone.client.engine.policy.Transfers;
import io.lodestone.client.storage.PieceStore;
import io.lodestone.client.storage.TorrentLayout;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.TorrentVersion;
import io.lodestone.time.Clock;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.ReservedBit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One torrent being downloaded and served, on the Netty side: its peers, the disk queue and
 * timers, translated into events on its {@link TorrentPolicy} (which decides everything the peer
 * wire protocol leaves to us) and the policy's actions translated back into frames and disk jobs.
 * Everything runs on one event loop; public methods may be called from any thread and hop onto it.
 */
public final class Torrent implements PeerWire.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Torrent.class);
    /** How often timeouts, peers and keep-alives are looked at. */
    static final long TICK_MILLIS = 1000;

    private final EngineConfig config;
    private final PeerNetwork network;
    private final Metainfo metainfo;
    private final TorrentLayout layout;
    private final Clock clock;
    private final EventLoop loop;
    private final PeerBook book;
    private final DiskQueue disk;
    private final TorrentPolicy policy;
    private final Uploader uploader;
    private final Extensions extensions;
    /** BEP 55 when we speak uTP; else null. */
    private final HolepunchExchange holepunch;
    private final HashExchange hashes;
    private final PieceVerdicts verdicts;
    private final Dialer dialer = new Dialer();
    private final CompletableFuture<Void> completed = new CompletableFuture<>();
    private final CompletableFuture<Void> failed = new CompletableFuture<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final PeerTable peers;
    private long nextPeerId = 1;
    private boolean stopped;
    private final WireActions actions;
    private volatile TorrentStats stats;

    public Torrent(EngineConfig config, PeerNetwork network, Metainfo metainfo, PieceStore store, Clock clock) {
        this(config, network, metainfo, store, clock, new SplittableRandom());
    }

    /** With the random source for picking and choking (seeded in tests). */
    public Torrent(EngineConfig config, PeerNetwork network, Metainfo metainfo, PieceStore store, Clock clock,
                   RandomGenerator random) {
        this.config = config;
        this.network = network;
        this.metainfo = metainfo;
        this.layout = TorrentLayout.of(metainfo);
        this.clock = clock;
        this.loop = network.nextLoop();
        this.book = new PeerBook(config.maxKnownPeers(), config.maxConnectAttempts(),
                config.reconnectDelay().toNanos(), config.allowPrivate());
        this.peers = new PeerTable(book);
        this.disk = new DiskQueue(store, network.disk(), network.config().diskThreads(), loop,
                this::later, this::diskFailed);
        TokenBucket downLimit = network.downloadLimit();
        RequestBudget budget = new RequestBudget() {
            @Override
            public boolean open() {
                return disk.queuedBytes() <= config.maxDiskQueueBytes() && downLimit.available(Torrent.this);
            }

            @Override
            public long rateLimit() {
                return downLimit.limited() ? downLimit.rate() : 0;
            }
        };
        this.actions = new WireActions(peers, disk, this::pieceComplete, this::onComplete, () -> stopped);
        this.policy = new TorrentPolicy(config, layout, metainfo.version() == TorrentVersion.V2, clock, random,
                actions, budget);
        peers.onClosing(policy::closing);
        this.uploader = new Uploader(disk, network.uploadLimit(), policy, loop, peers);
        this.hashes = new HashExchange(metainfo, store, clock, peers, this::pieceComplete);
        this.holepunch = network.speaksUtp() ? new HolepunchExchange(clock, peers, network.selfAddress(),
                a -> onLoop(() -> dialUtp(a))) : null;
        this.extensions = new Extensions(metainfo, config, network, clock, peers, this::addPeers, holepunch);
        this.verdicts = new PieceVerdicts(policy, disk, hashes, layout, peers, book);
        actions.bind(uploader, extensions, hashes, verdicts);
        this.stats = TorrentStats.empty(layout.totalSize(), layout.pieceCount());
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts with the pieces already verified on disk (resume); the future completes once running. */
    public CompletableFuture<Void> start(BitSet verified) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        onLoop(() -> {
            policy.start(verified);
            network.register(metainfo.dhtInfoHash(), this);
            if (metainfo.infoHashV2() != null) {
                network.register(metainfo.infoHashV2().truncated(), this);
            }
            timers.add(loop.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS));
            publishStats();
            started.complete(null);
        });
        return started;
    }

    /** Completes once every piece is verified. */
    public CompletableFuture<Void> completion() {
        return completed;
    }

    /** Completes exceptionally when the torrent cannot go on (a disk error). */
    public CompletableFuture<Void> failure() {
        return failed;
    }

    public TorrentStats stats() {
        return stats;
    }

    public Metainfo metainfo() {
        return metainfo;
    }

    /** Peer addresses from anywhere; connected to as room allows. */
    public void addPeers(Collection<InetSocketAddress> addresses, PeerBook.Source source) {
        List<InetSocketAddress> copy = List.copyOf(addresses);
        onLoop(() -> {
            for (InetSocketAddress a : copy) {
                book.add(a, source);
            }
            connectMore();
        });
    }

    /** Our own address, so we never connect to ourselves through a tracker or the DHT. */
    public void addOwnAddress(InetSocketAddress self) {
        onLoop(() -> book.addOwn(self));
    }

    /** Closes every connection and stops; the store stays open (its owner closes it). */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!onLoop(() -> {
            stopped = true;
            network.downloadLimit().leave(Torrent.this);
            policy.stop();
            timers.forEach(t -> t.cancel(false));
            network.unregister(metainfo.dhtInfoHash());
            if (metainfo.infoHashV2() != null) {
                network.unregister(metainfo.infoHashV2().truncated());
            }
            peers.wires().forEach(w -> w.close("stopping"));
            dialer.closeAll("stopping");
            disk.flush(); // blocks received this turn still go to disk
            publishStats();
            done.complete(null);
        })) {
            done.complete(null); // the network is closed: every connection is gone already
        }
        return done;
    }

    /** Runs {@code task} on the loop after {@code delayNanos}; nothing once the loop is gone. */
    private void later(Runnable task, long delayNanos) {
        try {
            loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closing: the store writes what still waits as it closes
        }
    }

    /** Runs {@code r} on the loop; false when the loop is gone (the network closed first). */
    private boolean onLoop(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
            return true;
        }
        try {
            loop.execute(r);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ peers

    private void connectMore() {
        if (stopped) {
            return;
        }
        int room = config.maxPeersPerTorrent() - peers.size() - dialer.pending();
        int slots = Math.min(Math.min(room, config.maxConnecting() - dialer.connecting()), network.connectionRoom());
        if (slots <= 0 || (policy.complete() && !peers.isEmpty())) {
            return; // a seed connects out only when it has nobody; leechers find it
        }
        for (InetSocketAddress a : book.candidates(slots, clock.nanos())) {
            PeerWire w = network.connect(a, metainfo.dhtInfoHash(), loop, this);
            if (w == null) { // another torrent took the last slots meanwhile: not this peer's fault
                book.disconnected(a, false, clock.nanos());
                return;
            }
            dialer.dialled(w, clock.nanos());
        }
    }

    /** A BEP 55 relay said to meet {@code a}: dial it over uTP now, book or no book. */
    private void dialUtp(InetSocketAddress a) {
        if (stopped || book.isBanned(a) || network.connectionRoom() <= 0) {
            return;
        }
        PeerWire w = network.connect(a, metainfo.dhtInfoHash(), loop, this, true);
        if (w != null) {
            dialer.dialled(w, clock.nanos());
        }
    }

    @Override
    public void onConnected(PeerWire wire) {
        onLoop(() -> {
            if (!dialer.connected(wire, clock.nanos()) || stopped) {
                wire.close("not wanted");
                return;
            }
            wire.sendHandshake(ourHandshake());
        });
    }

    private Handshake ourHandshake() {
        if (metainfo.version().hasV2()) { // BEP 52: we speak v2 (hash messages) for this torrent
            return Handshake.of(metainfo.dhtInfoHash(), network.peerId(), ReservedBit.EXTENSION_PROTOCOL,
                    ReservedBit.FAST_EXTENSION, ReservedBit.V2_UPGRADE);
        }
        return Handshake.of(metainfo.dhtInfoHash(), network.peerId(), ReservedBit.EXTENSION_PROTOCOL,
                ReservedBit.FAST_EXTENSION);
    }

    @Override
    public void onHandshake(PeerWire wire, Handshake h) {
        onLoop(() -> accept(wire, h));
    }

    private void accept(PeerWire wire, Handshake h) {
        boolean outgoing = wire.outgoing();
        dialer.handshaken(wire);
        String refusal = stopped ? "stopping" : Admission.refusal(metainfo, network.peerId(), book, wire, h,
                peers.all(), config.maxPeersPerTorrent());
        if (refusal != null) {
            wire.close(refusal);
            if (outgoing) {
                book.disconnected(wire.remoteAddress(), true, clock.nanos());
            }
            return;
        }
        if (!outgoing) {
            wire.sendHandshake(ourHandshake());
        }
        long id = nextPeerId++;
        book.connected(wire.remoteAddress(), outgoing ? PeerBook.Source.USER : PeerBook.Source.INCOMING);
        if (h.supportsExtensionProtocol()) { // before the bitfield, as libtorrent has it
            wire.send(extensions.handshake());
        }
        Peer p = new Peer(wire, policy.connected(id, wire.remoteAddress(), outgoing, h));
        peers.add(p);
        policy.greet(id); // now that its actions can find the wire
        LOG.debug("{} connected ({}, fast {}, ext {}, v2 {})", p, outgoing ? "out" : "in", p.state.fast(),
                p.state.extensions(), p.state.v2());
        hashes.pump(stopped);
    }

    @Override
    public void onMessage(PeerWire wire, PeerMessage message) {
        onLoop(() -> {
            Peer p = peers.get(wire);
            if (p == null || stopped) {
                return;
            }
            if (message instanceof PeerMessage.Piece piece) { // a frame the cutter did not take as a block
                deliver(p, piece.piece(), piece.begin(), Unpooled.wrappedBuffer(piece.block()));
            } else {
                policy.onMessage(p.id, message);
            }
        });
    }

    @Override
    public void onBlock(PeerWire wire, int piece, int begin, ByteBuf block) {
        if (!onLoop(() -> {
            Peer p = peers.get(wire);
            if (p != null && !stopped) {
                deliver(p, piece, begin, block);
            } else {
                block.release();
            }
        })) {
            block.release();
        }
    }

    /** Hands a block to the policy; its write action takes its own reference. */
    private void deliver(Peer p, int piece, int begin, ByteBuf block) {
        int length = block.readableBytes();
        network.downloadLimit().spend(length);
        actions.deliver(block, () -> policy.onBlock(p.id, piece, begin, length));
    }

    @Override
    public void onWritable(PeerWire wire) {
        onLoop(() -> {
            Peer p = peers.get(wire);
            if (p != null) {
                uploader.pump(p);
            }
        });
    }

    @Override
    public void onClosed(PeerWire wire, String reason) {
        onLoop(() -> {
            long now = clock.nanos();
            boolean attempt = dialer.closed(wire);
            Peer p = peers.remove(wire);
            if (p != null) {
                hashes.peerGone(p);
                LOG.debug("{} gone: {}", p, reason);
            }
            if (wire.outgoing() && wire.remoteAddress() != null) {
                book.disconnected(wire.remoteAddress(), attempt, now, wire.redialAtOnce());
                if (attempt && holepunch != null) {
                    holepunch.dialFailed(wire.remoteAddress());
                }
            }
            if (p != null && holepunch != null) {
                holepunch.peerGone(p);
            }
            if (p != null) {
                policy.disconnected(p.id);
            }
            connectMore();
        });
    }

    // ------------------------------------------------------------------ pieces

    /** Every block of a piece is on its way to disk (or its v2 layer just arrived): judge it. */
    private void pieceComplete(int piece) {
        if (!stopped) {
            verdicts.check(piece, this::afterVerdict);
        }
    }

    private void afterVerdict() {
        if (!stopped) {
            publishStats();
        }
    }

    private void onComplete() {
        // a liar convicted by the last good piece is banned, and counted, before anyone hears of it
        verdicts.whenConvictionsSettled(() -> {
            if (!completed.isDone()) {
                LOG.info("{}: all {} pieces verified", metainfo.name(), layout.pieceCount());
            }
            publishStats(); // whoever wakes on completion reads the stats at once: they must say complete
            completed.complete(null);
        });
    }

    private void diskFailed(IOException e) {
        LOG.error("{}: disk error: {}", metainfo.name(), e.toString());
        failed.completeExceptionally(e);
    }

    // ------------------------------------------------------------------ timers

    private void tick() {
        if (stopped) {
            return;
        }
        long now = clock.nanos();
        dialer.expire(now, config.connectTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1),
                config.handshakeTimeout().toNanos());
        policy.tick();
        for (Peer p : new ArrayList<>(peers.all())) {
            if (!p.state.closing()) {
                extensions.maybeSendPex(p, now);
            }
        }
        hashes.pump(stopped);
        disk.releaseUntouched();
        connectMore();
        publishStats();
    }

    private void publishStats() {
        Transfers t = policy.transfers();
        stats = new TorrentStats(policy.haveBytes(), layout.totalSize(), policy.haveCount(), layout.pieceCount(),
                t.downloadRate(), t.uploadRate(), t.downloaded(), t.uploaded(), t.wasted(), peers.size(), book.size(),
                t.hashFailures(), book.bannedCount(), policy.complete());
    }
}
