package io.lodestone.client.engine;

import io.lodestone.wire.ExtensionHandshake;
import io.lodestone.wire.MetadataCodec;
import io.lodestone.wire.MetadataMessage;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.WireFormatException;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.time.Clock;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.BiConsumer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BEP 10 for a torrent whose metadata we have: our extension handshake, serving the info dict
 * over ut_metadata (BEP 9) to peers that came from a magnet, and PEX (BEP 11) through
 * {@link PexExchange}. Private torrents (BEP 27) offer no PEX.
 */
final class Extensions {

    /** The ids peers send these extensions to us with; libtorrent uses the same numbers. */
    static final int OUR_UT_PEX = 1;
    static final int OUR_UT_METADATA = 2;
    /** ut_metadata pieces served per connection: a few full copies, not a flood. */
    static final int MAX_METADATA_SERVED_COPIES = 4;

    private final EngineConfig config;
    private final PeerNetwork network;
    private final Clock clock;
    private final Connections peers;
    private final byte[] info;
    private final PexExchange pex;
    /** BEP 55, when we speak uTP and the torrent is public; else null. */
    private final HolepunchExchange holepunch;

    Extensions(Metainfo metainfo, EngineConfig config, PeerNetwork network, Clock clock, Connections peers,
               BiConsumer<Collection<InetSocketAddress>, PeerBook.Source> addPeers, HolepunchExchange holepunch) {
        this.config = config;
        this.network = network;
        this.clock = clock;
        this.peers = peers;
        this.info = metainfo.infoBytes();
        this.holepunch = metainfo.isPrivate() ? null : holepunch;
        this.pex = metainfo.isPrivate() ? null : new PexExchange(clock, peers, network, addPeers, this.holepunch);
    }

    PeerMessage.Extended handshake() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(ExtensionHandshake.UT_METADATA, OUR_UT_METADATA);
        if (pex != null) {
            m.put(ExtensionHandshake.UT_PEX, OUR_UT_PEX);
        }
        if (holepunch != null) {
            m.put(ExtensionHandshake.UT_HOLEPUNCH, HolepunchExchange.OUR_UT_HOLEPUNCH);
        }
        return new ExtensionHandshake(m, (long) info.length, config.clientVersion(), config.maxServedRequests(),
                null, network.port(), null).toMessage();
    }

    void handle(Peer p, PeerMessage.Extended e) {
        try {
            if (e.isHandshake()) {
                onHandshake(p, ExtensionHandshake.decode(e.payload()));
            } else if (e.extendedId() == OUR_UT_METADATA) {
                onMetadata(p, MetadataCodec.decode(e.payload()));
            } else if (e.extendedId() == OUR_UT_PEX && pex != null) {
                pex.onMessage(p, e.payload());
            } else if (e.extendedId() == HolepunchExchange.OUR_UT_HOLEPUNCH && holepunch != null) {
                holepunch.onMessage(p, e.payload());
            }
        } catch (WireFormatException ex) {
            peers.drop(p, "bad extension message: " + ex.getMessage());
        }
    }

    private void onHandshake(Peer p, ExtensionHandshake h) {
        p.utPex = h.extensionId(ExtensionHandshake.UT_PEX);
        p.utMetadata = h.extensionId(ExtensionHandshake.UT_METADATA);
        p.utHolepunch = holepunch == null ? 0 : h.extensionId(ExtensionHandshake.UT_HOLEPUNCH);
        if (h.requestQueue() != null) {
            p.state.setRequestQueue(h.requestQueue());
        }
        if (h.clientVersion() != null) {
            p.state.setClient(h.clientVersion());
        }
        if (h.listenPort() != null) {
            p.state.setListenPort(h.listenPort());
        }
    }

    private void onMetadata(Peer p, MetadataMessage m) {
        if (!(m instanceof MetadataMessage.Request r) || p.utMetadata == 0) {
            return; // we have the metadata: data and rejects from the peer mean nothing to us
        }
        int pieces = (info.length + MetadataMessage.PIECE_SIZE - 1) / MetadataMessage.PIECE_SIZE;
        long now = clock.nanos();
        if (r.piece() >= pieces || p.metadataServed >= pieces * MAX_METADATA_SERVED_COPIES) {
            p.send(MetadataCodec.toMessage(p.utMetadata, new MetadataMessage.Reject(r.piece())), now);
            return;
        }
        p.metadataServed++;
        int from = r.piece() * MetadataMessage.PIECE_SIZE;
        byte[] data = Arrays.copyOfRange(info, from, Math.min(info.length, from + MetadataMessage.PIECE_SIZE));
        p.send(MetadataCodec.toMessage(p.utMetadata, new MetadataMessage.Data(r.piece(), info.length, data)), now);
    }

    void maybeSendPex(Peer p, long now) {
        if (pex != null && p.utPex != 0) {
            pex.maybeSend(p, now);
        }
    }
}
