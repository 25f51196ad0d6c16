package io.lodestone.dht.node;

import io.lodestone.dht.krpc.AnnouncePeer;
import io.lodestone.dht.krpc.AnnouncePeerResponse;
import io.lodestone.dht.krpc.ClientVersion;
import io.lodestone.dht.krpc.ErrorMessage;
import io.lodestone.dht.krpc.FindNode;
import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.GetPeers;
import io.lodestone.dht.krpc.GetPeersResponse;
import io.lodestone.dht.krpc.ScrapeFilters;
import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcCodec;
import io.lodestone.dht.krpc.KrpcError;
import io.lodestone.dht.krpc.KrpcQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.Ping;
import io.lodestone.dht.krpc.PingResponse;
import io.lodestone.dht.krpc.QueryMessage;
import io.lodestone.dht.krpc.SampleInfohashes;
import io.lodestone.dht.krpc.SampleInfohashesResponse;
import io.lodestone.dht.krpc.Tid;
import io.lodestone.dht.krpc.Token;
import io.lodestone.dht.krpc.UnknownQuery;
import io.lodestone.dht.krpc.Want;
import io.lodestone.types.CompactPeer;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers queries (BEP 5, with BEP 32 {@code want}, BEP 33 {@code noseed}, BEP 42 {@code ip} on
 * every answer, BEP 43 {@code ro} and BEP 51). Every querier that is not read-only is offered to
 * the routing table. A node configured read-only answers nothing, as libtorrent's
 * {@code dht_read_only}. Not thread-safe: runs on the node's thread.
 */
final class QueryResponder {

    /** BEP 5's K: nodes in a find_node or get_peers answer, per family. */
    static final int CLOSEST_NODES = 8;
    /** What a {@code values} list adds besides its entries: the key {@code 6:values}, then l and e. */
    private static final int VALUES_OVERHEAD = "6:values".length() + 2;
    /** A value entry: a length prefix ("6:" or "18:") and the compact peer. */
    private static final int VALUE_V4_BYTES = 2 + CompactPeer.IPV4_LENGTH;
    private static final int VALUE_V6_BYTES = 3 + CompactPeer.IPV6_LENGTH;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final NodeParts parts;
    private final TokenManager tokens;
    private final PeerStore peers;
    /** Our client version, on every answer; built once. */
    private final Optional<ClientVersion> version;
    private List<InfoHash> sample = List.of();
    private long sampledAt;
    private boolean sampled;

    QueryResponder(NodeParts parts, TokenManager tokens, PeerStore peers) {
        this.parts = parts;
        this.tokens = tokens;
        this.peers = peers;
        this.version = Optional.of(parts.config().clientVersion());
    }

    /** Answers {@code m} from {@code source} (normalized) at {@code replyTo} (as the transport gave it). */
    void answer(InetSocketAddress replyTo, InetSocketAddress source, QueryMessage m) {
        KrpcQuery q = m.query();
        parts.metrics().queryIn(q instanceof KnownQuery k ? k.method() : null);
        if (parts.config().readOnly()) {
            return; // BEP 43 as libtorrent's dht_read_only: a read-only node answers no queries
        }
        parts.tableFor(source.getAddress()).onQuery(new NodeInfo(q.id(), source), m.readOnly());
        Tid tid = m.tid();
        switch (q) {
            case Ping p -> ok(replyTo, tid, source, new PingResponse(parts.id()));
            case FindNode f -> ok(replyTo, tid, source, findNode(f.target(), f.want(), source));
            case GetPeers g -> ok(replyTo, tid, source, getPeers(tid, source, g));
            case AnnouncePeer a -> announce(replyTo, tid, source, a);
            case SampleInfohashes s -> ok(replyTo, tid, source, samples(s, source));
            case UnknownQuery u -> {
                if (u.target().isPresent()) {
                    // libtorrent answers unknown methods with a target like find_node, so new methods help lookups
                    ok(replyTo, tid, source, findNode(u.target().get(), u.want(), source));
                } else {
                    error(replyTo, tid, source, KrpcError.methodUnknown("unknown method"));
                }
            }
        }
    }

    /** Error 203 for a query we could not read but whose transaction id we know. */
    void malformed(InetSocketAddress replyTo, InetSocketAddress source, Tid tid, String reason) {
        if (parts.config().readOnly()) {
            return;
        }
        error(replyTo, tid, source, KrpcError.protocol(reason));
    }

    private FindNodeResponse findNode(NodeId target, Optional<Want> want, InetSocketAddress source) {
        Want w = want.orElse(familyWant(source));
        return new FindNodeResponse(parts.id(), closest4(target, w), closest6(target, w));
    }

