package io.lodestone.client.engine.policy;

import io.lodestone.client.picker.Block;
import io.lodestone.client.picker.PiecePicker;
import io.lodestone.client.picker.RequestPipeline;
import io.lodestone.client.storage.TorrentLayout;
import io.lodestone.wire.PeerMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Our side of downloading: interest, keeping each peer's request pipeline as deep as its rate
 * warrants (the picker chooses the blocks and owns what is outstanding, the
 * {@link RequestPipeline} sets the depth), taking blocks in, end-game cancels, timeouts and snubbing.
 */
final class Requesting {

    /**
     * Blocks a peer may send that were never asked of anyone (late ones after a cancel are
     * normal) before we take it for a flood and close the connection.
     */
    static final int MAX_UNREQUESTED_BLOCKS = 256;
    /** Requests a peer may have outstanding while duplicates are handed out in end game. */
    static final int END_GAME_DEPTH = 2;
    /**
     * After a block, a deep pipeline is topped up once a sixteenth of it is free: at 500 requests
     * that is a batch of 31 (one pick, one write) instead of 31 single ones, with 94% still in
     * flight; pipelines under 32 deep are still topped up after every block.
     */
    static final int REFILL_FRACTION = 16;

    private final PiecePicker picker;
    private final RequestPipeline pipeline;
    private final long requestTimeoutNanos;
    private final RequestBudget budget;
    private final SessionActions out;
    private final Collection<PeerState> peers;
    private final Transfers transfers;
    private final int pieceCount;

    Requesting(PiecePicker picker, RequestPipeline pipeline, long requestTimeoutNanos, RequestBudget budget,
               SessionActions out, Collection<PeerState> peers, Transfers transfers, int pieceCount) {
        this.picker = picker;
        this.pipeline = pipeline;
        this.requestTimeoutNanos = requestTimeoutNanos;
        this.budget = budget;
        this.out = out;
        this.peers = peers;
        this.transfers = transfers;
        this.pieceCount = pieceCount;
    }

    void updateInterestAll(long now) {
        for (PeerState p : peers) {
            updateInterest(p, now);
        }
    }

    void updateInterest(PeerState p, long now) {
        boolean want = !picker.complete() && picker.isInteresting(p.id);
        if (want != p.amInterested && !p.closing) {
            p.amInterested = want;
            out.send(p.id, want ? new PeerMessage.Interested() : new PeerMessage.NotInterested());
            p.lastSent = now;
        }
    }

    void fillAll(long now) {
        fillAll(now, 0);
    }

    /** Tops up every peer whose pipeline has at least {@code 1/fraction} free (every free slot when 0). */
    void fillAll(long now, int fraction) {
        for (PeerState p : peers) {
            fill(p, now, fraction);
        }
    }

    /** Tops up the requests outstanding with {@code p}. */
    void fill(PeerState p, long now) {
        fill(p, now, 0);
    }

    /**
     * Tops up the requests outstanding with {@code p} once at least {@code 1/fraction} of its
     * pipeline is free (every free slot when {@code fraction} is 0): a block in means one pick and
     * one request written, per block, unless the refill is gathered.
     */
    private void fill(PeerState p, long now, int fraction) {
        if (picker.complete() || !p.amInterested || p.closing || !budget.open()) {
            return; // a full budget: the tick tries again
        }
        if (p.peerChoking && p.allowedFast.isEmpty()) {
            return;
        }
        int depth = p.snubbed ? 1 : pipeline.depth(p.down.rate());
        if (picker.inEndGame()) {
            // every missing block is asked of someone: duplicates go only to peers about to run dry,
            // as libtorrent does, or a deep pipeline would fetch the whole tail twice
            depth = Math.min(depth, END_GAME_DEPTH);
        }
        long limit = budget.rateLimit();
        if (limit > 0) {
            // under a limit, no more in flight than a second's worth shared by the peers: requests
            // already sent arrive whatever the bucket says, so a deep pipeline would burst past it
            int sharing = Math.max(1, peers.size());
            depth = (int) Math.max(1, Math.min(depth, limit / TorrentLayout.BLOCK_SIZE / sharing));
        }
        int outstanding = picker.outstandingCount(p.id);
        int cap = Math.min(depth, p.maxOutstanding);
        int want = cap - outstanding;
        if (want <= 0 || fraction > 0 && want < cap / fraction) {
            return;
        }
        List<Block> blocks = p.peerChoking ? picker.pickAllowedFast(p.id, p.allowedFast, want, now)
                : picker.pick(p.id, want, now);
        if (blocks.isEmpty()) {
            return;
        }
        if (outstanding == 0 && !p.stalled) {
            p.lastPieceAt = now;
        }
        List<PeerMessage.Request> requests = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            requests.add(new PeerMessage.Request(b.piece(), b.begin(), b.length()));
        }
        out.sendRequests(p.id, requests);
        p.lastSent = now;
    }

    /** A block arrived: counts it, and writes it when the picker wants it. */
    void onBlock(PeerState p, int piece, int begin, int length, long now) {
        transfers.downloaded(length);
        p.down.add(length);
        if (piece < 0 || piece >= pieceCount) {
            close(p, "piece " + piece + " outside the torrent");
            return;
        }
        Block b = new Block(piece, begin, length);
        boolean asked = picker.isOutstanding(p.id, b);
        // the picker decides: a block that timed out here may still be the first copy to arrive
        PiecePicker.BlockOutcome outcome = picker.accept(p.id, b);
        if (outcome == PiecePicker.BlockOutcome.UNWANTED || outcome == PiecePicker.BlockOutcome.DUPLICATE) {
            transfers.wasted(length); // never asked, or another peer's copy came first
            if (!asked && outcome == PiecePicker.BlockOutcome.UNWANTED
                    && ++p.unrequestedBlocks > MAX_UNREQUESTED_BLOCKS) {
                close(p, "sends blocks nobody asked for");
            }
            return;
        }
        p.lastPieceAt = now;
        p.snubbed = false;
        p.stalled = false;
        out.write(p.id, b);
        for (long other : picker.endGameCancels(p.id, b)) {
            out.send(other, new PeerMessage.Cancel(b.piece(), b.begin(), b.length()));
        }
        if (outcome == PiecePicker.BlockOutcome.PIECE_COMPLETE) {
            out.verify(b.piece());
        }
        fill(p, now, REFILL_FRACTION);
    }

    void onReject(PeerState p, PeerMessage.RejectRequest r) {
        Block b = new Block(r.piece(), r.begin(), r.length());
        if (picker.isOutstanding(p.id, b)) {
            picker.released(p.id, b);
        }
    }

    /** Choked: BEP 3 drops every request; BEP 6 peers reject them, and we stop waiting either way. */
    void onChoked(PeerState p, long now) {
        picker.releaseAll(p.id);
        p.stalled = false; // its requests were dropped, not ignored: waiting starts again at unchoke
        fillAll(now);
    }

    /** Requests that took too long go back to the picker; a peer that sends nothing for long is snubbed. */
    void expire(PeerState p, long now) {
        for (Block b : picker.requestedBefore(p.id, now - requestTimeoutNanos)) {
            picker.released(p.id, b);
            p.stalled = true;
        }
        if (picker.outstandingCount(p.id) > 0 && !p.snubbed
                && pipeline.snubbed(Instant.EPOCH.plusNanos(p.lastPieceAt), Instant.EPOCH.plusNanos(now))) {
            p.snubbed = true;
            picker.releaseAll(p.id);
        }
    }

    private void close(PeerState p, String reason) {
        p.closing = true;
        out.close(p.id, reason);
    }
}
