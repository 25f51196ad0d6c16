package io.lodestone.dht.node;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded mutations of KRPC datagrams, as in the codec's fuzz test: on the bencode tree (wrong keys,
 * types and edge-sized values, grafts from other messages) and on the bytes (flips, structural
 * bytes, inserts, deletes, truncations, splices).
 */
final class DatagramMutator {

    private static final String[] KEYS = {"t", "y", "q", "a", "r", "e", "v", "ip", "ro", "id", "target", "info_hash",
        "want", "nodes", "nodes6", "values", "token", "port", "implied_port", "seed", "noseed", "scrape",
        "interval", "num", "samples", "zz"};
    private static final String[] WORDS = {"q", "r", "e", "ping", "find_node", "get_peers", "announce_peer",
        "sample_infohashes", "get", "n4", "n6"};
    private static final long[] INTS = {0, 1, -1, 2, 6881, 65535, 65536, 21600, 21601, 203, 204,
        Integer.MAX_VALUE + 1L, Long.MIN_VALUE};
    private static final int[] LENGTHS = {0, 1, 2, 6, 8, 16, 17, 18, 19, 20, 21, 26, 38, 40, 52, 64, 65, 300};
    private static final byte[] INTERESTING = "ield:0123456789-".getBytes(StandardCharsets.US_ASCII);

    private final Random rnd;
    private final List<BValue> trees;
    private final List<byte[]> seeds;

    DatagramMutator(Random rnd, List<BValue> trees, List<byte[]> seeds) {
        this.rnd = rnd;
        this.trees = List.copyOf(trees);
        this.seeds = List.copyOf(seeds);
    }

    BValue mutateTree(BValue v, int depth) {
        switch (v) {
            case BDict d when !d.entries().isEmpty() && rnd.nextInt(4) != 0 -> {
                TreeMap<BString, BValue> map = new TreeMap<>(d.entries());
                BString key = new ArrayList<>(map.keySet()).get(rnd.nextInt(map.size()));
                switch (rnd.nextInt(6)) {
                    case 0 -> map.remove(key);
                    case 1 -> map.put(BString.of(KEYS[rnd.nextInt(KEYS.length)]), randomValue());
                    default -> map.put(key, mutateTree(map.get(key), depth + 1));
                }
                return BDict.builder().putAll(map).build();
            }
            case BList l when l.size() > 0 && rnd.nextInt(4) != 0 -> {
                List<BValue> items = new ArrayList<>(l.items());
                int i = rnd.nextInt(items.size());
                switch (rnd.nextInt(4)) {
                    case 0 -> items.remove(i);
                    case 1 -> items.add(i, randomValue());
                    default -> items.set(i, mutateTree(items.get(i), depth + 1));
                }
                return BList.of(items);
            }
            case BString s when rnd.nextBoolean() -> {
                return resized(s);
            }
            case BInt i when rnd.nextBoolean() -> {
                return BInt.of(INTS[rnd.nextInt(INTS.length)]);
            }
            default -> {
                return randomValue();
            }
        }
    }

    private BValue randomValue() {
        return switch (rnd.nextInt(6)) {
            case 0 -> BInt.of(INTS[rnd.nextInt(INTS.length)]);
            case 1 -> BString.of(WORDS[rnd.nextInt(WORDS.length)]);
            case 2 -> resized(BString.of(""));
            case 3 -> BList.of(BString.of(WORDS[rnd.nextInt(WORDS.length)]));
            case 4 -> BDict.empty();
            default -> trees.get(rnd.nextInt(trees.size())) instanceof BDict d
                    ? new ArrayList<>(d.entries().values()).get(rnd.nextInt(d.size())) : BDict.empty();
        };
    }

    private BString resized(BString s) {
        int len = LENGTHS[rnd.nextInt(LENGTHS.length)];
        byte[] out = new byte[len];
        byte[] src = s.bytes();
        if (src.length > 0 && rnd.nextBoolean()) {
            for (int i = 0; i < len; i++) {
                out[i] = src[i % src.length];
            }
        } else {
            rnd.nextBytes(out);
        }
        return BString.of(out);
    }

    byte[] mutateBytes(byte[] b) {
        if (b.length == 0) {
            return new byte[] {INTERESTING[rnd.nextInt(INTERESTING.length)]};
        }
        int at = rnd.nextInt(b.length);
        return switch (rnd.nextInt(6)) {
            case 0 -> {
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << rnd.nextInt(8));
                yield c;
            }
            case 1 -> {
                byte[] c = b.clone();
                c[at] = INTERESTING[rnd.nextInt(INTERESTING.length)];
                yield c;
            }
            case 2 -> {
                byte[] c = new byte[b.length + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = (byte) rnd.nextInt(256);
                System.arraycopy(b, at, c, at + 1, b.length - at);
                yield c;
            }
            case 3 -> {
                int len = Math.min(1 + rnd.nextInt(4), b.length - at);
                byte[] c = new byte[b.length - len];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + len, c, at, b.length - at - len);
                yield c;
            }
            case 4 -> Arrays.copyOf(b, at);
            default -> {
                byte[] other = seeds.get(rnd.nextInt(seeds.size()));
                int from = rnd.nextInt(other.length);
                byte[] c = Arrays.copyOf(b, at + other.length - from);
                System.arraycopy(other, from, c, at, other.length - from);
                yield c;
            }
        };
    }

}
