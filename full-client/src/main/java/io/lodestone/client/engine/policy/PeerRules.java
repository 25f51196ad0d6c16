package io.lodestone.client.engine.policy;

import io.lodestone.client.picker.PiecePicker;
import io.lodestone.wire.PeerMessage;
import java.util.BitSet;

/**
 * The BEP 3 and BEP 6 rules for what a peer sends us: checks each message against the torrent
 * and the handshake, updates the picker and hands requesting and serving to their rules. A message
 * that breaks the protocol closes the connection with the reason.
 */
final class PeerRules {

    /** What the rules need from the torrent beyond the picker. */
    interface Torrent {
        /** A peer became interested: run the choker now if a slot is free. */
        void interested(PeerState p, long now);
    }

    private final int pieceCount;
    private final PiecePicker picker;
    private final Requesting requesting;
    private final Serving serving;
    private final SessionActions out;
    private final Torrent torrent;

    PeerRules(int pieceCount, PiecePicker picker, Requesting requesting, Serving serving, SessionActions out,
              Torrent torrent) {
        this.pieceCount = pieceCount;
        this.picker = picker;
        this.requesting = requesting;
        this.serving = serving;
        this.out = out;
        this.torrent = torrent;
    }

    void handle(PeerState p, PeerMessage m, long now) {
        switch (m) {
            case PeerMessage.KeepAlive k -> { }
            case PeerMessage.Choke c -> {
                p.peerChoking = true;
                requesting.onChoked(p, now);
            }
            case PeerMessage.Unchoke u -> {
                p.peerChoking = false;
                requesting.fill(p, now);
            }
            case PeerMessage.Interested i -> {
                p.peerInterested = true;
                torrent.interested(p, now);
            }
            case PeerMessage.NotInterested n -> p.peerInterested = false;
            case PeerMessage.Have h -> onHave(p, h.piece(), now);
            case PeerMessage.Bitfield b -> onBitfield(p, b, now);
            case PeerMessage.HaveAll a -> {
                if (requireFast(p, "have all") && !p.seed) {
                    if (p.has.isEmpty()) {
                        picker.peerHaveAll(p.id);
                    } else {
                        BitSet missing = new BitSet();
                        missing.set(0, pieceCount);
                        missing.andNot(p.has);
                        missing.stream().forEach(i -> picker.peerHave(p.id, i));
                    }
                    p.has.set(0, pieceCount);
                    announced(p, now);
                }
            }
            case PeerMessage.HaveNone n -> {
                if (requireFast(p, "have none") && !p.announcedPieces) {
                    picker.peerHaveNone(p.id);
                    announced(p, now);
                }
            }
            case PeerMessage.Request r -> {
                String broken = serving.onRequest(p, r);
                if (broken != null) {
                    close(p, broken);
                }
            }
            case PeerMessage.Piece piece -> // a block the adapter did not cut out itself; it holds the bytes
                    requesting.onBlock(p, piece.piece(), piece.begin(), piece.block().length, now);
            case PeerMessage.Cancel c -> serving.onCancel(p, c);
            case PeerMessage.RejectRequest r -> {
                if (requireFast(p, "reject")) {
                    requesting.onReject(p, r); // no refill here: it would ask the same peer again at once
                }
            }
            case PeerMessage.AllowedFast a -> {
                if (requireFast(p, "allowed fast") && a.piece() >= 0 && a.piece() < pieceCount) {
                    p.allowedFast.add(a.piece());
                    requesting.fill(p, now);
                }
            }
            case PeerMessage.SuggestPiece s -> {
                requireFast(p, "suggest piece"); // BEP 6 lets us ignore suggestions, not accept them without the bit
            }
            case PeerMessage.Extended e -> out.extension(p.id, e);
            case PeerMessage.Port port -> { }          // its DHT node; ours finds nodes by itself
            case PeerMessage.UnknownMessage u -> out.unknown(p.id, u);
        }
    }

    private void onHave(PeerState p, int piece, long now) {
        if (piece < 0 || piece >= pieceCount) {
            close(p, "have for piece " + piece + " of " + pieceCount);
            return;
        }
        p.announcedPieces = true;
        if (!p.has.get(piece)) {
            p.has.set(piece);
            p.seed = p.has.cardinality() == pieceCount;
            picker.peerHave(p.id, piece);
            requesting.updateInterest(p, now);
            requesting.fill(p, now);
        }
    }

    /**
     * BEP 3 has the bitfield come first, once. aria2 sends one again later (after have none and
     * haves), so a late bitfield is read as haves: what it adds counts, nothing is taken away.
     * Have all and have none are read the same lenient way.
     */
    private void onBitfield(PeerState p, PeerMessage.Bitfield b, long now) {
        if (b.byteLength() != (pieceCount + 7) / 8) {
            close(p, "bitfield of " + b.byteLength() + " bytes for " + pieceCount + " pieces");
            return;
        }
        BitSet has = new BitSet(pieceCount);
        for (int i = 0; i < b.byteLength() * 8; i++) {
            if (b.has(i)) {
                if (i >= pieceCount) {
                    close(p, "bitfield sets spare bit " + i);
                    return;
                }
                has.set(i);
            }
        }
        if (!p.announcedPieces) {
            picker.peerBitfield(p.id, has);
        } else {
            has.andNot(p.has);
            has.stream().forEach(i -> picker.peerHave(p.id, i));
        }
        p.has.or(has);
        announced(p, now);
    }

    private void announced(PeerState p, long now) {
        p.announcedPieces = true;
        p.seed = p.has.cardinality() == pieceCount;
        if (p.seed && picker.complete()) {
            close(p, "both seeds");
            return;
        }
        requesting.updateInterest(p, now);
        requesting.fill(p, now);
    }

    private boolean requireFast(PeerState p, String what) {
        if (!p.fast) {
            close(p, what + " without the fast extension");
            return false;
        }
        return true;
    }

    private void close(PeerState p, String reason) {
        p.closing = true;
        out.close(p.id, reason);
    }
}
