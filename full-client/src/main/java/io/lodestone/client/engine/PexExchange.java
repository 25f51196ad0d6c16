package io.lodestone.client.engine;

import io.lodestone.client.pex.PexCodec;
import io.lodestone.client.pex.PexMessage;
import io.lodestone.client.pex.PexPeer;
import io.lodestone.client.pex.PexState;
import io.lodestone.wire.PeerMessage;
import io.lodestone.time.Clock;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.function.BiConsumer;
import java.util.List;

/**
 * PEX (BEP 11) on a torrent's connections: the pex package's codec and per-peer diff state, fed
 * with the peers we are connected to; addresses peers tell us go into the peer book.
 */
final class PexExchange {

    private final Clock clock;
    private final Connections peers;
    private final PeerNetwork network;
    private final BiConsumer<Collection<InetSocketAddress>, PeerBook.Source> addPeers;
    /** Told which peer can introduce us to which address (BEP 55); null without uTP. */
    private final HolepunchExchange holepunch;

    PexExchange(Clock clock, Connections peers, PeerNetwork network,
                BiConsumer<Collection<InetSocketAddress>, PeerBook.Source> addPeers, HolepunchExchange holepunch) {
        this.clock = clock;
        this.peers = peers;
        this.network = network;
        this.addPeers = addPeers;
        this.holepunch = holepunch;
    }

    void onMessage(Peer p, byte[] payload) {
        if (!state(p).acceptIncoming()) {
            return; // more than BEP 11's one a minute: ignored
        }
        PexMessage m = PexCodec.decode(payload);
        List<java.net.InetSocketAddress> added = new ArrayList<>();
        for (PexPeer a : m.added()) {
            added.add(a.address());
            if (a.has(PexPeer.PREFERS_ENCRYPTION)) {
                network.peerPrefersEncryption(a.address());
            }
            if (holepunch != null && a.has(PexPeer.SUPPORTS_HOLEPUNCH)) {
                holepunch.heardOf(p, a.address());
            }
            network.peerUtpFlag(a.address(), a.has(PexPeer.SUPPORTS_UTP));
        }
        addPeers.accept(added, PeerBook.Source.PEX);
    }

    void maybeSend(Peer p, long now) {
        List<PexPeer> current = new ArrayList<>();
        for (Peer o : peers.all()) {
            if (o != p && (o.wire.outgoing() || o.state.listenPort() != 0)) {
                int flags = (o.state.seed() ? PexPeer.SEED : 0) | (o.wire.outgoing() ? PexPeer.REACHABLE : 0)
                        | (MseHandler.encrypted(o.wire.channel()) ? PexPeer.PREFERS_ENCRYPTION : 0)
                        | (o.wire.channel() instanceof UtpChannel ? PexPeer.SUPPORTS_UTP : 0)
                        | (o.utHolepunch != 0 ? PexPeer.SUPPORTS_HOLEPUNCH : 0);
                current.add(new PexPeer(o.listenAddress(), flags));
            }
        }
        state(p).next(current).ifPresent(m ->
                p.send(new PeerMessage.Extended(p.utPex, PexCodec.encode(m)), now));
    }

    private PexState state(Peer p) {
        if (p.pex == null) {
            p.pex = new PexState(clock);
        }
        return p.pex;
    }
}
