package io.lodestone.client.engine;

import io.lodestone.client.storage.TorrentLayout;
import io.lodestone.wire.PeerMessage;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once a piece is complete: it is hashed on the disk pool; a good piece is announced
 * to every peer (and convicts whoever sent a bad copy of it before), a bad one is counted as
 * waste, its sender banned when it had a single one, else its blocks are noted for the smart ban
 * before it is downloaded again.
 */
final class PieceVerdicts {

    private static final Logger LOG = LoggerFactory.getLogger(PieceVerdicts.class);

    private final Torrent t;

    PieceVerdicts(Torrent t) {
        this.t = t;
    }

    /** Hashes a piece whose last block arrived, then tells everyone or takes it back. */
    void check(int piece) {
        if (t.hashes.holdUnlessVerifiable(piece)) {
            return; // a v2 magnet's piece whose layer is still coming: its blocks stay as they are
        }
        t.disk.verify(piece, verdict -> {
            if (t.stopped()) {
                return;
            }
            if (verdict == DiskQueue.Verdict.PASSED) {
                piecePassed(piece);
            } else {
                pieceFailed(piece);
            }
            t.publishStats();
            t.requester.fillAll();
        });
    }

    private void piecePassed(int piece) {
        t.picker.pieceVerified(piece);
        t.have.set(piece);
        t.smartBan.take(piece); // the senders of a good piece need no remembering
        if (t.smartBan.isSuspect(piece)) {
            // it failed before: whoever sent a block unlike this good one lied
            t.disk.checksums(piece, t.layout.pieceSize(piece), TorrentLayout.BLOCK_SIZE, good ->
                    t.smartBan.convict(piece, good).forEach(s -> banSender(s, "sent a bad block of piece " + piece)));
        }
        long now = t.clock.nanos();
        for (Peer p : t.peers()) {
            p.send(new PeerMessage.Have(piece), now);
        }
        t.requester.updateInterestAll();
        if (t.picker.complete()) {
            t.onComplete();
        }
    }

    private void pieceFailed(int piece) {
        t.hashFailures++;
        t.wasted += t.layout.pieceSize(piece);
        Map<Integer, SmartBan.Sender> senders = t.smartBan.take(piece);
        SmartBan.Sender sole = SmartBan.soleSender(senders);
        if (sole != null || senders.isEmpty()) {
            if (sole != null) {
                banSender(sole, "sole sender of piece " + piece + ", which failed its hash");
            }
            t.picker.pieceFailed(piece);
            return;
        }
        // several senders: note how each block looked before anyone may overwrite it
        t.disk.checksums(piece, t.layout.pieceSize(piece), TorrentLayout.BLOCK_SIZE, sums -> {
            t.smartBan.suspect(piece, senders, sums);
            if (!t.stopped()) {
                t.picker.pieceFailed(piece);
                t.requester.fillAll();
            }
        });
    }

    private void banSender(SmartBan.Sender s, String reason) {
        Peer p = t.peer(s.peer());
        if (p != null) {
            t.ban(p, reason);
        } else {
            LOG.info("banning {}: {}", s.address(), reason);
            t.book.ban(s.address(), s.peerId());
        }
    }
}
