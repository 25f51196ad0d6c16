package io.lodestone.dht.krpc;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.types.CompactNode;
import io.lodestone.types.CompactPeer;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The response dict {@code r} of each method, both ways. Fields the answer is about (the id, BEP
 * 51's samples) must be right or the response is rejected; fields that relay third parties
 * (nodes, peers) or are hints (the token) lose only their bad parts, as in libtorrent, so a node
 * that answered still counts as alive.
 */
final class ResponseCodec {

    private static final String TOKEN = "token";
    private static final String VALUES = "values";
    private static final String INTERVAL = "interval";
    private static final String NUM = "num";
    private static final String SAMPLES = "samples";
    private static final String BF_SEEDS = "BFsd";
    private static final String BF_PEERS = "BFpe";

    private ResponseCodec() {
    }

    static KrpcResponse typed(QueryMethod method, BDict r) {
        NodeId id = Fields.requireId(r, Fields.ID);
        return switch (method) {
            case PING -> new PingResponse(id);
            case ANNOUNCE_PEER -> new AnnouncePeerResponse(id);
            case FIND_NODE -> new FindNodeResponse(id, Fields.nodes(r, false), Fields.nodes(r, true));
            case GET_PEERS -> new GetPeersResponse(id, token(r), values(r),
                    Fields.nodes(r, false), Fields.nodes(r, true), scrape(r));
            case SAMPLE_INFOHASHES -> r.containsKey(SAMPLES)
                    ? samples(id, r)
                    // no BEP 51 there: libtorrent before 1.2 answers unknown queries like find_node
                    : new FindNodeResponse(id, Fields.nodes(r, false), Fields.nodes(r, true));
        };
    }

    /** A token we could not send back (empty or over-long) is as good as none. */
    private static Optional<Token> token(BDict r) {
        BString t = r.getString(TOKEN);
        return t != null && Token.validLength(t.length()) ? Optional.of(Token.of(t.bytes())) : Optional.empty();
    }

    /**
     * BEP 33's two filters, when both are there and 256 bytes each. They are a hint like the
     * token: a bad pair is dropped, the answer kept.
     */
    private static Optional<ScrapeFilters> scrape(BDict r) {
        BString seeds = r.getString(BF_SEEDS);
        BString peers = r.getString(BF_PEERS);
        if (seeds == null || peers == null || seeds.length() != ScrapeBloom.BYTES
                || peers.length() != ScrapeBloom.BYTES) {
            return Optional.empty();
        }
        return Optional.of(new ScrapeFilters(ScrapeBloom.of(seeds.bytes()), ScrapeBloom.of(peers.bytes())));
    }

    /**
     * Each entry is one peer: 6 bytes IPv4, 18 bytes IPv6. Entries of other lengths or with port 0
     * are skipped, as libtorrent skips them. (libtorrent also reads a lone longer entry as several
     * concatenated IPv4 peers, an old Mainline form no current client sends; here it is skipped.)
     */
    private static List<InetSocketAddress> values(BDict r) {
        BList l = r.getList(VALUES);
        if (l == null) {
            return List.of();
        }
        List<InetSocketAddress> out = new ArrayList<>(l.size());
        for (BValue v : l.items()) {
            if (!(v instanceof BString s)) {
                throw new Malformed("'values' entries must be strings");
            }
            int n = s.length();
            if ((n == CompactPeer.IPV4_LENGTH || n == CompactPeer.IPV6_LENGTH)
                    && (s.byteAt(n - 2) != 0 || s.byteAt(n - 1) != 0)) {
                out.add(CompactPeer.decode(s.bytes()));
            }
        }
        return out;
    }

    /**
     * BEP 51. The samples are what we asked for, so bad ones reject the response; so do a missing
     * interval or num, or a num that is negative or past an int, as in libtorrent. An interval
     * beyond the BEP's 6 hours is clamped rather than rejected, because the samples are still
     * good and waiting at most 6 hours is all the BEP promises anyway.
     */
    private static SampleInfohashesResponse samples(NodeId id, BDict r) {
        BString s = r.require(SAMPLES, BString.class);
        if (s.length() % InfoHash.V1_LENGTH != 0) {
            throw new Malformed("'samples' is " + s.length() + " bytes, not a multiple of 20");
        }
        long interval = Fields.requireInt(r, INTERVAL);
        long num = Fields.requireInt(r, NUM);
        if (num < 0 || num > Integer.MAX_VALUE) {
            throw new Malformed("'num' out of range: " + num);
        }
        byte[] b = s.bytes();
        List<InfoHash> samples = new ArrayList<>(b.length / InfoHash.V1_LENGTH);
        for (int off = 0; off < b.length; off += InfoHash.V1_LENGTH) {
            samples.add(InfoHash.v1(Arrays.copyOfRange(b, off, off + InfoHash.V1_LENGTH)));
        }
        int clamped = (int) Math.max(0, Math.min(SampleInfohashesResponse.MAX_INTERVAL, interval));
        return new SampleInfohashesResponse(id, clamped, (int) num, samples,
                Fields.nodes(r, false), Fields.nodes(r, true));
    }

    static BDict encode(KrpcResponse response) {
        BDict.Builder r = BDict.builder().put(Fields.ID, response.id().bytes());
        switch (response) {
            case PingResponse p -> {
            }
            case AnnouncePeerResponse a -> {
            }
            // BEP 5 has find_node answer with "nodes" and get_peers with "values" or "nodes", so
            // an empty "nodes" is written when nothing else would be: strict readers want the key
            case FindNodeResponse f -> putNodes(r, f.nodes(), f.nodes6(), f.nodes6().isEmpty());
            case GetPeersResponse g -> {
                g.token().ifPresent(t -> r.put(TOKEN, t.bytes()));
                if (!g.values().isEmpty()) {
                    r.put(VALUES, BList.of(CompactPeer.encodeValues(g.values()).stream().map(BString::of).toList()));
                }
                putNodes(r, g.nodes(), g.nodes6(), g.values().isEmpty() && g.nodes6().isEmpty());
                g.scrape().ifPresent(f -> r.put(BF_SEEDS, f.seeds().bytes()).put(BF_PEERS, f.peers().bytes()));
            }
            case SampleInfohashesResponse s -> {
                r.put(INTERVAL, s.interval()).put(NUM, s.num());
                int n = InfoHash.V1_LENGTH;
                byte[] samples = new byte[s.samples().size() * n];
                for (int i = 0; i < s.samples().size(); i++) {
                    System.arraycopy(s.samples().get(i).bytes(), 0, samples, i * n, n);
                }
                r.put(SAMPLES, samples);
                putNodes(r, s.nodes(), s.nodes6(), false);
            }
        }
        return r.build();
    }

    private static void putNodes(BDict.Builder r, List<NodeInfo> nodes, List<NodeInfo> nodes6,
                                 boolean nodesEvenIfEmpty) {
        if (!nodes.isEmpty() || nodesEvenIfEmpty) {
            r.put(Fields.NODES, CompactNode.encodeNodes(nodes));
        }
        if (!nodes6.isEmpty()) {
            r.put(Fields.NODES6, CompactNode.encodeNodes6(nodes6));
        }
    }
}
