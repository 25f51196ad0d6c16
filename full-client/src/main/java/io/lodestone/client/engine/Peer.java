package io.lodestone.client.engine;

import io.lodestone.client.engine.policy.PeerState;
import io.lodestone.client.pex.PexState;
import io.lodestone.wire.PeerMessage;
import java.net.InetSocketAddress;

/**
 * One connected peer as the adapter holds it: its wire, its policy state (owned by the torrent's
 * {@link io.lodestone.client.engine.policy.TorrentPolicy}), and what the extension handlers and
 * the upload pump keep for it. Loop-only.
 */
final class Peer {

    final long id;
    final PeerWire wire;
    final PeerState state;
    /** Its peer id, copied once: the smart ban notes it with every block. */
    final byte[] peerId;
    /** Extension ids the peer assigned (0: not supported). */
    int utPex;
    int utMetadata;
    int utHolepunch;
    PexState pex;
    int metadataServed;
    /** Disk reads under way for its requests. */
    int reading;

    Peer(PeerWire wire, PeerState state) {
        this.id = state.id();
        this.wire = wire;
        this.state = state;
        this.peerId = state.peerId();
    }

    void send(PeerMessage m, long now) {
        wire.send(m);
        state.sent(now);
    }

    InetSocketAddress listenAddress() {
        return state.listenAddress();
    }

    @Override
    public String toString() {
        return state.toString();
    }
}
