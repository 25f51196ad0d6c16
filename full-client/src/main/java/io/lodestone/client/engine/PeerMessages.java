package io.lodestone.client.engine;

import io.lodestone.wire.PeerMessage;
import io.netty.buffer.Unpooled;
import java.util.BitSet;

/**
 * The BEP 3 and BEP 6 rules for what a peer sends us: checks each message against the torrent
 * and the handshake, then updates the picker and hands requesting and serving to their helpers.
 * A message that breaks the protocol closes the connection.
 */
final class PeerMessages {

    private final Torrent t;

    PeerMessages(Torrent t) {
        this.t = t;
    }

    void handle(Peer p, PeerMessage m) {
        switch (m) {
            case PeerMessage.KeepAlive k -> { }
            case PeerMessage.Choke c -> {
                p.peerChoking = true;
                t.requester.onChoked(p);
            }
            case PeerMessage.Unchoke u -> {
                p.peerChoking = false;
                t.requester.fill(p);
            }
            case PeerMessage.Interested i -> {
                p.peerInterested = true;
                t.uploader.onInterested(p);
            }
            case PeerMessage.NotInterested n -> p.peerInterested = false;
            case PeerMessage.Have h -> onHave(p, h.piece());
            case PeerMessage.Bitfield b -> onBitfield(p, b);
            case PeerMessage.HaveAll a -> {
                if (requireFast(p, "have all") && !p.seed) {
                    if (p.piecesHave == 0) {
                        t.picker.peerHaveAll(p.id);
                    } else {
                        BitSet missing = new BitSet();
                        missing.set(0, t.layout.pieceCount());
                        missing.andNot(p.has);
                        missing.stream().forEach(i -> t.picker.peerHave(p.id, i));
                    }
                    p.announcedPieces = true;
                    p.has.set(0, t.layout.pieceCount());
                    p.piecesHave = t.layout.pieceCount();
                    p.seed = true;
                    announced(p);
                }
            }
            case PeerMessage.HaveNone n -> {
                if (requireFast(p, "have none") && !p.announcedPieces) {
                    p.announcedPieces = true;
                    t.picker.peerHaveNone(p.id);
                    announced(p);
                }
            }
            case PeerMessage.Request r -> t.uploader.onRequest(p, r);
            case PeerMessage.Piece piece ->   // only a frame the cutter does not take as a block
                    t.requester.onPiece(p, piece.piece(), piece.begin(), Unpooled.wrappedBuffer(piece.block()));
            case PeerMessage.Cancel c -> t.uploader.onCancel(p, c);
            case PeerMessage.RejectRequest r -> {
                if (requireFast(p, "reject")) {
                    t.requester.onReject(p, r);
                }
            }
            case PeerMessage.AllowedFast a -> {
                if (requireFast(p, "allowed fast") && a.piece() < t.layout.pieceCount()) {
                    p.allowedFast.add(a.piece());
                    t.requester.fill(p);
                }
            }
            case PeerMessage.Extended e -> t.extensions.handle(p, e);
            case PeerMessage.Port port -> { }          // its DHT node; ours finds nodes by itself
            case PeerMessage.SuggestPiece s -> { }     // BEP 6 lets us ignore suggestions
            case PeerMessage.UnknownMessage u -> t.hashes.handle(p, u); // BEP 52 hash messages; others ignored
        }
    }

    private void onHave(Peer p, int piece) {
        if (piece >= t.layout.pieceCount()) {
            t.drop(p, "have for piece " + piece + " of " + t.layout.pieceCount());
            return;
        }
        p.announcedPieces = true;
        if (!p.has.get(piece)) {
            p.has.set(piece);
            p.piecesHave++;
            p.seed = p.piecesHave == t.layout.pieceCount();
            t.picker.peerHave(p.id, piece);
            t.requester.updateInterest(p);
            t.requester.fill(p);
        }
    }

    /**
     * BEP 3 has the bitfield come first, once. aria2 sends one again later (after have none and
     * haves), so a late bitfield is read as haves: what it adds counts, nothing is taken away.
     * Have all and have none are read the same lenient way.
     */
    private void onBitfield(Peer p, PeerMessage.Bitfield b) {
        int count = t.layout.pieceCount();
        if (b.byteLength() != (count + 7) / 8) {
            t.drop(p, "bitfield of " + b.byteLength() + " bytes for " + count + " pieces");
            return;
        }
        BitSet has = new BitSet(count);
        for (int i = 0; i < b.byteLength() * 8; i++) {
            if (b.has(i)) {
                if (i >= count) {
                    t.drop(p, "bitfield sets spare bit " + i);
                    return;
                }
                has.set(i);
            }
        }
        if (!p.announcedPieces) {
            p.announcedPieces = true;
            t.picker.peerBitfield(p.id, has);
        } else {
            has.andNot(p.has);
            has.stream().forEach(i -> t.picker.peerHave(p.id, i));
        }
        p.has.or(has);
        p.piecesHave = p.has.cardinality();
        p.seed = p.piecesHave == count;
        announced(p);
    }

    private void announced(Peer p) {
        if (p.seed && t.picker.complete()) {
            t.drop(p, "both seeds");
            return;
        }
        t.requester.updateInterest(p);
        t.requester.fill(p);
    }

    private boolean requireFast(Peer p, String what) {
        if (!p.fast) {
            t.drop(p, what + " without the fast extension");
            return false;
        }
        return true;
    }
}