    private GetPeersResponse getPeers(Tid tid, InetSocketAddress source, GetPeers g) {
        parts.listener().onGetPeers(parts.id(), g.infoHash(), source);
        Want w = g.want().orElse(familyWant(source));
        NodeId target = NodeId.key(g.infoHash());
        List<NodeInfo> n4 = closest4(target, w);
        List<NodeInfo> n6 = closest6(target, w);
        Optional<Token> token = Optional.of(tokens.token(source.getAddress()));
        List<InetSocketAddress> values = peers.peers(g.infoHash(), parts.config().maxPeersReply(),
                Ips.family(source.getAddress()), g.noSeed());
        // BEP 33: the filters (over 512 bytes) go in first; values get the room that is left
        Optional<ScrapeFilters> scrape = g.scrape() ? peers.scrape(g.infoHash()) : Optional.empty();
        GetPeersResponse base = new GetPeersResponse(parts.id(), token, List.of(), n4, n6, scrape);
        if (values.isEmpty()) {
            return base;
        }
        // libtorrent reads at most 1500 bytes: send the peers that fit beside the nodes
        int room = KrpcCodec.MAX_DATAGRAM_BYTES
                - KrpcCodec.encodeResponse(tid, version, Optional.of(source), base).length - VALUES_OVERHEAD;
        List<InetSocketAddress> fitting = new ArrayList<>(values.size());
        for (InetSocketAddress v : values) {
            int cost = v.getAddress() instanceof Inet4Address ? VALUE_V4_BYTES : VALUE_V6_BYTES;
            if (cost > room) {
                break;
            }
            room -= cost;
            fitting.add(v);
        }
        return new GetPeersResponse(parts.id(), token, fitting, n4, n6, scrape);
    }

    private void announce(InetSocketAddress replyTo, Tid tid, InetSocketAddress source, AnnouncePeer a) {
        if (!tokens.isValid(a.token(), source.getAddress())) {
            error(replyTo, tid, source, KrpcError.protocol("invalid token"));
            return;
        }
        int port = a.impliedPort() ? source.getPort() : a.port();
        InetSocketAddress peer = new InetSocketAddress(source.getAddress(), port);
        peers.announce(a.infoHash(), peer, a.seed());
        parts.metrics().announceStored();
        parts.listener().onAnnounce(parts.id(), a.infoHash(), peer, source);
        ok(replyTo, tid, source, new AnnouncePeerResponse(parts.id()));
    }

    private SampleInfohashesResponse samples(SampleInfohashes s, InetSocketAddress source) {
        Want w = s.want().orElse(familyWant(source));
        DhtConfig c = parts.config();
        int num = peers.count();
        return new SampleInfohashesResponse(parts.id(), c.sampleIntervalSeconds(), num, currentSample(num),
                closest4(s.target(), w), closest6(s.target(), w));
    }

    /**
     * BEP 51: the sample may stay the same for {@code interval} seconds, so it is kept that long, as
     * libtorrent does; a sample smaller than the store could give is redrawn at once.
     */
    private List<InfoHash> currentSample(int stored) {
        DhtConfig c = parts.config();
        long now = parts.clock().nanos();
        boolean stale = !sampled || now - sampledAt >= c.sampleIntervalSeconds() * NANOS_PER_SECOND
                || sample.size() < Math.min(c.maxSamples(), stored);
        if (stale) {
            sample = peers.sample(c.maxSamples(), parts.random());
            sampledAt = now;
            sampled = true;
        }
        return sample;
    }

    private List<NodeInfo> closest4(NodeId target, Want w) {
        return w.n4() ? parts.table4().closest(target, CLOSEST_NODES) : List.of();
    }

    private List<NodeInfo> closest6(NodeId target, Want w) {
        return w.n6() ? parts.table6().closest(target, CLOSEST_NODES) : List.of();
    }

    /** BEP 32: without {@code want}, nodes of the family the query came over. */
    private static Want familyWant(InetSocketAddress source) {
        return Ips.isV4(source.getAddress()) ? Want.N4 : Want.N6;
    }

    /** Encoded straight from the typed answer: no response dictionary is built on this path. */
    private void ok(InetSocketAddress replyTo, Tid tid, InetSocketAddress source, KrpcResponse body) {
        parts.outbox().answer(replyTo, tid, version, Optional.of(source), body);
    }

    private void error(InetSocketAddress replyTo, Tid tid, InetSocketAddress source, KrpcError e) {
        parts.outbox().reply(replyTo, new ErrorMessage(tid, version, Optional.of(source), e));
    }
}
