package io.lodestone.client.engine;

import io.lodestone.wire.PeerMessage;
import java.util.concurrent.TimeUnit;

/**
 * Our side of uploading: checks and queues a peer's requests, reads blocks on the disk pool and
 * sends them as the connection, the upload limit and the choker allow. With the fast extension
 * every request we will not serve gets a reject (BEP 6); without it, it is dropped (BEP 3).
 */
final class Uploader {

    /** Disk reads in flight per peer; enough to keep a fast connection's send buffer fed. */
    static final int MAX_READS_PER_PEER = 4;

    private final Torrent t;
    private boolean pumpScheduled;

    Uploader(Torrent t) {
        this.t = t;
    }

    void onInterested(Peer p) {
        int unchoked = 0;
        for (Peer o : t.peers()) {
            if (!o.amChoking) {
                unchoked++;
            }
        }
        if (p.amChoking && unchoked < ChokeRound.SLOTS) {
            t.chokeRound(); // a free slot: no need to make it wait for the next round
        }
    }

    void onRequest(Peer p, PeerMessage.Request r) {
        int count = t.layout.pieceCount();
        if (r.piece() >= count || (long) r.begin() + r.length() > servableSize(r.piece())) {
            t.drop(p, "request outside the torrent: " + r);
            return;
        }
        boolean allowed = !p.amChoking || p.allowedFastSent.contains(r.piece());
        if (r.length() > t.config.maxServedBlock() || !t.have.get(r.piece()) || !allowed
                || p.served.size() >= t.config.maxServedRequests()) {
            reject(p, r);
            return;
        }
        p.served.add(r);
        pump(p);
    }

    /**
     * How far into a piece a peer may ask. libtorrent pads each file of a v2-only torrent to whole
     * pieces and asks for a file's last piece in full; the bytes past the file's end are zeros.
     */
    private long servableSize(int piece) {
        return t.metainfo.version() == io.lodestone.metainfo.TorrentVersion.V2
                ? t.layout.pieceLength() : t.layout.pieceSize(piece);
    }

    void onCancel(Peer p, PeerMessage.Cancel c) {
        PeerMessage.Request r = new PeerMessage.Request(c.piece(), c.begin(), c.length());
        if (p.served.remove(r)) {
            reject(p, r); // BEP 6: a cancelled request still gets its piece or a reject
        }
    }

    /** We choked {@code p}: its queue is void, except what it may fetch while choked. */
    void onChoked(Peer p) {
        for (PeerMessage.Request r : p.served.toArray(PeerMessage.Request[]::new)) {
            if (!p.allowedFastSent.contains(r.piece())) {
                p.served.remove(r);
                reject(p, r);
            }
        }
    }

    private void reject(Peer p, PeerMessage.Request r) {
        if (p.fast) {
            p.send(new PeerMessage.RejectRequest(r.piece(), r.begin(), r.length()), t.clock.nanos());
        }
    }

    /** Starts reads for queued requests while the connection and the upload limit take more. */
    void pump(Peer p) {
        TokenBucket limit = t.network.uploadLimit();
        while (!p.served.isEmpty() && p.reading < MAX_READS_PER_PEER && p.wire.isWritable()) {
            if (!limit.available()) {
                schedulePump(limit.nanosUntilAvailable());
                return;
            }
            PeerMessage.Request r = p.served.poll();
            p.reading++;
            limit.spend(r.length());
            t.disk.read(r.piece(), r.begin(), r.length(), (data, error) -> {
                p.reading--;
                if (error != null || !p.wire.isOpen()) {
                    if (data != null) {
                        data.release();
                    }
                    return;
                }
                p.wire.sendPiece(r.piece(), r.begin(), data);
                p.lastSent = t.clock.nanos();
                p.up.add(r.length());
                t.countUploaded(r.length());
                pump(p);
            });
        }
    }

    private void schedulePump(long delayNanos) {
        if (pumpScheduled) {
            return;
        }
        pumpScheduled = true;
        t.loop.schedule(() -> {
            pumpScheduled = false;
            for (Peer p : t.peers()) {
                pump(p);
            }
        }, Math.max(1_000_000, delayNanos), TimeUnit.NANOSECONDS);
    }
}
