package io.lodestone.dht.krpc;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BString;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import java.util.Optional;

/** The arguments dict {@code a} of each query method, both ways. */
final class QueryCodec {

    private static final String TARGET = "target";
    private static final String INFO_HASH = "info_hash";
    private static final String NOSEED = "noseed";
    private static final String SCRAPE = "scrape";
    private static final String PORT = "port";
    private static final String IMPLIED_PORT = "implied_port";
    private static final String TOKEN = "token";
    private static final String SEED = "seed";

    private QueryCodec() {
    }

    /** The id is checked first, for every method, as libtorrent does before it looks at {@code q}. */
    static KrpcQuery decode(String method, BDict a) {
        NodeId id = Fields.requireId(a, Fields.ID);
        Optional<QueryMethod> known = QueryMethod.fromWire(method);
        if (known.isEmpty()) {
            return new UnknownQuery(method, id, lenientTarget(a), Fields.lenientWant(a));
        }
        return switch (known.get()) {
            case PING -> new Ping(id);
            case FIND_NODE -> new FindNode(id, Fields.requireId(a, TARGET), Fields.want(a));
            case GET_PEERS -> new GetPeers(id, Fields.requireInfoHash(a, INFO_HASH), Fields.want(a),
                    Fields.flag(a, NOSEED), Fields.flag(a, SCRAPE));
            case ANNOUNCE_PEER -> announce(id, a);
            case SAMPLE_INFOHASHES -> new SampleInfohashes(id, Fields.requireId(a, TARGET), Fields.want(a));
        };
    }

    private static AnnouncePeer announce(NodeId id, BDict a) {
        InfoHash infoHash = Fields.requireInfoHash(a, INFO_HASH);
        long port = Fields.requireInt(a, PORT);
        boolean implied = Fields.flag(a, IMPLIED_PORT);
        if (!AnnouncePeer.validPort(port, implied)) {
            throw new Malformed("invalid port " + port);
        }
        BString token = a.require(TOKEN, BString.class);
        if (!Token.validLength(token.length())) {
            throw new Malformed("'token' must be 1.." + Token.MAX_LENGTH + " bytes, not " + token.length());
        }
        return new AnnouncePeer(id, infoHash, (int) port, implied, Token.of(token.bytes()), Fields.flag(a, SEED));
    }

    /** libtorrent's rule for unknown methods: a 20-byte {@code target}, else a 20-byte {@code info_hash}. */
    private static Optional<NodeId> lenientTarget(BDict a) {
        for (String key : new String[] {TARGET, INFO_HASH}) {
            if (a.get(key) instanceof BString s && s.length() == NodeId.LENGTH) {
                return Optional.of(NodeId.of(s.bytes()));
            }
        }
        return Optional.empty();
    }

    static BDict encode(KrpcQuery query) {
        BDict.Builder a = BDict.builder().put(Fields.ID, query.id().bytes());
        switch (query) {
            case Ping p -> {
            }
            case FindNode f -> {
                a.put(TARGET, f.target().bytes());
                f.want().ifPresent(w -> a.put(Fields.WANT, Fields.encodeWant(w)));
            }
            case GetPeers g -> {
                a.put(INFO_HASH, g.infoHash().bytes());
                g.want().ifPresent(w -> a.put(Fields.WANT, Fields.encodeWant(w)));
                putFlag(a, NOSEED, g.noSeed());
                putFlag(a, SCRAPE, g.scrape());
            }
            case AnnouncePeer ap -> {
                a.put(INFO_HASH, ap.infoHash().bytes()).put(PORT, ap.port()).put(TOKEN, ap.token().bytes());
                putFlag(a, IMPLIED_PORT, ap.impliedPort());
                putFlag(a, SEED, ap.seed());
            }
            case SampleInfohashes s -> {
                a.put(TARGET, s.target().bytes());
                s.want().ifPresent(w -> a.put(Fields.WANT, Fields.encodeWant(w)));
            }
            case UnknownQuery u -> {
                u.target().ifPresent(t -> a.put(TARGET, t.bytes()));
                u.want().ifPresent(w -> a.put(Fields.WANT, Fields.encodeWant(w)));
            }
        }
        return a.build();
    }

    /** Flags are written only when set: absent and 0 mean the same, and absent is shorter. */
    private static void putFlag(BDict.Builder a, String key, boolean set) {
        if (set) {
            a.put(key, 1);
        }
    }
}
