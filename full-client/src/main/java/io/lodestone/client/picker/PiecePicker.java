package io.lodestone.client.picker;

import io.lodestone.client.storage.TorrentLayout;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Which blocks to ask which peer for. Pure bookkeeping; peers are named by the engine's
 * {@code long} ids. Not thread-safe: one torrent's events come from one thread.
 *
 * <p>Policy, as libtorrent's piece_picker:
 * <ol>
 *   <li>Pieces already started come first (finish what is started, so pieces complete and can be
 *       shared), oldest first.</li>
 *   <li>New pieces rarest first among the peer's pieces; among the equally rare, one in the
 *       extent ({@link PickerConfig#extentBytes()}) a piece was last started in, else one at
 *       random. Until {@link PickerConfig#randomFirstPieces()} pieces are verified, new pieces are
 *       random instead (nearest first too), so the first ones arrive fast and give us something to
 *       trade. Small pieces started side by side finish side by side and reach the disk in one
 *       write (libtorrent's piece extent affinity).</li>
 *   <li>Strict end game: only once every missing block is requested from someone, blocks already
 *       requested from others (not this peer) are handed out again, each to at most
 *       {@link PickerConfig#endGameDuplicates()} extra peers, fewest requesters first.</li>
 * </ol>
 *
 * <p>{@link #pick} marks what it returns as requested by that peer; the engine sends exactly
 * those requests, or hands back what it did not send with {@link #released}. Blocks wholly inside
 * pad files are never picked (they are zeros). Incoming blocks go through {@link #accept}, which
 * says whether to write them; the engine writes accepted blocks only, so a duplicate cannot
 * overwrite a piece while it is being hashed.
 */
public final class PiecePicker {

    /** What to do with a block that arrived. */
    public enum BlockOutcome {
        /** Write it; the piece still misses blocks. */
        ACCEPTED,
        /** Write it; it was the piece's last block: verify the piece. */
        PIECE_COMPLETE,
        /** Already received from someone else (end game): drop it. */
        DUPLICATE,
        /** Not a block of a piece being downloaded, or malformed: drop it. */
        UNWANTED
    }

    private final TorrentLayout layout;
    private final PickerConfig config;
    private final RandomGenerator random;
    private final int pieceCount;
    private final BitSet have = new BitSet();
    private int haveCount;
    /** Bytes of the pieces in {@link #have}, kept as they are set: summing them per verdict was quadratic. */
    private long haveBytes;
    private final Swarm swarm;
    /** In the order started, so the oldest are finished first. */
    private final Map<Integer, PartialPiece> partials = new LinkedHashMap<>();
    /**
     * The partial pieces with blocks nobody was asked for, oldest first: what a pick walks. Walking
     * every partial piece cost a pick their number, and with small pieces hundreds are in flight.
     */
    private final TreeMap<Long, PartialPiece> open = new TreeMap<>();
    private long started;
    /** Pieces per extent of {@link PickerConfig#extentBytes}; 1 when pieces are that large already. */
    private final int extentPieces;
    /** The new piece started last: the next come from its extent while it has any, from there on. */
    private int lastStarted = -1;
    /**
     * New pieces keep to an extent only while this many extents' worth of pieces are in flight: a
     * fast download, where the cost of each write counts. With fewer, picks spread over the torrent
     * give peers more to trade among themselves: eight leechers of one slow seeder (64 KiB pieces)
     * took 16 s, 79% of it traded, without, and 19-21 s, 73-76%, with it always on.
     */
    static final int NEAR_AFTER = 2;

    public PiecePicker(TorrentLayout layout, PickerConfig config, RandomGenerator random) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.pieceCount = layout.pieceCount();
        this.swarm = new Swarm(pieceCount);
        this.extentPieces = (int) Math.max(1, Math.min(pieceCount, config.extentBytes() / layout.pieceLength()));
    }

    // ---- our pieces ----

    /** Marks pieces verified on disk (resume). Pieces not set stay as they are. */
    public void setHave(BitSet verified) {
        for (int p = verified.nextSetBit(0); p >= 0 && p < pieceCount; p = verified.nextSetBit(p + 1)) {
            pieceVerified(p);
        }
    }

    public BitSet have() {
        return (BitSet) have.clone();
    }

    public boolean complete() {
        return haveCount == pieceCount;
    }

    /** Pieces verified. */
    public int haveCount() {
        return haveCount;
    }

    /** Bytes of the pieces verified. */
    public long haveBytes() {
        return haveBytes;
    }

    public int missingPieces() {
        return pieceCount - haveCount;
    }

    /** Peers known to have the piece. */
    public int availability(int piece) {
        checkPiece(piece);
        return swarm.availability(piece);
    }

    // ---- what peers have ----

    public void peerBitfield(long peer, BitSet has) {
        swarm.bitfield(swarm.getOrAdd(peer), has);
        invariants();
    }

    /** A Have message; out-of-range pieces are ignored. */
    public void peerHave(long peer, int piece) {
        swarm.have(swarm.getOrAdd(peer), piece);
        invariants();
    }

    public void peerHaveAll(long peer) {
        swarm.haveAll(swarm.getOrAdd(peer));
        invariants();
    }

    public void peerHaveNone(long peer) {
        swarm.haveNone(swarm.getOrAdd(peer));
        invariants();
    }

    /** The peer disconnected: its pieces no longer count and its requests are pickable again. */
    public void peerGone(long peer) {
        releaseAll(peer);
        swarm.remove(peer);
        invariants();
    }

    /** Whether the peer has a piece we lack. */
    public boolean isInteresting(long peer) {
        Swarm.Peer s = swarm.get(peer);
        if (s == null || complete()) {
            return false;
        }
        if (s.seed) {
            return true;
        }
        for (int p = s.has.nextSetBit(0); p >= 0; p = s.has.nextSetBit(p + 1)) {
            if (!have.get(p)) {
                return true;
            }
        }
        return false;
    }

    // ---- picking ----

    /** Up to {@code max} blocks to request from the peer now, marked requested by it. */
    public List<Block> pick(long peer, int max) {
        return pick(peer, max, 0);
    }

    /** {@link #pick}, noting {@code now} as when the blocks were requested (see {@link #requestedBefore}). */
    public List<Block> pick(long peer, int max, long now) {
        Swarm.Peer s = swarm.get(peer);
        List<Block> out = new ArrayList<>();
        if (s == null || max <= 0) {
            return out;
        }
        // stepped by key: taking a piece's last blocks removes it from the map
        for (var e = open.firstEntry(); e != null; e = open.higherEntry(e.getKey())) {
            if (out.size() >= max) {
                return out;
            }
            PartialPiece pp = e.getValue();
            if (s.has(pp.piece)) {
                takeUnrequested(pp, peer, s, max, out, now);
            }
        }
        while (out.size() < max) {
            int near = lastStarted < 0 ? 0 : lastStarted / extentPieces * extentPieces;
            int nearEnd = lastStarted < 0 || partials.size() < NEAR_AFTER * extentPieces ? near
                    : Math.min(pieceCount, near + extentPieces);
            int piece = haveCount < config.randomFirstPieces()
                    ? swarm.randomNotStarted(s, random, near, nearEnd, lastStarted)
                    : swarm.rarestNotStarted(s, random, near, nearEnd, lastStarted);
            if (piece < 0) {
                break;
            }
            lastStarted = piece;
            takeUnrequested(start(piece), peer, s, max, out, now);
        }
        if (out.size() < max && inEndGame()) {
            endGame(peer, s, max, out, now);
        }
        invariants();
        return out;
    }

    /**
     * Blocks of allowed-fast pieces (BEP 6) the peer has, requestable while it chokes us. Started
     * pieces first, then the allowed set in piece order; no end game.
     */
    public List<Block> pickAllowedFast(long peer, Set<Integer> allowed, int max) {
        return pickAllowedFast(peer, allowed, max, 0);
    }

    /** {@link #pickAllowedFast}, noting {@code now} as when the blocks were requested. */
    public List<Block> pickAllowedFast(long peer, Set<Integer> allowed, int max, long now) {
        Swarm.Peer s = swarm.get(peer);
        List<Block> out = new ArrayList<>();
        if (s == null || max <= 0) {
            return out;
        }
        for (int piece : new TreeSet<>(allowed)) {
            if (out.size() >= max) {
                break;
            }
            if (piece < 0 || piece >= pieceCount || !s.has(piece) || have.get(piece)) {
                continue;
            }
            PartialPiece pp = partials.get(piece);
            if (pp == null && swarm.isNotStarted(piece)) {
                pp = start(piece);
            }
            if (pp != null) {
                takeUnrequested(pp, peer, s, max, out, now);
            }
        }
        invariants();
        return out;
    }

    /** Whether every missing block is requested from someone: duplicates may be handed out. */
    public boolean inEndGame() {
        return swarm.notStartedCount() == 0 && open.isEmpty() && !partials.isEmpty();
    }

    // ---- answers ----

    /** Accounts for a block that arrived; see {@link BlockOutcome}. */
    public BlockOutcome accept(long peer, Block b) {
        Swarm.Peer s = swarm.get(peer);
        if (s != null) {
            s.outstanding.remove(b);
        }
        if (!valid(b)) {
            return BlockOutcome.UNWANTED;
        }
        PartialPiece pp = partials.get(b.piece());
        int block = b.begin() / TorrentLayout.BLOCK_SIZE;
        if (pp == null || have.get(b.piece())) {
            return BlockOutcome.UNWANTED;
        }
        if (pp.state[block] == PartialPiece.RECEIVED) {
            pp.unrequest(block, peer);
            invariants();
            return BlockOutcome.DUPLICATE;
        }
        pp.receive(block, peer);
        track(pp);
        invariants();
        return pp.complete() ? BlockOutcome.PIECE_COMPLETE : BlockOutcome.ACCEPTED;
    }

    /** {@link #accept} reduced to: true when this was the piece's last block (verify it now). */
    public boolean blockReceived(long peer, Block b) {
        return accept(peer, b) == BlockOutcome.PIECE_COMPLETE;
    }

    /** Peers other than {@code exceptPeer} still asked for a block that has arrived: send them Cancel. */
    public List<Long> endGameCancels(long exceptPeer, Block b) {
        if (!askedOfOthers(exceptPeer, b)) {
            return List.of(); // every block but an end-game duplicate: no one else to tell
        }
        List<Long> out = new ArrayList<>();
        for (Map.Entry<Long, Swarm.Peer> e : swarm.all().entrySet()) {
            if (e.getKey() != exceptPeer && e.getValue().outstanding.remove(b) != null) {
                out.add(e.getKey());
            }
        }
        PartialPiece pp = partials.get(b.piece());
        if (pp != null && valid(b)) {
            int block = b.begin() / TorrentLayout.BLOCK_SIZE;
            for (Long p : List.copyOf(pp.requesters(block))) {
                if (p != exceptPeer) {
                    unrequest(pp, block, p);
                }
            }
        }
        Collections.sort(out);
        invariants();
        return out;
    }

    /**
     * Whether a peer other than {@code exceptPeer} is among the block's requesters. Requesters and
     * the peers' outstanding requests name each other (an invariant), so no peer need be scanned.
     */
    private boolean askedOfOthers(long exceptPeer, Block b) {
        PartialPiece pp = partials.get(b.piece());
        if (pp == null || !valid(b)) {
            return false;
        }
        for (long p : pp.requesters(b.begin() / TorrentLayout.BLOCK_SIZE)) {
            if (p != exceptPeer) {
                return true;
            }
        }
        return false;
    }

    /** The request will not be answered (choke, reject, timeout): the block is pickable again. */
    public void released(long peer, Block b) {
        Swarm.Peer s = swarm.get(peer);
        if (s != null) {
            s.outstanding.remove(b);
        }
        PartialPiece pp = partials.get(b.piece());
        if (pp != null && valid(b)) {
            unrequest(pp, b.begin() / TorrentLayout.BLOCK_SIZE, peer);
        }
        invariants();
    }

    /** Releases everything outstanding with the peer (it choked us without BEP 6); returns what was released. */
    public List<Block> releaseAll(long peer) {
        Swarm.Peer s = swarm.get(peer);
        if (s == null) {
            return List.of();
        }
        List<Block> out = new ArrayList<>(s.outstanding.keySet());
        for (Block b : out) {
            released(peer, b);
        }
        return out;
    }

    /** Blocks requested from the peer and not yet answered. */
    public Set<Block> outstanding(long peer) {
        Swarm.Peer s = swarm.get(peer);
        return s == null ? Set.of() : Set.copyOf(s.outstanding.keySet());
    }

    /** How many blocks the peer was asked for and has not answered. */
    public int outstandingCount(long peer) {
        Swarm.Peer s = swarm.get(peer);
        return s == null ? 0 : s.outstanding.size();
    }

    /** Whether the block is asked of the peer and not answered. */
    public boolean isOutstanding(long peer, Block b) {
        Swarm.Peer s = swarm.get(peer);
        return s != null && s.outstanding.containsKey(b);
    }

    /** The peer's unanswered blocks requested before {@code deadline} (times as passed to {@link #pick}). */
    public List<Block> requestedBefore(long peer, long deadline) {
        Swarm.Peer s = swarm.get(peer);
        if (s == null) {
            return List.of();
        }
        List<Block> late = new ArrayList<>();
        s.outstanding.forEach((b, at) -> {
            if (at - deadline < 0) {
                late.add(b);
            }
        });
        return late;
    }

    /** Whether the piece passed its hash check (or was verified on disk at start). */
    public boolean has(int piece) {
        return piece >= 0 && piece < pieceCount && have.get(piece);
    }

    /**
     * Checks that every count and cross-reference agrees (libtorrent's picker does the same in its
     * tests); throws {@link IllegalStateException} naming the first that does not.
     */
    public void checkInvariants() {
        PickerInvariants.check(this, layout, have, haveCount, haveBytes, swarm, partials, open);
    }

    /** Runs {@link #checkInvariants} after each change when the config asks for it (tests). */
    private void invariants() {
        if (config.checkInvariants()) {
            checkInvariants();
        }
    }

    /** The piece passed its hash check; returns the peers that sent its blocks. */
    public Set<Long> pieceVerified(int piece) {
        checkPiece(piece);
        if (have.get(piece)) {
            return Set.of();
        }
        have.set(piece);
        haveCount++;
        haveBytes += layout.pieceSize(piece);
        swarm.started(piece);
        PartialPiece pp = partials.remove(piece);
        Set<Long> contributors = pp == null ? Set.of() : retire(pp);
        invariants();
        return contributors;
    }

    /**
     * The piece failed its hash check: it is downloaded again from scratch. Returns the peers that
     * sent its blocks, for the engine to ban or distrust.
     */
    public Set<Long> pieceFailed(int piece) {
        checkPiece(piece);
        PartialPiece pp = partials.remove(piece);
        if (pp == null || have.get(piece)) {
            return Set.of();
        }
        Set<Long> contributors = retire(pp);
        swarm.restart(piece);
        invariants();
        return contributors;
    }

    // ---- internals ----

    private boolean valid(Block b) {
        if (b.piece() < 0 || b.piece() >= pieceCount || b.begin() < 0 || b.begin() % TorrentLayout.BLOCK_SIZE != 0) {
            return false;
        }
        int size = layout.pieceSize(b.piece());
        return b.begin() < size && b.length() == Math.min(TorrentLayout.BLOCK_SIZE, size - b.begin());
    }

    private PartialPiece start(int piece) {
        swarm.started(piece);
        PartialPiece pp = new PartialPiece(piece, layout.blockCount(piece), started++);
        for (int i = 0; i < pp.blocks(); i++) {
            if (layout.isPadBlock(piece, i)) {
                pp.markPad(i);
            }
        }
        partials.put(piece, pp);
        track(pp);
        return pp;
    }

    /** Keeps {@link #open} in step with a partial piece's unrequested blocks. */
    private void track(PartialPiece pp) {
        if (pp.unrequested > 0) {
            open.put(pp.seq, pp);
        } else {
            open.remove(pp.seq);
        }
    }

    private void takeUnrequested(PartialPiece pp, long peer, Swarm.Peer s, int max, List<Block> out, long now) {
        for (int i = 0; i < pp.blocks() && out.size() < max && pp.unrequested > 0; i++) {
            if (pp.state[i] == PartialPiece.NONE) {
                request(pp, i, peer, s, out, now);
            }
        }
    }

    private void request(PartialPiece pp, int block, long peer, Swarm.Peer s, List<Block> out, long now) {
        pp.request(block, peer);
        track(pp);
        Block b = new Block(pp.piece, block * TorrentLayout.BLOCK_SIZE, layout.blockSize(pp.piece, block));
        s.outstanding.put(b, now);
        out.add(b);
    }

    private void unrequest(PartialPiece pp, int block, long peer) {
        pp.unrequest(block, peer);
        track(pp);
    }

    /** Drops a partial piece's bookkeeping: its requests vanish from every peer's queue. */
    private Set<Long> retire(PartialPiece pp) {
        open.remove(pp.seq);
        for (int i = 0; i < pp.blocks(); i++) {
            List<Long> asked = pp.clearRequesters(i);
            if (!asked.isEmpty()) {
                Block b = new Block(pp.piece, i * TorrentLayout.BLOCK_SIZE, layout.blockSize(pp.piece, i));
                for (Long p : asked) {
                    Swarm.Peer s = swarm.get(p);
                    if (s != null) {
                        s.outstanding.remove(b);
                    }
                }
            }
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(pp.contributors));
    }

    private void endGame(long peer, Swarm.Peer s, int max, List<Block> out, long now) {
        // fewest requesters first, so duplicates spread over the blocks
        for (int asked = 1; asked <= config.endGameDuplicates() && out.size() < max; asked++) {
            for (PartialPiece pp : partials.values()) {
                if (!s.has(pp.piece)) {
                    continue;
                }
                for (int i = 0; i < pp.blocks() && out.size() < max; i++) {
                    if (pp.state[i] == PartialPiece.REQUESTED && pp.requesters(i).size() == asked
                            && !pp.requesters(i).contains(peer)) {
                        request(pp, i, peer, s, out, now);
                    }
                }
            }
        }
    }

    private void checkPiece(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount);
        }
    }
}
