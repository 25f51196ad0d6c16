package io.lodestone.dht.krpc;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BencodeEncoder;
import io.lodestone.bencode.BencodeWriter;
import io.lodestone.types.CompactNode;
import io.lodestone.types.CompactPeer;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Writes KRPC messages straight to bencode, keys in the canonical (sorted) order, without building
 * dictionaries first: a node answers every query it gets, so this is its hottest path. The bytes
 * are exactly those of the {@link BDict} forms ({@link QueryCodec#encode}, {@link ResponseCodec#encode}
 * through {@link BencodeEncoder}); the tests hold both to that.
 */
final class MessageWriter {

    /** Most answers (8 nodes, a token, the envelope) fit, so the buffer rarely grows. */
    private static final int TYPICAL_BYTES = 320;

    private MessageWriter() {
    }

    /** Top level, sorted: a, q, ro, t, v, y. */
    static byte[] query(QueryMessage q) {
        BencodeWriter w = new BencodeWriter(TYPICAL_BYTES).beginDict();
        w.ascii("a");
        BencodeEncoder.write(QueryCodec.encode(q.query()), w);
        w.ascii("q").string(q.query().methodName().getBytes(StandardCharsets.ISO_8859_1));
        if (q.readOnly()) {
            w.ascii("ro").integer(1);
        }
        return tail(w, q.tid(), q.version(), "q");
    }

    /** Top level, sorted: ip, r, t, v, y; {@code r} as it is (received, or built in code). */
    static byte[] response(ResponseMessage r) {
        BencodeWriter w = new BencodeWriter(TYPICAL_BYTES).beginDict();
        ip(w, r.ip());
        w.ascii("r");
        BencodeEncoder.write(r.body(), w);
        return tail(w, r.tid(), r.version(), "r");
    }

    /** Like {@link #response(ResponseMessage)} with {@code r} written from the typed answer. */
    static byte[] response(Tid tid, Optional<ClientVersion> version, Optional<InetSocketAddress> ip,
                           KrpcResponse body) {
        BencodeWriter w = new BencodeWriter(TYPICAL_BYTES).beginDict();
        ip(w, ip);
        w.ascii("r");
        body(w, body);
        return tail(w, tid, version, "r");
    }

    /** Top level, sorted: e, ip, t, v, y. */
    static byte[] error(ErrorMessage e) {
        BencodeWriter w = new BencodeWriter(TYPICAL_BYTES).beginDict();
        w.ascii("e").beginList().integer(e.error().code())
                .string(e.error().message().getBytes(StandardCharsets.UTF_8)).end();
        ip(w, e.ip());
        return tail(w, e.tid(), e.version(), "e");
    }

    private static void ip(BencodeWriter w, Optional<InetSocketAddress> ip) {
        if (ip.isPresent()) {
            w.ascii("ip").string(CompactPeer.encode(ip.get()));
        }
    }

    private static byte[] tail(BencodeWriter w, Tid tid, Optional<ClientVersion> version, String y) {
        w.ascii("t").string(tid.bytes());
        if (version.isPresent()) {
            w.ascii("v").string(version.get().bytes());
        }
        w.ascii("y").ascii(y).end();
        return w.toByteArray();
    }

    /**
     * The {@code r} dict, keys sorted: BFpe, BFsd, id, interval, nodes, nodes6, num, samples, token, values.
     * Which keys appear follows {@link ResponseCodec#encode}.
     */
    private static void body(BencodeWriter w, KrpcResponse response) {
        w.beginDict();
        // BEP 33's keys sort before "id" (capitals first)
        if (response instanceof GetPeersResponse g && g.scrape().isPresent()) {
            w.ascii("BFpe").string(g.scrape().get().peers().bytes());
            w.ascii("BFsd").string(g.scrape().get().seeds().bytes());
        }
        w.ascii(Fields.ID).string(response.id().bytes());
        switch (response) {
            case PingResponse p -> {
            }
            case AnnouncePeerResponse a -> {
            }
            case FindNodeResponse f -> nodes(w, f.nodes(), f.nodes6(), f.nodes6().isEmpty());
            case GetPeersResponse g -> {
                nodes(w, g.nodes(), g.nodes6(), g.values().isEmpty() && g.nodes6().isEmpty());
                if (g.token().isPresent()) {
                    w.ascii("token").string(g.token().get().bytes());
                }
                if (!g.values().isEmpty()) {
                    w.ascii("values").beginList();
                    for (byte[] v : CompactPeer.encodeValues(g.values())) {
                        w.string(v);
                    }
                    w.end();
                }
            }
            case SampleInfohashesResponse s -> {
                w.ascii("interval").integer(s.interval());
                nodes(w, s.nodes(), s.nodes6(), false);
                w.ascii("num").integer(s.num());
                int n = InfoHash.V1_LENGTH;
                byte[] samples = new byte[s.samples().size() * n];
                for (int i = 0; i < s.samples().size(); i++) {
                    System.arraycopy(s.samples().get(i).bytes(), 0, samples, i * n, n);
                }
                w.ascii("samples").string(samples);
            }
        }
        w.end();
    }

    private static void nodes(BencodeWriter w, List<NodeInfo> nodes, List<NodeInfo> nodes6, boolean nodesEvenIfEmpty) {
        if (!nodes.isEmpty() || nodesEvenIfEmpty) {
            w.ascii(Fields.NODES).string(CompactNode.encodeNodes(nodes));
        }
        if (!nodes6.isEmpty()) {
            w.ascii(Fields.NODES6).string(CompactNode.encodeNodes6(nodes6));
        }
    }
}
