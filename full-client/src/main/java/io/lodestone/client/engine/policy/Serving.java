package io.lodestone.client.engine.policy;

import io.lodestone.client.picker.PiecePicker;
import io.lodestone.client.storage.TorrentLayout;
import io.lodestone.wire.PeerMessage;

/**
 * Our side of uploading, as rules: which of a peer's requests we queue and which we refuse. With
 * the fast extension every request we will not serve gets a reject (BEP 6); without it, it is
 * dropped (BEP 3). Reading and sending the queued ones is the adapter's.
 */
final class Serving {

    private final TorrentLayout layout;
    private final PiecePicker picker;
    private final SessionActions out;
    private final int maxQueued;
    private final int maxBlock;
    /**
     * libtorrent pads each file of a v2-only torrent to whole pieces and asks for a file's last
     * piece in full; the bytes past the file's end are zeros.
     */
    private final boolean wholePieces;

    Serving(TorrentLayout layout, PiecePicker picker, SessionActions out, int maxQueued, int maxBlock,
            boolean wholePieces) {
        this.layout = layout;
        this.picker = picker;
        this.out = out;
        this.maxQueued = maxQueued;
        this.maxBlock = maxBlock;
        this.wholePieces = wholePieces;
    }

    /** A request; null when it is fine (queued or refused), else why the connection must close. */
    String onRequest(PeerState p, PeerMessage.Request r) {
        if (r.piece() < 0 || r.piece() >= layout.pieceCount() || r.begin() < 0 || r.length() < 0
                || (long) r.begin() + r.length() > servableSize(r.piece())) {
            return "request outside the torrent: " + r;
        }
        boolean allowed = !p.amChoking || p.allowedFastSent.contains(r.piece());
        if (r.length() == 0 || r.length() > maxBlock || !picker.has(r.piece()) || !allowed
                || p.served.size() >= maxQueued) {
            reject(p, r);
            return null;
        }
        p.served.add(r);
        out.serve(p.id);
        return null;
    }

    private long servableSize(int piece) {
        return wholePieces ? layout.pieceLength() : layout.pieceSize(piece);
    }

    void onCancel(PeerState p, PeerMessage.Cancel c) {
        PeerMessage.Request r = new PeerMessage.Request(c.piece(), c.begin(), c.length());
        if (p.served.remove(r)) {
            reject(p, r); // BEP 6: a cancelled request still gets its piece or a reject
        }
    }

    /** We choked {@code p}: its queue is void, except what it may fetch while choked. */
    void onChoked(PeerState p) {
        for (PeerMessage.Request r : p.served.toArray(PeerMessage.Request[]::new)) {
            if (!p.allowedFastSent.contains(r.piece())) {
                p.served.remove(r);
                reject(p, r);
            }
        }
    }

    private void reject(PeerState p, PeerMessage.Request r) {
        if (p.fast) {
            out.send(p.id, new PeerMessage.RejectRequest(r.piece(), r.begin(), r.length()));
        }
    }
}
