package io.lodestone.dht.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeDecoder;
import io.lodestone.bencode.BencodeEncoder;
import io.lodestone.dht.krpc.AnnouncePeer;
import io.lodestone.dht.krpc.AnnouncePeerResponse;
import io.lodestone.dht.krpc.ClientVersion;
import io.lodestone.dht.krpc.ErrorMessage;
import io.lodestone.dht.krpc.FindNode;
import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.GetPeers;
import io.lodestone.dht.krpc.GetPeersResponse;
import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcCodec;
import io.lodestone.dht.krpc.KrpcError;
import io.lodestone.dht.krpc.KrpcFormatException;
import io.lodestone.dht.krpc.KrpcMessage;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.Ping;
import io.lodestone.dht.krpc.PingResponse;
import io.lodestone.dht.krpc.QueryMessage;
import io.lodestone.dht.krpc.ResponseMessage;
import io.lodestone.dht.krpc.SampleInfohashes;
import io.lodestone.dht.krpc.SampleInfohashesResponse;
import io.lodestone.dht.krpc.Tid;
import io.lodestone.dht.krpc.Token;
import io.lodestone.dht.krpc.UnknownQuery;
import io.lodestone.dht.krpc.Want;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A million mutated datagrams of every kind, from thousands of addresses, into one node that also
 * keeps queries of its own in flight, so mutated answers meet real transactions. Nothing may
 * escape {@code onDatagram}; every datagram the node sends must decode, every answer must go to
 * the datagram's sender and echo its address (BEP 42), at most one answer per datagram (no
 * amplification); the transaction table and the peer store stay within their bounds.
 */
class DhtNodeFuzzTest {

    private static final int INPUTS = 1_000_000;
    private static final long SEED = 0x5eed_d47L;
    private static final int PUBLIC_V4 = 3_000;
    private static final int PUBLIC_V6 = 300;
    /** Small bounds, so the fuzzer reaches them. */
    private static final int MAX_OUTSTANDING = 256;
    private static final int MAX_HASHES = 500;
    private static final int MAX_PEERS = 2_000;
    private final Random rnd = new Random(SEED);
    private final NodeFixture f = new NodeFixture(DhtConfig.defaults().toBuilder()
            .maxOutstandingQueries(MAX_OUTSTANDING)
            .peerStore(MAX_HASHES, 20, MAX_PEERS, Duration.ofMinutes(45))
            .build(), null);
    private final List<InetSocketAddress> sources = new ArrayList<>();
    private final List<BValue> queries = new ArrayList<>();
    private final List<BValue> answers = new ArrayList<>();
    private final List<byte[]> seeds = new ArrayList<>();
    /** Our recent queries: where they went and their transaction ids. */
    private final List<InetSocketAddress> pendingTo = new ArrayList<>();
    private final List<Tid> pendingTid = new ArrayList<>();
    private final BencodeDecoder decoder = BencodeDecoder.strict();
    private DatagramMutator mutator;
    /** Where the answer {@link #next} just made should come from, if it answers one of our queries. */
    private InetSocketAddress pendingSource;

