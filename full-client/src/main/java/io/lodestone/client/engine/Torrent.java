package io.lodestone.client.engine;

import io.lodestone.client.choker.Choker;
import io.lodestone.client.choker.ChokerConfig;
import io.lodestone.client.picker.PickerConfig;
import io.lodestone.client.picker.PiecePicker;
import io.lodestone.client.picker.RequestPipeline;
import io.lodestone.client.storage.PieceStore;
import io.lodestone.client.storage.TorrentLayout;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.time.Clock;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.ReservedBit;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One torrent being downloaded and served: its connections, and the glue between them and the
 * pure policies (picker, request pipeline, choker) and the store. Everything runs on one event
 * loop; public methods may be called from any thread and hop onto it.
 *
 * <p>Message rules live in {@link PeerMessages}, requesting in {@link Requester}, uploads in
 * {@link Uploader}, extension messages in {@link Extensions}.
 */
public final class Torrent implements PeerWire.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Torrent.class);
    /** How often timeouts, connections and keep-alives are looked at. */
    static final long TICK_MILLIS = 1000;

    final EngineConfig config;
    final PeerNetwork network;
    final Metainfo metainfo;
    final TorrentLayout layout;
    final PiecePicker picker;
    final RequestPipeline pipeline;
    final Clock clock;
    final EventLoop loop;
    final PeerBook book;
    final DiskQueue disk;
    final Requester requester;
    final Uploader uploader;
    final Extensions extensions;
    final PeerMessages messages;
    final HashExchange hashes;
    private final PieceVerdicts verdicts;
    private final Choker choker;
    final SmartBan smartBan = new SmartBan();
    /** Pieces verified; the picker's copy is not read on every request. */
    final BitSet have = new BitSet();
    private final Map<PeerWire, Peer> peers = new LinkedHashMap<>();
    private final Map<Long, Peer> byId = new HashMap<>();
    private final Map<PeerWire, Long> connecting = new HashMap<>();
    private final Map<PeerWire, Long> handshaking = new HashMap<>();
    private final CompletableFuture<Void> completed = new CompletableFuture<>();
    private final CompletableFuture<Void> failed = new CompletableFuture<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private long nextPeerId = 1;
    private long lastChoke;
    private boolean stopped;
    long downloaded;
    long uploaded;
    long wasted;
    int hashFailures;
    private final RateMeter downRate;
    private final RateMeter upRate;
    private volatile TorrentStats stats;

    public Torrent(EngineConfig config, PeerNetwork network, Metainfo metainfo, PieceStore store, Clock clock) {
        this.config = config;
        this.network = network;
        this.metainfo = metainfo;
        this.layout = TorrentLayout.of(metainfo);
        this.clock = clock;
        this.loop = network.nextLoop();
        SplittableRandom random = new SplittableRandom();
        this.picker = new PiecePicker(layout, PickerConfig.defaults(), random);
        this.pipeline = RequestPipeline.defaults();
        this.choker = new Choker(ChokerConfig.defaults(), clock, random.split());
        this.book = new PeerBook(config.maxKnownPeers(), config.maxConnectAttempts(),
                config.reconnectDelay().toNanos(), config.allowPrivate());
        this.disk = new DiskQueue(store, network.disk(), network.config().diskThreads(), loop, this::diskFailed);
        this.requester = new Requester(this);
        this.uploader = new Uploader(this);
        this.extensions = new Extensions(this);
        this.messages = new PeerMessages(this);
        this.verdicts = new PieceVerdicts(this);
        this.hashes = new HashExchange(this, store);
        this.downRate = new RateMeter(clock);
        this.upRate = new RateMeter(clock);
        this.stats = TorrentStats.empty(layout.totalSize(), layout.pieceCount());
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts with the pieces already verified on disk (resume); the future completes once running. */
    public CompletableFuture<Void> start(BitSet verified) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        onLoop(() -> {
            picker.setHave(verified);
            have.or(verified);
            network.register(metainfo.dhtInfoHash(), this);
            if (metainfo.infoHashV2() != null) {
                network.register(metainfo.infoHashV2().truncated(), this);
            }
            timers.add(loop.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS));
            publishStats();
            if (picker.complete()) {
                completed.complete(null);
            }
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
            timers.forEach(t -> t.cancel(false));
            network.unregister(metainfo.dhtInfoHash());
            if (metainfo.infoHashV2() != null) {
                network.unregister(metainfo.infoHashV2().truncated());
            }
            new ArrayList<>(peers.keySet()).forEach(w -> w.close("stopping"));
            new ArrayList<>(connecting.keySet()).forEach(w -> w.close("stopping"));
            new ArrayList<>(handshaking.keySet()).forEach(w -> w.close("stopping"));
            disk.flush(); // blocks received this turn still go to disk
            publishStats();
            done.complete(null);
        })) {
            done.complete(null); // the network is closed: every connection is gone already
        }
        return done;
    }

    /** Runs {@code r} on the loop; false when the loop is gone (the network closed first). */
    boolean onLoop(Runnable r) {
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

    // ------------------------------------------------------------------ connections

    private void connectMore() {
        if (stopped) {
            return;
        }
        int room = config.maxPeersPerTorrent() - peers.size() - connecting.size() - handshaking.size();
        int slots = Math.min(Math.min(room, config.maxConnecting() - connecting.size()), network.connectionRoom());
        if (slots <= 0 || (picker.complete() && !seedsWanted())) {
            return;
        }
        for (InetSocketAddress a : book.candidates(slots, clock.nanos())) {
            PeerWire w = network.connect(a, metainfo.dhtInfoHash(), loop, this);
            if (w == null) { // another torrent took the last slots meanwhile: not this peer's fault
                book.disconnected(a, false, clock.nanos());
                return;
            }
            connecting.put(w, clock.nanos());
        }
    }

    /** A seed connects out only when it has nobody; leechers find it. */
    private boolean seedsWanted() {
        return peers.isEmpty();
    }

    @Override
    public void onConnected(PeerWire wire) {
        onLoop(() -> {
            if (connecting.remove(wire) == null || stopped) {
                wire.close("not wanted");
                return;
            }
            handshaking.put(wire, clock.nanos());
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
        handshaking.remove(wire);
        String refusal = Admission.refusal(this, wire, h, peers.values());
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
        Peer p = new Peer(nextPeerId++, wire, h, clock);
        peers.put(wire, p);
        byId.put(p.id, p);
        book.connected(wire.remoteAddress(), outgoing ? PeerBook.Source.USER : PeerBook.Source.INCOMING);
        long now = clock.nanos();
        if (p.extensions) {
            p.send(extensions.handshake(), now);
        }
        BitSet have = picker.have();
        if (p.fast && have.isEmpty()) {
            p.send(new PeerMessage.HaveNone(), now);
        } else if (p.fast && picker.complete()) {
            p.send(new PeerMessage.HaveAll(), now);
        } else if (!have.isEmpty()) {
            p.send(new PeerMessage.Bitfield(Admission.bitfield(have, layout.pieceCount())), now);
        }
        LOG.debug("{} connected ({}, fast {}, ext {}, v2 {})", p, outgoing ? "out" : "in", p.fast, p.extensions, p.v2);
        hashes.pump();
    }

    @Override
    public void onMessage(PeerWire wire, PeerMessage message) {
        onLoop(() -> {
            Peer p = peers.get(wire);
            if (p != null && !stopped) {
                p.lastReceived = clock.nanos();
                messages.handle(p, message);
            }
        });
    }

    @Override
    public void onBlock(PeerWire wire, int piece, int begin, ByteBuf block) {
        if (!onLoop(() -> {
            Peer p = peers.get(wire);
            if (p != null && !stopped) {
                p.lastReceived = clock.nanos();
                requester.onPiece(p, piece, begin, block);
            } else {
                block.release();
            }
        })) {
            block.release();
        }
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
            boolean wasConnecting = connecting.remove(wire) != null;
            boolean wasHandshaking = handshaking.remove(wire) != null;
            Peer p = peers.remove(wire);
            if (p != null) {
                byId.remove(p.id);
                picker.peerGone(p.id);
                p.outstanding.clear();
                hashes.peerGone(p);
                LOG.debug("{} gone: {}", p, reason);
            }
            if (wire.outgoing() && wire.remoteAddress() != null) {
                book.disconnected(wire.remoteAddress(), wasConnecting || wasHandshaking, now);
            }
            if (p != null) {
                requester.fillAll();
            }
            connectMore();
        });
    }

    /** Closes a peer now, e.g. for breaking the protocol. */
    void drop(Peer p, String reason) {
        LOG.debug("dropping {}: {}", p, reason);
        p.wire.close(reason);
    }

    /** Bans a peer that sent bad data and closes its connection. */
    void ban(Peer p, String reason) {
        LOG.info("banning {}: {}", p, reason);
        book.ban(p.listenAddress(), p.peerId);
        book.ban(p.address, p.peerId);
        p.wire.close("banned: " + reason);
    }

    Collection<Peer> peers() {
        return peers.values();
    }

    Peer peer(long id) {
        return byId.get(id);
    }

    boolean stopped() {
        return stopped;
    }

    // ------------------------------------------------------------------ pieces

    /** A piece's last block arrived: hash it, then tell everyone or take it back. */
    void pieceComplete(int piece) {
        verdicts.check(piece);
    }

    void onComplete() {
        LOG.info("{}: all {} pieces verified", metainfo.name(), layout.pieceCount());
        for (Peer p : new ArrayList<>(peers.values())) {
            if (p.seed) {
                p.wire.close("both seeds");
            }
        }
        completed.complete(null);
    }

    private void diskFailed(IOException e) {
        LOG.error("{}: disk error: {}", metainfo.name(), e.toString());
        failed.completeExceptionally(e);
    }

    void countDownloaded(int bytes) {
        downloaded += bytes;
        downRate.add(bytes);
    }

    void countUploaded(int bytes) {
        uploaded += bytes;
        upRate.add(bytes);
    }

    // ------------------------------------------------------------------ timers

    private void tick() {
        if (stopped) {
            return;
        }
        long now = clock.nanos();
        expire(connecting, config.connectTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1), now, "connect timeout");
        expire(handshaking, config.handshakeTimeout().toNanos(), now, "handshake timeout");
        for (Peer p : new ArrayList<>(peers.values())) {
            if (now - p.lastReceived > config.inactivityTimeout().toNanos()) {
                drop(p, "inactive");
                continue;
            }
            if (now - p.lastSent > config.keepAliveInterval().toNanos()) {
                p.send(new PeerMessage.KeepAlive(), now);
            }
            requester.expire(p, now);
            extensions.maybeSendPex(p, now);
        }
        if (now - lastChoke >= config.unchokeInterval().toNanos()) {
            chokeRound();
        }
        requester.fillAll();
        hashes.pump();
        connectMore();
        publishStats();
    }

    private void expire(Map<PeerWire, Long> waiting, long limit, long now, String reason) {
        for (Map.Entry<PeerWire, Long> e : new ArrayList<>(waiting.entrySet())) {
            if (now - e.getValue() > limit) {
                e.getKey().close(reason);
            }
        }
    }

    /** Runs the choker now; also when a peer becomes interested while slots are free. */
    void chokeRound() {
        lastChoke = clock.nanos();
        new ChokeRound(this, choker).run(picker.complete());
    }

    void publishStats() {
        BitSet have = picker.have();
        long verified = 0;
        for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
            verified += layout.pieceSize(i);
        }
        stats = new TorrentStats(verified, layout.totalSize(), have.cardinality(), layout.pieceCount(),
                downRate.rate(), upRate.rate(), downloaded, uploaded, wasted, peers.size(), book.size(),
                hashFailures, book.bannedCount(), picker.complete());
    }
}
