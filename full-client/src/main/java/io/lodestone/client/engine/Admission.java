package io.lodestone.client.engine;

import io.lodestone.wire.Handshake;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;

/** Whether a handshake may become a connection, and the bitfield a new connection is greeted with. */
final class Admission {

    private Admission() {
    }

    /** Why the handshake cannot become a connection of {@code t}, or null when it can. */
    static String refusal(Torrent t, PeerWire wire, Handshake h, Collection<Peer> peers) {
        if (t.stopped()) {
            return "stopping";
        }
        if (!h.infoHash().equals(t.metainfo.dhtInfoHash())
                && (t.metainfo.infoHashV2() == null || !h.infoHash().equals(t.metainfo.infoHashV2().truncated()))) {
            return "wrong info-hash " + h.infoHash().hex();
        }
        if (Arrays.equals(h.peerId(), t.network.peerId())) {
            t.book.addOwn(wire.remoteAddress());
            return "connected to ourselves";
        }
        if (t.book.isBanned(wire.remoteAddress()) || t.book.isBanned(h.peerId())) {
            return "banned";
        }
        if (!wire.outgoing() && peers.size() >= t.config.maxPeersPerTorrent()) {
            return "too many peers";
        }
        for (Peer other : peers) {
            if (Arrays.equals(other.peerId, h.peerId())) {
                return "already connected to this peer id";
            }
        }
        return null;
    }

    /** BEP 3 bitfield: piece 0 is the high bit of the first byte; spare bits stay zero. */
    static byte[] bitfield(BitSet have, int pieceCount) {
        byte[] bits = new byte[(pieceCount + 7) / 8];
        for (int i = have.nextSetBit(0); i >= 0 && i < pieceCount; i = have.nextSetBit(i + 1)) {
            bits[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return bits;
    }
}