    @Test
    void aMillionMutatedDatagramsNeverBreakTheNode() {
        buildSources();
        buildCorpus();
        long start = System.nanoTime();
        long answersSent = 0;
        long ownQueries = 0;
        for (int i = 0; i < INPUTS; i++) {
            if (i % 1_000 == 0) {
                f.clock.advance(Duration.ofMillis(100));
                f.sent.clear();
                f.node.tick();
                ownQueries += checkOwnQueries();
            }
            if (i % 40 == 0) {
                ownQueries += sendOwnQuery();
            }
            InetSocketAddress from = sources.get(rnd.nextInt(sources.size()));
            pendingSource = null;
            byte[] input = next(from);
            if (pendingSource != null && rnd.nextInt(10) != 0) {
                from = pendingSource; // most answers to our queries come from where the query went
            }
            f.sent.clear();
            f.node.onDatagram(from, input, 0, input.length);
            answersSent += checkAnswers(from, input);
            if (i % 10_000 == 0) {
                checkBounds();
            }
        }
        checkBounds();
        long millis = (System.nanoTime() - start) / 1_000_000;
        MetricsSnapshot m = f.metrics.snapshot();
        System.out.printf("node fuzz: %d datagrams in %d ms; %d answers sent (%d errors), %d own queries; "
                        + "queries in %s; %d malformed, %d answers matched, %d unmatched, %d timeouts, "
                        + "%d announces stored, %d dropped for their address; store %d hashes, tables %d/%d%n",
                INPUTS, millis, answersSent, m.errorsOut(), ownQueries, m.queriesIn(), m.malformed(), m.responsesIn(),
                m.unmatched(), m.timeouts(), m.announcesStored(), m.droppedAddress(), f.node.peerStore().count(),
                f.node.routingTable4().size(), f.node.routingTable6().size());
        assertThat(m.internalErrors()).isZero();
        // the fuzzer explored: every method answered, answers matched, announces stored, junk rejected
        for (long n : m.queriesIn().values()) {
            assertThat(n).isGreaterThan(5_000);
        }
        assertThat(m.responsesIn()).isGreaterThan(2_000);
        assertThat(m.errorsIn()).isGreaterThan(500);
        assertThat(m.announcesStored()).isGreaterThan(10_000);
        assertThat(m.malformed()).isGreaterThan(INPUTS / 10);
        assertThat(m.errorsOut()).isGreaterThan(10_000);
        assertThat(m.timeouts()).isPositive();
        assertThat(f.node.peerStore().count()).isEqualTo(MAX_HASHES); // eviction ran
    }

    private void checkBounds() {
        assertThat(f.node.outstandingQueries()).isLessThanOrEqualTo(MAX_OUTSTANDING);
        assertThat(f.node.peerStore().count()).isLessThanOrEqualTo(MAX_HASHES);
        assertThat(f.node.peerStore().peerCount()).isLessThanOrEqualTo(MAX_PEERS);
        assertThat(f.node.routingTable4().candidateCount()).isLessThanOrEqualTo(
                f.node.config().routingConfig().maxCandidates());
    }

    /** The node answered {@code input} from {@code from} with at most one valid answer, to the sender. */
    private int checkAnswers(InetSocketAddress from, byte[] input) {
        if (f.sent.size() > 1) {
            throw new AssertionError("amplification: " + f.sent.size() + " datagrams for " + hex(input));
        }
        for (NodeFixture.Sent s : f.sent) {
            KrpcMessage m = decodeOrFail(s.datagram(), input);
            Optional<InetSocketAddress> ip = switch (m) {
                case ResponseMessage r -> r.ip();
                case ErrorMessage e -> e.ip();
                case QueryMessage q -> throw new AssertionError("a query in answer to " + hex(input));
            };
            if (!s.to().equals(from) || !ip.equals(Optional.of(Ips.normalize(from)))) {
                throw new AssertionError("answer to the wrong place for " + hex(input) + ": " + m);
            }
        }
        return f.sent.size();
    }

    private int checkOwnQueries() {
        for (NodeFixture.Sent s : f.sent) {
            if (!(decodeOrFail(s.datagram(), new byte[0]) instanceof QueryMessage q) || !q.query().id().equals(f.node.id())) {
                throw new AssertionError("the node sent something odd on its own: " + hex(s.datagram()));
            }
        }
        return f.sent.size();
    }

    private static KrpcMessage decodeOrFail(byte[] datagram, byte[] input) {
        try {
            return KrpcCodec.decode(datagram);
        } catch (KrpcFormatException e) {
            throw new AssertionError("sent an invalid datagram " + hex(datagram) + " for " + hex(input), e);
        }
    }

