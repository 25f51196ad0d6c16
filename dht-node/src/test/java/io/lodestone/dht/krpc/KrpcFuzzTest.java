package io.lodestone.dht.krpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeDecoder;
import io.lodestone.bencode.BencodeEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.lodestone.fuzz.ByteMutator;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the codec over a corpus of valid messages of every kind. Every input
 * must decode or throw {@link KrpcFormatException}, nothing else; whatever decodes must re-encode
 * (within the datagram limit) and decode again to an equal message, and every typed reading of a
 * response must survive the same round trip.
 */
class KrpcFuzzTest {

    private static final long[] SEEDS = {1L, 0x5eedL, 20240601L, 0xdeadbeefL};
    private static final int MUTATIONS_PER_SEED = 250_000;
    private static final int MAX_STACKED = 3;
    /** Bytes that change bencode structure or lengths most when dropped in anywhere. */
    private static final byte[] INTERESTING = "ield:0123456789-".getBytes(StandardCharsets.US_ASCII);
    /** String lengths at the edges of every length rule the codec has. */
    private static final int[] LENGTHS = {0, 1, 2, 4, 5, 6, 7, 15, 16, 17, 18, 19, 20, 21, 25, 26, 27, 37, 38, 39,
        40, 52, 63, 64, 65, 76, 300, 1600};
    private static final long[] INTS = {0, 1, -1, 2, 6881, 65535, 65536, 21600, 21601, 201, 203, 204,
        Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final String[] KEYS = {"t", "y", "q", "a", "r", "e", "v", "ip", "ro", "id", "target", "info_hash",
        "want", "nodes", "nodes6", "values", "token", "port", "implied_port", "seed", "noseed", "scrape",
        "interval", "num", "samples", "p", "zz"};
    private static final String[] WORDS = {"q", "r", "e", "ping", "find_node", "get_peers", "announce_peer",
        "sample_infohashes", "get", "n4", "n6", "aa"};

    private static final List<byte[]> CORPUS = KrpcCorpus.datagrams();
    private static final ByteMutator MUTATOR = new ByteMutator(INTERESTING, CORPUS, 4, 32);
    private static final List<BValue> TREES = CORPUS.stream().map(b -> BencodeDecoder.strict().decode(b)).toList();

    @Test
    void mutatedDatagramsDecodeToRoundTrippingMessagesOrFailCleanly() {
        for (byte[] c : CORPUS) {
            KrpcMessage m = KrpcCodec.decode(c); // the corpus itself is valid
            assertThat(KrpcCodec.decode(KrpcCodec.encode(m))).isEqualTo(m);
        }
        Stats stats = new Stats();
        long start = System.nanoTime();
        for (long seed : SEEDS) {
            Random rnd = new Random(seed);
            for (int i = 0; i < MUTATIONS_PER_SEED; i++) {
                check(mutate(rnd), stats);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("krpc fuzz: %d datagrams, %d decoded, %d rejected, %d typed, %d typings rejected; %s; %d ms%n",
                stats.inputs, stats.decoded, stats.rejected, stats.typed, stats.typedRejected, stats.kinds, millis);
        assertThat(stats.inputs).isGreaterThanOrEqualTo(1_000_000);
        // the fuzzer must reach both outcomes and every kind of message, or it explores nothing
        assertThat(stats.decoded).isGreaterThan(stats.inputs / 20);
        assertThat(stats.rejected).isGreaterThan(stats.inputs / 5);
        assertThat(stats.typedRejected).isPositive();
        for (String kind : List.of("Ping", "FindNode", "GetPeers", "AnnouncePeer", "SampleInfohashes", "UnknownQuery",
                "ErrorMessage", "PingResponse", "FindNodeResponse", "GetPeersResponse", "AnnouncePeerResponse",
                "SampleInfohashesResponse")) {
            assertThat(stats.kinds.getOrDefault(kind, 0)).as(kind).isGreaterThan(1000);
        }
    }

    @Test
    void oversizedDatagramsAreDroppedUnread() {
        Random rnd = new Random(99);
        for (int i = 0; i < 2_000; i++) {
            byte[] c = CORPUS.get(rnd.nextInt(CORPUS.size()));
            int size = KrpcCodec.MAX_DATAGRAM_BYTES + 1 + rnd.nextInt(3 * KrpcCodec.MAX_DATAGRAM_BYTES);
            byte[] big = padded(c, size);
            assertThat(big).hasSize(size);
            KrpcFormatException e = expectRejected(big);
            assertThat(e.tid()).isEmpty();
        }
    }

    @Test
    void everyTruncationIsRejected() {
        int n = 0;
        for (byte[] c : CORPUS) {
            for (int len = 0; len < c.length; len++) {
                expectRejected(Arrays.copyOf(c, len));
                n++;
            }
        }
        assertThat(n).isGreaterThan(1000);
    }

    // --- checking ---

    private static void check(byte[] input, Stats stats) {
        stats.inputs++;
        KrpcMessage m;
        try {
            m = KrpcCodec.decode(input);
        } catch (KrpcFormatException expected) {
            stats.rejected++;
            if (expected.reason() == null || expected.reason().isBlank() || expected.reason().indexOf('\n') >= 0) {
                throw new AssertionError("bad reason for " + hex(input) + ": " + expected.reason());
            }
            return;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError("input " + hex(input) + " threw " + e, e);
        }
        stats.decoded++;
        try {
            byte[] again = KrpcCodec.encode(m);
            KrpcMessage m2 = KrpcCodec.decode(again);
            if (!m2.equals(m) || !Arrays.equals(KrpcCodec.encode(m2), again)) {
                throw new AssertionError("round trip changed " + hex(input) + ": " + m + " became " + m2);
            }
            switch (m) {
                case QueryMessage q -> stats.count(q.query().getClass().getSimpleName());
                case ErrorMessage e -> stats.count("ErrorMessage");
                case ResponseMessage r -> checkTyped(r, stats);
            }
        } catch (RuntimeException e) {
            throw new AssertionError("decoded " + hex(input) + " but then threw " + e, e);
        }
    }

    private static void checkTyped(ResponseMessage r, Stats stats) {
        for (QueryMethod method : QueryMethod.values()) {
            KrpcResponse typed;
            try {
                typed = r.typed(method);
            } catch (KrpcFormatException expected) {
                stats.typedRejected++;
                if (!expected.tid().equals(Optional.of(r.tid())) || expected.isQuery()) {
                    throw new AssertionError("typing lost the context: " + r);
                }
                continue;
            }
            stats.typed++;
            stats.count(typed.getClass().getSimpleName());
            ResponseMessage rebuilt = ResponseMessage.of(r.tid(), r.version(), r.ip(), typed);
            KrpcResponse again = ((ResponseMessage) KrpcCodec.decode(KrpcCodec.encode(rebuilt))).typed(method);
            if (!again.equals(typed)) {
                throw new AssertionError("typed round trip changed " + typed + " into " + again);
            }
        }
    }

    private static KrpcFormatException expectRejected(byte[] input) {
        try {
            KrpcMessage m = KrpcCodec.decode(input);
            throw new AssertionError("accepted " + hex(input) + " as " + m);
        } catch (KrpcFormatException expected) {
            return expected;
        }
    }

    // --- mutation ---

    private static byte[] mutate(Random rnd) {
        int pick = rnd.nextInt(CORPUS.size());
        byte[] b;
        if (rnd.nextInt(5) < 2) {
            // structured: well-formed bencode with the wrong keys, types and sizes
            BValue tree = TREES.get(pick);
            int n = 1 + rnd.nextInt(MAX_STACKED);
            for (int k = 0; k < n; k++) {
                tree = mutateTree(tree, rnd, 0);
            }
            b = BencodeEncoder.encode(tree);
            if (rnd.nextInt(8) != 0) {
                return b;
            }
        } else {
            b = CORPUS.get(pick);
        }
        int n = 1 + rnd.nextInt(MAX_STACKED);
        for (int k = 0; k < n; k++) {
            b = MUTATOR.mutate(b, rnd);
        }
        return b;
    }

    private static BValue mutateTree(BValue v, Random rnd, int depth) {
        switch (v) {
            case BDict d when !d.entries().isEmpty() && rnd.nextInt(4) != 0 -> {
                TreeMap<BString, BValue> map = new TreeMap<>(d.entries());
                BString key = new ArrayList<>(map.keySet()).get(rnd.nextInt(map.size()));
                switch (rnd.nextInt(6)) {
                    case 0 -> map.remove(key);
                    case 1 -> map.put(BString.of(KEYS[rnd.nextInt(KEYS.length)]), randomValue(rnd));
                    default -> map.put(key, mutateTree(map.get(key), rnd, depth + 1));
                }
                return BDict.builder().putAll(map).build();
            }
            case BList l when l.size() > 0 && rnd.nextInt(4) != 0 -> {
                List<BValue> items = new ArrayList<>(l.items());
                int i = rnd.nextInt(items.size());
                switch (rnd.nextInt(6)) {
                    case 0 -> items.remove(i);
                    case 1 -> items.add(i, randomValue(rnd));
                    default -> items.set(i, mutateTree(items.get(i), rnd, depth + 1));
                }
                return BList.of(items);
            }
            case BString s when rnd.nextBoolean() -> {
                return resized(s, rnd);
            }
            case BInt i when rnd.nextBoolean() -> {
                return BInt.of(INTS[rnd.nextInt(INTS.length)]);
            }
            default -> {
                return randomValue(rnd);
            }
        }
    }

    /** A value of any type: edge-sized strings and ints, protocol words, or a graft from the corpus. */
    private static BValue randomValue(Random rnd) {
        return switch (rnd.nextInt(7)) {
            case 0 -> BInt.of(INTS[rnd.nextInt(INTS.length)]);
            case 1 -> BString.of(WORDS[rnd.nextInt(WORDS.length)]);
            case 2 -> resized(BString.of(""), rnd);
            case 3 -> BList.of(BString.of(WORDS[rnd.nextInt(WORDS.length)]));
            case 4 -> BDict.empty();
            default -> graft(TREES.get(rnd.nextInt(TREES.size())), rnd);
        };
    }

    /** A random sub-value of {@code v}, often a whole {@code a} or {@code r} dict of another message. */
    private static BValue graft(BValue v, Random rnd) {
        while (rnd.nextInt(3) != 0) {
            if (v instanceof BDict d && !d.entries().isEmpty()) {
                v = new ArrayList<>(d.entries().values()).get(rnd.nextInt(d.size()));
            } else if (v instanceof BList l && l.size() > 0) {
                v = l.get(rnd.nextInt(l.size()));
            } else {
                break;
            }
        }
        return v;
    }

    /** The string at an edge length: its own bytes repeated, or random ones. */
    private static BString resized(BString s, Random rnd) {
        int len = LENGTHS[rnd.nextInt(LENGTHS.length)];
        byte[] out = new byte[len];
        byte[] src = s.bytes();
        if (src.length > 0 && rnd.nextBoolean()) {
            for (int i = 0; i < len; i++) {
                out[i] = src[i % src.length];
            }
        } else {
            rnd.nextBytes(out);
            if (rnd.nextBoolean() && len >= 2) {
                out[len - 1] = 0; // port 0 at the end of compact entries
                out[len - 2] = 0;
            }
        }
        return BString.of(out);
    }

    /** {@code c} with an unknown top-level key whose value fills it to exactly {@code size} bytes. */
    private static byte[] padded(byte[] c, int size) {
        TreeMap<BString, BValue> map = new TreeMap<>(((BDict) BencodeDecoder.strict().decode(c)).entries());
        for (int n = size - c.length; n > 0; n--) {
            map.put(BString.of("zz"), BString.of(new byte[n]));
            byte[] out = BencodeEncoder.encode(BDict.builder().putAll(map).build());
            if (out.length == size) {
                return out;
            }
        }
        throw new AssertionError("cannot pad to " + size);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static final class Stats {
        long inputs;
        long decoded;
        long rejected;
        long typed;
        long typedRejected;
        final Map<String, Integer> kinds = new TreeMap<>();

        void count(String kind) {
            kinds.merge(kind, 1, Integer::sum);
        }
    }
}
