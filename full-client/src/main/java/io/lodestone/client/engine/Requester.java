package io.lodestone.client.engine;

import io.lodestone.client.picker.Block;
import io.lodestone.client.picker.PiecePicker;
import io.lodestone.client.storage.TorrentLayout;
import io.lodestone.wire.PeerMessage;
import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Our side of downloading: interest, keeping each peer's request pipeline as deep as its rate
 * warrants (the picker chooses the blocks, {@link io.lodestone.client.picker.RequestPipeline}
 * the depth), taking blocks in, end-game cancels, timeouts and snubbing.
 */
final class Requester {

    /**
     * Blocks a peer may send that were never asked of anyone (late ones after a cancel are
     * normal) before we take it for a flood and close the connection.
     */
    static final int MAX_UNREQUESTED_BLOCKS = 256;
    /** Requests a peer may have outstanding while duplicates are handed out in end game. */
    static final int END_GAME_DEPTH = 2;

    private final Torrent t;

    Requester(Torrent t) {
        this.t = t;
    }

    void updateInterestAll() {
        for (Peer p : t.peers()) {
            updateInterest(p);
        }
    }

    void updateInterest(Peer p) {
        boolean want = !t.picker.complete() && t.picker.isInteresting(p.id);
        if (want != p.amInterested) {
            p.amInterested = want;
            p.send(want ? new PeerMessage.Interested() : new PeerMessage.NotInterested(), t.clock.nanos());
        }
    }

    void fillAll() {
        for (Peer p : t.peers()) {
            fill(p);
        }
    }

    /** Tops up the requests outstanding with {@code p}. */
    void fill(Peer p) {
        if (t.stopped() || t.picker.complete() || !p.amInterested || !p.wire.isOpen()) {
            return;
        }
        if (t.disk.queuedBytes() > t.config.maxDiskQueueBytes() || !t.network.downloadLimit().available()) {
            return; // the tick tries again
        }
        if (p.peerChoking && p.allowedFast.isEmpty()) {
            return;
        }
        int depth = p.snubbed ? 1 : t.pipeline.depth(p.down.rate());
        if (t.picker.inEndGame()) {
            // every missing block is asked of someone: duplicates go only to peers about to run dry,
            // as libtorrent does, or a deep pipeline would fetch the whole tail twice
            depth = Math.min(depth, END_GAME_DEPTH);
        }
        TokenBucket limit = t.network.downloadLimit();
        if (limit.limited()) {
            // under a limit, no more in flight than a second's worth shared by the peers: requests
            // already sent arrive whatever the bucket says, so a deep pipeline would burst past it
            int peers = Math.max(1, t.peers().size());
            depth = (int) Math.max(1, Math.min(depth, limit.rate() / TorrentLayout.BLOCK_SIZE / peers));
        }
        int want = Math.min(depth, p.maxOutstanding) - p.outstanding.size();
        if (want <= 0) {
            return;
        }
        List<Block> blocks = p.peerChoking ? t.picker.pickAllowedFast(p.id, p.allowedFast, want)
                : t.picker.pick(p.id, want);
        long now = t.clock.nanos();
        if (p.outstanding.isEmpty() && !blocks.isEmpty()) {
            p.lastPieceAt = now;
        }
        List<PeerMessage.Request> requests = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            p.outstanding.put(b, now);
            requests.add(new PeerMessage.Request(b.piece(), b.begin(), b.length()));
        }
        p.wire.send(requests);
        p.lastSent = now;
    }

    /** A block arrived; this owns {@code data} and writes or releases it. */
    void onPiece(Peer p, int piece, int begin, ByteBuf data) {
        try {
            accept(p, piece, begin, data);
        } finally {
            data.release(); // the disk queue holds its own reference while it writes
        }
    }

    private void accept(Peer p, int piece, int begin, ByteBuf data) {
        int length = data.readableBytes();
        long now = t.clock.nanos();
        t.countDownloaded(length);
        p.down.add(length);
        t.network.downloadLimit().spend(length);
        if (piece >= t.layout.pieceCount()) {
            t.drop(p, "piece " + piece + " outside the torrent");
            return;
        }
        Block b = new Block(piece, begin, length);
        boolean asked = p.outstanding.remove(b) != null;
        // the picker decides: a block that timed out here may still be the first copy to arrive
        PiecePicker.BlockOutcome outcome = t.picker.accept(p.id, b);
        if (outcome == PiecePicker.BlockOutcome.UNWANTED || outcome == PiecePicker.BlockOutcome.DUPLICATE) {
            t.wasted += length; // never asked, or another peer's copy came first
            if (!asked && outcome == PiecePicker.BlockOutcome.UNWANTED) {
                p.unrequestedBlocks++;
                if (p.unrequestedBlocks > MAX_UNREQUESTED_BLOCKS) {
                    t.drop(p, "sends blocks nobody asked for");
                }
            }
            return;
        }
        p.lastPieceAt = now;
        p.snubbed = false;
        t.smartBan.received(p, b);
        t.disk.write(b.piece(), b.begin(), data.retain());
        for (long other : t.picker.endGameCancels(p.id, b)) {
            Peer o = t.peer(other);
            if (o != null && o.outstanding.remove(b) != null) {
                o.send(new PeerMessage.Cancel(b.piece(), b.begin(), b.length()), now);
            }
        }
        if (outcome == PiecePicker.BlockOutcome.PIECE_COMPLETE) {
            t.pieceComplete(b.piece());
        }
        fill(p);
    }

    void onReject(Peer p, PeerMessage.RejectRequest r) {
        Block b = new Block(r.piece(), r.begin(), r.length());
        if (p.outstanding.remove(b) != null) {
            t.picker.released(p.id, b);
        }
    }

    /** Choked: BEP 3 drops every request; BEP 6 peers reject them, and we stop waiting either way. */
    void onChoked(Peer p) {
        releaseAll(p);
        fillAll();
    }

    /** Requests that took too long go back to the picker; a peer that sends nothing for long is snubbed. */
    void expire(Peer p, long now) {
        long limit = t.config.requestTimeout().toNanos();
        List<Block> late = new ArrayList<>();
        for (Iterator<Map.Entry<Block, Long>> it = p.outstanding.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Block, Long> e = it.next();
            if (now - e.getValue() > limit) {
                late.add(e.getKey());
                it.remove();
            }
        }
        late.forEach(b -> t.picker.released(p.id, b));
        if (!p.outstanding.isEmpty() && !p.snubbed
                && t.pipeline.snubbed(Instant.EPOCH.plusNanos(p.lastPieceAt), Instant.EPOCH.plusNanos(now))) {
            p.snubbed = true;
            releaseAll(p);
        }
    }

    private void releaseAll(Peer p) {
        t.picker.releaseAll(p.id);
        p.outstanding.clear();
    }
}