    /** One of our own queries to a random source; its tid is kept for forged and real answers. */
    private int sendOwnQuery() {
        InetSocketAddress to = sources.get(rnd.nextInt(sources.size()));
        NodeId target = NodeId.random(rnd);
        KnownQuery q = switch (rnd.nextInt(5)) {
            case 0 -> f.node.ping();
            case 1 -> f.node.findNode(target, Want.BOTH);
            case 2 -> f.node.getPeers(InfoHash.v1(target.bytes()));
            case 3 -> f.node.sampleInfohashes(target);
            default -> f.node.announcePeer(InfoHash.v1(target.bytes()), 6881, false, Token.of(new byte[] {1, 2}), true);
        };
        f.sent.clear();
        f.node.query(to, q);
        int n = checkOwnQueries();
        if (n == 1) {
            pendingTo.add(to);
            pendingTid.add(((QueryMessage) KrpcCodec.decode(f.sent.get(0).datagram())).tid());
            if (pendingTo.size() > MAX_OUTSTANDING) {
                pendingTo.remove(0);
                pendingTid.remove(0);
            }
        }
        return n;
    }

    // ---- inputs

    private void buildSources() {
        for (int i = 0; i < PUBLIC_V4; i++) {
            sources.add(new InetSocketAddress(NodeFixture.ip(i * 37), 1024 + rnd.nextInt(60_000)));
        }
        for (int i = 0; i < PUBLIC_V6; i++) {
            sources.add(NodeFixture.addr("2001:db8:" + Integer.toHexString(i) + "::" + Integer.toHexString(i + 1),
                    6881));
        }
        // addresses a public node ignores
        for (String s : List.of("10.0.0.1", "127.0.0.1", "192.168.1.1", "0.0.0.0", "224.0.0.1", "fe80::1", "::1")) {
            sources.add(NodeFixture.addr(s, 6881));
        }
        sources.add(InetSocketAddress.createUnresolved("example.invalid", 6881));
    }

    private void buildCorpus() {
        NodeId id = NodeId.random(rnd);
        NodeId other = NodeId.random(rnd);
        InfoHash ih = InfoHash.v1(NodeId.random(rnd).bytes());
        Token token = Token.of(new byte[] {9, 8, 7, 6, 5, 4, 3, 2});
        Optional<ClientVersion> v = Optional.of(ClientVersion.of(new byte[] {'L', 'T', 2, 0}));
        Tid t = Tid.ofShort(0x1234);
        List<NodeInfo> nodes = List.of(new NodeInfo(NodeId.random(rnd), NodeFixture.addr(50)),
                new NodeInfo(NodeId.random(rnd), NodeFixture.addr(51)));
        List<NodeInfo> nodes6 = List.of(new NodeInfo(NodeId.random(rnd), NodeFixture.addr("2001:db8::77", 6881)));
        List<KrpcMessage> qs = List.of(
                QueryMessage.of(t, new Ping(id)),
                new QueryMessage(t, v, true, new FindNode(id, other, Optional.of(Want.BOTH))),
                QueryMessage.of(t, new FindNode(id, other)),
                new QueryMessage(t, v, false, new GetPeers(id, ih, Optional.of(Want.N6), true, true)),
                QueryMessage.of(t, new GetPeers(id, ih)),
                QueryMessage.of(t, new AnnouncePeer(id, ih, 0, true, token, true)),
                QueryMessage.of(t, new AnnouncePeer(id, ih, 6881, token)),
                QueryMessage.of(t, new SampleInfohashes(id, other, Optional.of(Want.N4))),
                QueryMessage.of(t, new UnknownQuery("get", id, Optional.of(other), Optional.empty())),
                QueryMessage.of(t, new UnknownQuery("vote", id, Optional.empty(), Optional.empty())));
        List<KrpcResponse> rs = List.of(new PingResponse(other), new AnnouncePeerResponse(other),
                new FindNodeResponse(other, nodes, nodes6),
                new GetPeersResponse(other, Optional.of(token), List.of(NodeFixture.addr(60), NodeFixture.addr(61)),
                        nodes, List.of()),
                new GetPeersResponse(other, Optional.empty(), List.of(), nodes, nodes6),
                new SampleInfohashesResponse(other, 3600, 1234, List.of(ih, InfoHash.v1(id.bytes())), nodes, nodes6));
        for (KrpcMessage m : qs) {
            queries.add(decoder.decode(KrpcCodec.encode(m)));
        }
        for (KrpcResponse r : rs) {
            answers.add(decoder.decode(KrpcCodec.encode(ResponseMessage.of(t, v,
                    Optional.of(NodeFixture.addr("198.51.100.1", 6881)), r))));
        }
        answers.add(decoder.decode(KrpcCodec.encode(new ErrorMessage(t, v, Optional.empty(), KrpcError.protocol("x")))));
        answers.add(decoder.decode(KrpcCodec.encode(ErrorMessage.of(t, KrpcError.generic("A Generic Error")))));
        queries.forEach(q -> seeds.add(BencodeEncoder.encode(q)));
        answers.forEach(a -> seeds.add(BencodeEncoder.encode(a)));
        List<BValue> all = new ArrayList<>(queries);
        all.addAll(answers);
        mutator = new DatagramMutator(rnd, all, seeds);
    }

