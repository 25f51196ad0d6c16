package io.lodestone.client.engine;

import io.lodestone.metainfo.Metainfo;
import io.lodestone.wire.Handshake;
import java.util.Arrays;
import java.util.Collection;

/** Whether a handshake may become a connection. */
final class Admission {

    private Admission() {
    }

    /** Why the handshake cannot become a connection of the torrent, or null when it can. */
    static String refusal(Metainfo metainfo, byte[] ourPeerId, PeerBook book, PeerWire wire, Handshake h,
                          Collection<Peer> peers, int maxPeers) {
        if (!h.infoHash().equals(metainfo.dhtInfoHash())
                && (metainfo.infoHashV2() == null || !h.infoHash().equals(metainfo.infoHashV2().truncated()))) {
            return "wrong info-hash " + h.infoHash().hex();
        }
        if (Arrays.equals(h.peerId(), ourPeerId)) {
            book.addOwn(wire.remoteAddress());
            return "connected to ourselves";
        }
        if (book.isBanned(wire.remoteAddress()) || book.isBanned(h.peerId())) {
            return "banned";
        }
        if (!wire.outgoing() && peers.size() >= maxPeers) {
            return "too many peers";
        }
        for (Peer other : peers) {
            if (Arrays.equals(other.peerId, h.peerId())) {
                return "already connected to this peer id";
            }
        }
        return null;
    }
}
