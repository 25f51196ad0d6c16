package io.lodestone.client.engine;

import io.lodestone.client.engine.policy.TorrentPolicy;
import io.lodestone.wire.PeerMessage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The upload pump: takes the requests the policy queued for a peer, reads their blocks on the disk
 * pool and sends them as the connection and the upload limit allow. Which requests are served at
 * all is the policy's ({@code Serving}); this only moves bytes.
 */
final class Uploader {

    /** Disk reads in flight per peer; enough to keep a fast connection's send buffer fed. */
    static final int MAX_READS_PER_PEER = 4;

    private final DiskQueue disk;
    private final TokenBucket limit;
    private final TorrentPolicy policy;
    private final ScheduledExecutorService loop;
    private final Connections peers;
    private boolean pumpScheduled;

    Uploader(DiskQueue disk, TokenBucket limit, TorrentPolicy policy, ScheduledExecutorService loop,
             Connections peers) {
        this.disk = disk;
        this.limit = limit;
        this.policy = policy;
        this.loop = loop;
        this.peers = peers;
    }

    /** Starts reads for queued requests while the connection and the upload limit take more. */
    void pump(Peer p) {
        while (p.state.queuedRequests() > 0 && p.reading < MAX_READS_PER_PEER && p.wire.isWritable()) {
            if (!limit.available()) {
                schedulePump(limit.nanosUntilAvailable());
                return;
            }
            PeerMessage.Request r = p.state.nextToServe();
            p.reading++;
            limit.spend(r.length());
            disk.read(r.piece(), r.begin(), r.length(), (data, error) -> {
                p.reading--;
                if (error != null || !p.wire.isOpen()) {
                    if (data != null) {
                        data.release();
                    }
                    return;
                }
                p.wire.sendPiece(r.piece(), r.begin(), data);
                policy.uploaded(p.id, r.length());
                pump(p);
            });
        }
    }

    private void schedulePump(long delayNanos) {
        if (pumpScheduled) {
            return;
        }
        pumpScheduled = true;
        loop.schedule(() -> {
            pumpScheduled = false;
            for (Peer p : peers.all()) {
                pump(p);
            }
        }, Math.max(1_000_000, delayNanos), TimeUnit.NANOSECONDS);
    }
}
