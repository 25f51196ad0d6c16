package io.lodestone.client.engine;

import io.lodestone.client.engine.policy.TorrentPolicy;
import io.lodestone.client.picker.Block;
import io.lodestone.client.storage.TorrentLayout;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once a piece is complete: it is hashed on the disk pool and the verdict goes to the
 * policy. Around that, the smart ban: whoever sent a bad copy of a piece that later passes is
 * convicted; a failed piece's sole sender is banned at once, else its blocks are noted before it is
 * downloaded again.
 */
final class PieceVerdicts {

    private static final Logger LOG = LoggerFactory.getLogger(PieceVerdicts.class);

    private final TorrentPolicy policy;
    private final DiskQueue disk;
    private final HashExchange hashes;
    private final TorrentLayout layout;
    private final Connections peers;
    private final PeerBook book;
    private final SmartBan smartBan = new SmartBan();
    /** Good pieces whose checksums are being read to convict who sent a bad copy earlier. */
    private final PendingWork convicting = new PendingWork();

    PieceVerdicts(TorrentPolicy policy, DiskQueue disk, HashExchange hashes, TorrentLayout layout,
                  Connections peers, PeerBook book) {
        this.policy = policy;
        this.disk = disk;
        this.hashes = hashes;
        this.layout = layout;
        this.peers = peers;
        this.book = book;
    }

    /** A block from {@code p} goes to disk: remember who sent it. */
    void received(Peer p, Block b) {
        smartBan.received(p.id, p.listenAddress(), p.peerId, b);
    }

    /** Hashes a piece whose last block arrived, then tells the policy; {@code after} runs once it has. */
    void check(int piece, Runnable after) {
        if (hashes.holdUnlessVerifiable(piece)) {
            return; // a v2 magnet's piece whose layer is still coming: its blocks stay as they are
        }
        disk.verify(piece, verdict -> {
            if (verdict == DiskQueue.Verdict.PASSED) {
                piecePassed(piece);
            } else {
                pieceFailed(piece);
            }
            after.run();
        });
    }

    private void piecePassed(int piece) {
        smartBan.take(piece); // the senders of a good piece need no remembering
        if (smartBan.isSuspect(piece)) {
            // it failed before: whoever sent a block unlike this good one lied
            convicting.started();
            disk.checksums(piece, layout.pieceSize(piece), TorrentLayout.BLOCK_SIZE, good -> {
                smartBan.convict(piece, good).forEach(s -> banSender(s, "sent a bad block of piece " + piece));
                convicting.ended();
            });
        }
        policy.pieceVerified(piece);
    }

    private void pieceFailed(int piece) {
        policy.hashFailed(piece);
        Map<Integer, SmartBan.Sender> senders = smartBan.take(piece);
        SmartBan.Sender sole = SmartBan.soleSender(senders);
        if (sole != null || senders.isEmpty()) {
            if (sole != null) {
                banSender(sole, "sole sender of piece " + piece + ", which failed its hash");
            }
            policy.redownload(piece);
            return;
        }
        // several senders: note how each block looked before anyone may overwrite it
        disk.checksums(piece, layout.pieceSize(piece), TorrentLayout.BLOCK_SIZE, sums -> {
            smartBan.suspect(piece, senders, sums);
            policy.redownload(piece);
        });
    }

    /**
     * Runs {@code r} once no conviction is pending: the last piece may pass, and the torrent
     * complete, while the checksums that convict the sender of an earlier bad copy are being read.
     */
    void whenConvictionsSettled(Runnable r) {
        convicting.whenIdle(r);
    }

    private void banSender(SmartBan.Sender s, String reason) {
        Peer p = peers.get(s.peer());
        if (p != null) {
            peers.ban(p, reason);
        } else {
            LOG.info("banning {}: {}", s.address(), reason);
            book.ban(s.address(), s.peerId());
        }
    }
}
