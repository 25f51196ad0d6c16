package io.lodestone.client.engine.policy;

import io.lodestone.client.choker.Choker;
import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.picker.PiecePicker;
import io.lodestone.client.picker.RequestPipeline;
import io.lodestone.client.storage.TorrentLayout;
import io.lodestone.time.Clock;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.PeerMessage;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One torrent's peer-wire policy, as {@code DhtNode} is the DHT's: events go in (a peer connected
 * or left, a message or block arrived, a piece's hash verdict, a tick), actions come out through
 * {@link SessionActions} (send, close with a reason, write, verify, serve). It owns the picker (the
 * one record of outstanding requests and verified pieces), the request pipeline, the choker and
 * each peer's {@link PeerState}. Time comes from the injected clock, randomness from the injected
 * generator; nothing here touches a socket, a thread or a buffer. Not thread-safe: one torrent's
 * events come from one thread.
 */
public final class TorrentPolicy {

    private final EngineConfig config;
    private final TorrentLayout layout;
    private final Clock clock;
    private final SessionActions out;
    private final PiecePicker picker;
    private final Choker choker;
    private final Transfers transfers;
    private final Map<Long, PeerState> peers = new LinkedHashMap<>();
    private final Collection<PeerState> peerView = Collections.unmodifiableCollection(peers.values());
    private final Requesting requesting;
    private final Serving serving;
    private final ChokeRound chokeRound;
    private final PeerRules rules;
    private long lastChoke;
    private boolean stopped;

    /**
     * @param wholePieces peers may ask for a file's last piece in full (v2-only torrents, whose files
     *                    are padded to whole pieces)
     */
    public TorrentPolicy(EngineConfig config, TorrentLayout layout, boolean wholePieces, Clock clock,
                         RandomGenerator random, SessionActions out, RequestBudget budget) {
        this.config = Objects.requireNonNull(config, "config");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
        this.picker = new PiecePicker(layout, config.picker(), random);
        this.choker = new Choker(config.choker(), clock, random);
        this.transfers = new Transfers(clock);
        this.requesting = new Requesting(picker, new RequestPipeline(config.picker()),
                config.requestTimeout().toNanos(), budget, out, peerView, transfers, layout.pieceCount());
        this.serving = new Serving(layout, picker, out, config.maxServedRequests(), config.maxServedBlock(), wholePieces);
        this.chokeRound = new ChokeRound(choker, serving, out, peerView);
        this.rules = new PeerRules(layout.pieceCount(), picker, requesting, serving, out, this::interested);
        this.lastChoke = clock.nanos();
    }

    // ------------------------------------------------------------------ events

    /** Starts with the pieces already verified on disk (resume). */
    public void start(BitSet verified) {
        picker.setHave(verified);
        if (picker.complete()) {
            out.completed();
        }
    }

    /** A peer's handshake was accepted: its state. {@link #greet} follows once the adapter can reach it. */
    public PeerState connected(long id, InetSocketAddress address, boolean outgoing, Handshake handshake) {
        if (peers.containsKey(id)) {
            throw new IllegalArgumentException("peer " + id + " is connected already");
        }
        PeerState p = new PeerState(id, address, outgoing, handshake, clock);
        peers.put(id, p);
        return p;
    }

    /**
     * Our first message to a new peer: what we have (have all or have none with the fast extension
     * when they say it all, else a bitfield, nothing when we have nothing).
     */
    public void greet(long id) {
        PeerState p = live(id);
        if (p == null) {
            return;
        }
        BitSet have = picker.have();
        if (p.fast && have.isEmpty()) {
            send(p, new PeerMessage.HaveNone());
        } else if (p.fast && picker.complete()) {
            send(p, new PeerMessage.HaveAll());
        } else if (!have.isEmpty()) {
            send(p, new PeerMessage.Bitfield(bitfield(have, layout.pieceCount())));
        }
    }

    /** The connection is gone: its pieces no longer count, its requests are pickable again. */
    public void disconnected(long id) {
        if (peers.remove(id) != null) {
            picker.peerGone(id);
            if (!stopped) {
                requesting.fillAll(clock.nanos());
            }
        }
    }

    /** A whole message from the peer (blocks go through {@link #onBlock}). */
    public void onMessage(long id, PeerMessage m) {
        PeerState p = live(id);
        if (p != null) {
            long now = clock.nanos();
            p.lastReceived = now;
            rules.handle(p, m, now);
        }
    }

    /** A block arrived; {@link SessionActions#write} follows when it is wanted. */
    public void onBlock(long id, int piece, int begin, int length) {
        PeerState p = live(id);
        if (p != null) {
            long now = clock.nanos();
            p.lastReceived = now;
            requesting.onBlock(p, piece, begin, length, now);
        }
    }

    /** The piece passed its hash check: announce it, drop interest where none is left, finish. */
    public void pieceVerified(int piece) {
        if (stopped || picker.has(piece)) {
            return;
        }
        picker.pieceVerified(piece);
        long now = clock.nanos();
        for (PeerState p : peers.values()) {
            send(p, new PeerMessage.Have(piece));
        }
        requesting.updateInterestAll(now);
        if (picker.complete()) {
            for (PeerState p : List.copyOf(peers.values())) {
                if (p.seed) {
                    close(p, "both seeds");
                }
            }
            out.completed();
        }
        // a piece retired in the end game frees its duplicates' slots; otherwise blocks arriving
        // top up, so the refill is gathered as theirs is (with small pieces a verdict comes every
        // few blocks, and a pick and a request message each would cost as much as the blocks)
        requesting.fillAll(now, Requesting.REFILL_FRACTION);
    }

    /** The piece failed its hash check: its bytes were waste. {@link #redownload} puts it back. */
    public void hashFailed(int piece) {
        transfers.hashFailed(layout.pieceSize(piece));
    }

    /** The failed piece may be downloaded again (once whatever the adapter kept of it is kept). */
    public void redownload(int piece) {
        if (!stopped) {
            picker.pieceFailed(piece);
            requesting.fillAll(clock.nanos());
        }
    }

    /** The adapter sent {@code bytes} of a block the peer asked for. */
    public void uploaded(long id, int bytes) {
        transfers.uploaded(bytes);
        PeerState p = peers.get(id);
        if (p != null) {
            p.up.add(bytes);
            p.lastSent = clock.nanos();
        }
    }

    /** Timeouts, keep-alives, snubbing, the choker when due, and topping up every pipeline. */
    public void tick() {
        if (stopped) {
            return;
        }
        long now = clock.nanos();
        for (PeerState p : List.copyOf(peers.values())) {
            if (p.closing) {
                continue;
            }
            if (now - p.lastReceived > config.inactivityTimeout().toNanos()) {
                close(p, "inactive");
                continue;
            }
            if (now - p.lastSent > config.keepAliveInterval().toNanos()) {
                send(p, new PeerMessage.KeepAlive());
            }
            requesting.expire(p, now);
        }
        if (now - lastChoke >= config.choker().unchokeInterval().toNanos()) {
            chokeRound();
        }
        requesting.fillAll(now);
    }

    /** Runs the choker now. */
    public void chokeRound() {
        lastChoke = clock.nanos();
        chokeRound.run(picker.complete(), lastChoke);
    }

    /** Tops up every peer's requests (the disk caught up, a verdict freed blocks). */
    public void fillAll() {
        if (!stopped) {
            requesting.fillAll(clock.nanos());
        }
    }

    /** The adapter closed a peer itself (a ban, a bad extension message): say nothing more to it. */
    public void closing(long id) {
        PeerState p = peers.get(id);
        if (p != null) {
            p.closing = true;
        }
    }

    /** No more actions: the torrent is stopping. */
    public void stop() {
        stopped = true;
    }

    // ------------------------------------------------------------------ reading

    public PeerState peer(long id) {
        return peers.get(id);
    }

    public Collection<PeerState> peers() {
        return peerView;
    }

    public boolean complete() {
        return picker.complete();
    }

    public boolean has(int piece) {
        return picker.has(piece);
    }

    /** A copy of the verified pieces. */
    public BitSet have() {
        return picker.have();
    }

    public int haveCount() {
        return picker.haveCount();
    }

    /** Bytes of the verified pieces. */
    public long haveBytes() {
        return picker.haveBytes();
    }

    public Transfers transfers() {
        return transfers;
    }

    /** The picker, for reading (tests check its invariants and outstanding requests). */
    public PiecePicker picker() {
        return picker;
    }

    // ------------------------------------------------------------------ internals

    private PeerState live(long id) {
        PeerState p = peers.get(id);
        return p == null || p.closing || stopped ? null : p;
    }

    private void interested(PeerState p, long now) {
        int slots = config.choker().regularSlots() + config.choker().optimisticSlots();
        if (p.amChoking && !chokeRound.slotsFull(slots)) {
            chokeRound(); // a free slot: no need to make it wait for the next round
        }
    }

    private void send(PeerState p, PeerMessage m) {
        if (!p.closing) {
            out.send(p.id, m);
            p.lastSent = clock.nanos();
        }
    }

    private void close(PeerState p, String reason) {
        p.closing = true;
        out.close(p.id, reason);
    }

    /** BEP 3 bitfield: piece 0 is the high bit of the first byte; spare bits stay zero. */
    static byte[] bitfield(BitSet have, int pieceCount) {
        byte[] bits = new byte[(pieceCount + 7) / 8];
        for (int i = have.nextSetBit(0); i >= 0 && i < pieceCount; i = have.nextSetBit(i + 1)) {
            bits[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return bits;
    }
}
