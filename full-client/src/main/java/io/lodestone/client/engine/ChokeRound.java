package io.lodestone.client.engine;

import io.lodestone.client.choker.Choker;
import io.lodestone.client.choker.ChokerConfig;
import io.lodestone.client.choker.PeerView;
import io.lodestone.wire.PeerMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One run of the choker: peers as it sees them in, choke and unchoke messages out. */
final class ChokeRound {

    /** Upload slots of the default choker: regular plus optimistic. */
    static final int SLOTS = ChokerConfig.DEFAULT_REGULAR_SLOTS + ChokerConfig.DEFAULT_OPTIMISTIC_SLOTS;

    private final Torrent t;
    private final Choker choker;

    ChokeRound(Torrent t, Choker choker) {
        this.t = t;
        this.choker = choker;
    }

    void run(boolean seeding) {
        List<PeerView> views = new ArrayList<>();
        for (Peer p : t.peers()) {
            views.add(new PeerView(p.id, p.peerInterested, p.snubbed, p.down.rate(), p.up.rate(),
                    Instant.EPOCH.plusNanos(p.connectedAt), !p.amChoking));
        }
        Set<Long> unchoke = choker.unchoke(views, seeding);
        long now = t.clock.nanos();
        for (Peer p : new ArrayList<>(t.peers())) {
            boolean want = unchoke.contains(p.id);
            if (want && p.amChoking) {
                p.amChoking = false;
                p.send(new PeerMessage.Unchoke(), now);
                t.uploader.pump(p);
            } else if (!want && !p.amChoking) {
                p.amChoking = true;
                p.send(new PeerMessage.Choke(), now);
                t.uploader.onChoked(p);
            }
        }
    }
}
