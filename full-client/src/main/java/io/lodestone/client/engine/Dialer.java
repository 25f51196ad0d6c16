package io.lodestone.client.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One torrent's connections that are not peers yet: outgoing ones dialling, and those waiting for
 * the peer's handshake, each with when it entered that stage so a tick can time it out. Loop-only.
 */
final class Dialer {

    private final Map<PeerWire, Long> connecting = new HashMap<>();
    private final Map<PeerWire, Long> handshaking = new HashMap<>();

    int connecting() {
        return connecting.size();
    }

    /** Dialling plus waiting for a handshake. */
    int pending() {
        return connecting.size() + handshaking.size();
    }

    void dialled(PeerWire w, long now) {
        connecting.put(w, now);
    }

    /** The TCP connection stood; false when it was not ours to make (or we gave up on it). */
    boolean connected(PeerWire w, long now) {
        if (connecting.remove(w) == null) {
            return false;
        }
        handshaking.put(w, now);
        return true;
    }

    void handshaken(PeerWire w) {
        handshaking.remove(w);
    }

    /** The wire closed; true when it closed before becoming a peer (a failed attempt). */
    boolean closed(PeerWire w) {
        boolean wasConnecting = connecting.remove(w) != null;
        boolean wasHandshaking = handshaking.remove(w) != null;
        return wasConnecting || wasHandshaking;
    }

    /** Closes what waited too long in either stage. */
    void expire(long now, long connectLimit, long handshakeLimit) {
        expire(connecting, connectLimit, now, "connect timeout");
        expire(handshaking, handshakeLimit, now, "handshake timeout");
    }

    void closeAll(String reason) {
        List<PeerWire> all = new ArrayList<>(connecting.keySet());
        all.addAll(handshaking.keySet());
        all.forEach(w -> w.close(reason));
    }

    private static void expire(Map<PeerWire, Long> waiting, long limit, long now, String reason) {
        for (Map.Entry<PeerWire, Long> e : new ArrayList<>(waiting.entrySet())) {
            if (now - e.getValue() > limit) {
                e.getKey().close(reason);
            }
        }
    }
}