    /** The next input from {@code from}: a mutated seed, often aimed at a real transaction or token. */
    private byte[] next(InetSocketAddress from) {
        int kind = rnd.nextInt(10);
        if (kind < 2 && !pendingTo.isEmpty()) {
            return answerToOwnQuery();
        }
        if (kind < 3) {
            return validTokenAnnounce(from);
        }
        if (kind < 4) {
            return BencodeEncoder.encode(pick(queries)); // the happy path, from thousands of sources
        }
        if (kind < 8) {
            BValue tree = rnd.nextBoolean() ? pick(queries) : pick(answers);
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                tree = mutator.mutateTree(tree, 0);
            }
            return BencodeEncoder.encode(tree);
        }
        byte[] b = seeds.get(rnd.nextInt(seeds.size()));
        for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
            b = mutator.mutateBytes(b);
        }
        return b;
    }

    /** An answer or error with the tid of one of our queries; usually from where it went. */
    private byte[] answerToOwnQuery() {
        int p = rnd.nextInt(pendingTo.size());
        BDict d = (BDict) pick(answers);
        TreeMap<BString, BValue> map = new TreeMap<>(d.entries());
        map.put(BString.of("t"), BString.of(pendingTid.get(p).bytes()));
        if (map.get(BString.of("r")) instanceof BDict r) { // a responder of its own, so the tables fill
            TreeMap<BString, BValue> body = new TreeMap<>(r.entries());
            body.put(BString.of("id"), BString.of(NodeId.random(rnd).bytes()));
            map.put(BString.of("r"), BDict.builder().putAll(body).build());
        }
        BValue tree = BDict.builder().putAll(map).build();
        if (rnd.nextInt(3) == 0) {
            tree = mutator.mutateTree(tree, 0);
        }
        pendingSource = pendingTo.get(p);
        return BencodeEncoder.encode(tree);
    }

    private byte[] validTokenAnnounce(InetSocketAddress from) {
        if (!Ips.isEndpoint(from)) {
            return seeds.get(0);
        }
        Token token = f.node.tokens().token(from.getAddress());
        AnnouncePeer a = new AnnouncePeer(NodeId.random(rnd), InfoHash.v1(NodeId.random(rnd).bytes()),
                rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(65535), true, token, rnd.nextBoolean());
        BValue tree = decoder.decode(KrpcCodec.encode(QueryMessage.of(Tid.ofShort(rnd.nextInt(65536)), a)));
        if (rnd.nextInt(4) == 0) {
            tree = mutator.mutateTree(tree, 0);
        }
        return BencodeEncoder.encode(tree);
    }

    private BValue pick(List<BValue> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
