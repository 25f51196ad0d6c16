package io.lodestone.client.engine.policy;

import io.lodestone.client.choker.Choker;
import io.lodestone.client.choker.PeerView;
import io.lodestone.wire.PeerMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Runs the choker over the peers as it sees them; sends the choke and unchoke messages it decides. */
final class ChokeRound {

    private final Choker choker;
    private final Serving serving;
    private final SessionActions out;
    private final Collection<PeerState> peers;

    ChokeRound(Choker choker, Serving serving, SessionActions out, Collection<PeerState> peers) {
        this.choker = choker;
        this.serving = serving;
        this.out = out;
        this.peers = peers;
    }

    void run(boolean seeding, long now) {
        List<PeerView> views = new ArrayList<>();
        for (PeerState p : peers) {
            if (!p.closing) {
                views.add(new PeerView(p.id, p.peerInterested, p.snubbed, p.down.rate(), p.up.rate(),
                        Instant.EPOCH.plusNanos(p.connectedAt), !p.amChoking));
            }
        }
        Set<Long> unchoke = choker.unchoke(views, seeding);
        for (PeerState p : List.copyOf(peers)) {
            boolean want = unchoke.contains(p.id);
            if (want && p.amChoking) {
                p.amChoking = false;
                out.send(p.id, new PeerMessage.Unchoke());
                p.lastSent = now;
                out.serve(p.id);
            } else if (!want && !p.amChoking && !p.closing) {
                p.amChoking = true;
                out.send(p.id, new PeerMessage.Choke());
                p.lastSent = now;
                serving.onChoked(p);
            }
        }
    }

    /** Whether every upload slot is taken. */
    boolean slotsFull(int slots) {
        int unchoked = 0;
        for (PeerState o : peers) {
            if (!o.amChoking) {
                unchoked++;
            }
        }
        return unchoked >= slots;
    }
}
