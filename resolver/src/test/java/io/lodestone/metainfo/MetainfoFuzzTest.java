package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeDecoder;
import io.lodestone.bencode.BencodeEncoder;
import io.lodestone.metainfo.MetainfoFixtures.Builder;
import io.lodestone.metainfo.MetainfoFixtures.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.lodestone.metainfo.MetainfoFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutation fuzzing: whatever the bytes, the parser answers with a Metainfo or a one-line
 * MetainfoException, never anything else. Byte-level mutations exercise the bencode layer;
 * mutations of the decoded tree, re-encoded canonically, get past it into the metainfo rules.
 * Each input has its own seed (BASE_SEED + index), so a failure names what reproduces it.
 */
class MetainfoFuzzTest {

    private static final long BASE_SEED = 0x10DE_5703EL;
    private static final int RAW_INPUTS = 100_000;
    private static final int STRUCTURED_INPUTS = 220_000;

    private static final String[] KEYS = {
        "info", "name", "name.utf-8", "piece length", "pieces", "length", "files", "path", "path.utf-8", "attr",
        "private", "meta version", "file tree", "", "pieces root", "piece layers", "announce", "announce-list",
        "url-list", "comment", "created by", "creation date",
    };
    private static final long[] INTS = {
        0, 1, -1, 2, 20, 32, 16383, 16384, 16385, 32768, 1 << 20, Integer.MAX_VALUE, 1L << 31, 1L << 32,
        MetainfoLimits.MAX_PIECE_LENGTH, MetainfoLimits.MAX_PIECE_LENGTH + 1, MetainfoLimits.MAX_TOTAL_SIZE,
        MetainfoLimits.MAX_TOTAL_SIZE + 1, Long.MAX_VALUE, Long.MIN_VALUE + 1, -16384,
    };
    private static final String[] STRINGS = {
        "", ".", "..", "/", "a/b", "\\", "C:", "c:x", "\0", "\n", "\u202e", "x".repeat(300), ".pad", "p", "px", "a", "A",
    };

    private final List<byte[]> torrents = new ArrayList<>();
    private final List<byte[]> infos = new ArrayList<>();
    private final Set<String> reasons = new HashSet<>();
    private int accepted;
    private int rejected;

    private void corpus() {
        int p = 16384;
        List<Builder> builders = List.of(
                new Builder(Kind.V1).name("single").pieceLength(p).single(bytes(1, 40_000)).announce("http://t.example/a"),
                new Builder(Kind.V1).name("multi").pieceLength(p).file("a/b.txt", bytes(2, 20_000)).file("c", bytes(3, 7))
                        .file("empty", new byte[0]).announceList(List.of(List.of("udp://a.example:1", "udp://b.example:2"))),
                new Builder(Kind.V1).name("priv").pieceLength(20_000).file("x", bytes(4, 30_000)).privateFlag(),
                new Builder(Kind.V2).name("v2single").pieceLength(p).single(bytes(5, 70_000)),
                new Builder(Kind.V2).name("v2multi").pieceLength(p).file("d/e/f", bytes(6, 3 * p + 1)).file("d/g", bytes(7, 10))
                        .file("empty", new byte[0]).file("ü/日本", bytes(8, 2 * p)),
                new Builder(Kind.V2).name("v2nolayers").pieceLength(2 * p).file("a", bytes(9, 5 * p)).noPieceLayers(),
                new Builder(Kind.HYBRID).name("hybrid").pieceLength(p).file("a", bytes(10, p + 5)).file("b", bytes(11, 3))
                        .file("c", bytes(12, 2 * p)),
                new Builder(Kind.HYBRID).name("hybridtail").pieceLength(p).file("a", bytes(13, 100)).file("b", bytes(14, 100))
                        .trailingPad().privateFlag(),
                new Builder(Kind.HYBRID).name("hs").pieceLength(p).single(bytes(15, 3 * p)));
        for (Builder b : builders) {
            byte[] t = b.build();
            MetainfoParser.parseTorrent(t); // the corpus itself must be valid
            torrents.add(t);
            infos.add(b.infoBytes());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void onlyMetainfoExceptionEscapes() {
        corpus();
        long start = System.nanoTime();
        int n = 0;
        for (int i = 0; i < RAW_INPUTS; i++, n++) {
            Random r = new Random(BASE_SEED + n);
            boolean info = r.nextInt(4) == 0;
            List<byte[]> pool = info ? infos : torrents;
            byte[] input = rawMutation(pool.get(r.nextInt(pool.size())), pool, r);
            run(input, info, BASE_SEED + n);
        }
        int acceptedRaw = accepted;
        for (int i = 0; i < STRUCTURED_INPUTS; i++, n++) {
            Random r = new Random(BASE_SEED + n);
            BValue tree = BencodeDecoder.strict().decode(torrents.get(r.nextInt(torrents.size())));
            int mutations = 1 + r.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                tree = mutate(tree, r, 0);
            }
            byte[] input = BencodeEncoder.encode(tree);
            run(input, false, BASE_SEED + n);
            if (tree instanceof BDict d && d.get("info") != null) {
                run(BencodeEncoder.encode(d.get("info")), true, BASE_SEED + n);
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("metainfo fuzz: %d inputs (%d raw, %d structured + their info dicts), %d parses accepted"
                        + " (%d from raw), %d rejected, %d distinct reasons, %d ms%n",
                n, RAW_INPUTS, STRUCTURED_INPUTS, accepted, acceptedRaw, rejected, reasons.size(), millis);

        assertThat(n).isGreaterThanOrEqualTo(300_000);
        // the structured mutations must reach the metainfo rules, not just the bencode decoder
        assertThat(accepted - acceptedRaw).isGreaterThan(1_000);
        assertThat(reasons).hasSizeGreaterThan(60);
    }

    private void run(byte[] input, boolean info, long seed) {
        try {
            Metainfo m = info ? MetainfoParser.parseInfo(input) : MetainfoParser.parseTorrent(input);
            accepted++;
            // whatever is accepted must be usable without surprises
            TorrentSummary s = m.summary();
            assertThat(s.infoHash()).hasSize(40);
            assertThat(m.dhtInfoHash()).isNotNull();
            assertThat(m.totalSize()).isBetween(0L, MetainfoLimits.MAX_TOTAL_SIZE);
            assertThat(m.pieceCount()).isBetween(1, MetainfoLimits.MAX_PIECES);
            assertThat(m.toString()).isNotEmpty();
            assertThat(m).isEqualTo(m).hasSameHashCodeAs(m);
            for (TorrentFile f : m.files()) {
                for (String c : f.path()) {
                    assertThat(SafePath.problem(c)).as("unsafe component accepted, seed %d", seed).isNull();
                }
            }
        } catch (MetainfoException e) {
            rejected++;
            String msg = e.getMessage();
            if (msg == null || msg.isEmpty() || msg.indexOf('\n') >= 0 || msg.indexOf('\r') >= 0) {
                throw new AssertionError("seed " + seed + ": not a one-line reason: " + msg);
            }
            reasons.add(msg.replaceAll("'[^']*'", "'_'").replaceAll("[0-9a-f]{64}", "H").replaceAll("[0-9]+", "#"));
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + " (info=" + info + "): " + t + " for input "
                    + Base64.getEncoder().encodeToString(input), t);
        }
    }

    // ---- byte-level mutations ------------------------------------------------------------

    private static final byte[] INTERESTING_BYTES = "dlie:0123456789-".getBytes(StandardCharsets.US_ASCII);

    private static byte[] rawMutation(byte[] base, List<byte[]> pool, Random r) {
        byte[] b = base.clone();
        int edits = 1 + r.nextInt(4);
        for (int k = 0; k < edits && b.length > 0; k++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = INTERESTING_BYTES[r.nextInt(INTERESTING_BYTES.length)];
                case 2 -> b = Arrays.copyOf(b, at); // truncate
                case 3 -> { // delete a range
                    int len = Math.min(b.length - at, 1 + r.nextInt(16));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, b.length - at - len);
                    b = out;
                }
                case 4 -> { // insert random bytes
                    byte[] ins = new byte[1 + r.nextInt(8)];
                    r.nextBytes(ins);
                    b = splice(b, at, ins);
                }
                case 5 -> { // duplicate a range
                    int len = Math.min(b.length - at, 1 + r.nextInt(32));
                    b = splice(b, at, Arrays.copyOfRange(b, at, at + len));
                }
                default -> { // head of this input, tail of another
                    byte[] other = pool.get(r.nextInt(pool.size()));
                    int from = r.nextInt(other.length);
                    byte[] out = Arrays.copyOf(b, at + other.length - from);
                    System.arraycopy(other, from, out, at, other.length - from);
                    b = out;
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, byte[] ins) {
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        return out;
    }

    // ---- tree mutations ------------------------------------------------------------------

    /** Walks down a random path and changes one thing there; the rest of the tree is kept. */
    private static BValue mutate(BValue v, Random r, int depth) {
        boolean here = r.nextInt(4) == 0 || depth > 12;
        switch (v) {
            case BDict d -> {
                if (!here && d.size() > 0) {
                    List<BString> keys = new ArrayList<>(d.entries().keySet());
                    BString k = keys.get(r.nextInt(keys.size()));
                    return BDict.builder().putAll(d.entries()).put(k, mutate(d.entries().get(k), r, depth + 1)).build();
                }
                return mutateDict(d, r);
            }
            case BList l -> {
                if (!here && l.size() > 0) {
                    List<BValue> items = new ArrayList<>(l.items());
                    int i = r.nextInt(items.size());
                    items.set(i, mutate(items.get(i), r, depth + 1));
                    return BList.of(items);
                }
                return mutateList(l, r);
            }
            case BInt i -> {
                return r.nextInt(5) == 0 ? randomValue(r, 1) : mutateInt(i, r);
            }
            case BString s -> {
                return r.nextInt(5) == 0 ? randomValue(r, 1) : mutateString(s, r);
            }
        }
    }

    private static BValue mutateDict(BDict d, Random r) {
        List<BString> keys = new ArrayList<>(d.entries().keySet());
        Map<BString, BValue> entries = new java.util.TreeMap<>(d.entries());
        switch (r.nextInt(4)) {
            case 0 -> { // delete a key
                if (!keys.isEmpty()) {
                    entries.remove(keys.get(r.nextInt(keys.size())));
                }
            }
            case 1 -> entries.put(BString.of(KEYS[r.nextInt(KEYS.length)]), randomValue(r, 2)); // add or replace
            case 2 -> { // change a value's type
                if (!keys.isEmpty()) {
                    entries.put(keys.get(r.nextInt(keys.size())), randomValue(r, 2));
                }
            }
            default -> { // rename a key (a file tree entry, a path element...)
                if (!keys.isEmpty()) {
                    BString k = keys.get(r.nextInt(keys.size()));
                    BValue val = entries.remove(k);
                    entries.put(mutateString(k, r), val);
                }
            }
        }
        return BDict.builder().putAll(entries).build();
    }

    private static BValue mutateList(BList l, Random r) {
        List<BValue> items = new ArrayList<>(l.items());
        switch (r.nextInt(4)) {
            case 0 -> {
                if (!items.isEmpty()) {
                    items.remove(r.nextInt(items.size()));
                }
            }
            case 1 -> {
                if (!items.isEmpty()) {
                    items.add(r.nextInt(items.size() + 1), items.get(r.nextInt(items.size())));
                }
            }
            case 2 -> java.util.Collections.shuffle(items, r);
            default -> items.add(r.nextInt(items.size() + 1), randomValue(r, 2));
        }
        return BList.of(items);
    }

    private static BInt mutateInt(BInt i, Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> BInt.of(-i.value());
            case 1 -> BInt.of(i.value() + r.nextInt(5) - 2);
            case 2 -> BInt.of(i.value() * 2);
            default -> BInt.of(INTS[r.nextInt(INTS.length)]);
        };
    }

    private static BString mutateString(BString s, Random r) {
        byte[] b = s.bytes();
        return switch (r.nextInt(6)) {
            case 0 -> BString.of(STRINGS[r.nextInt(STRINGS.length)]);
            case 1 -> BString.of(Arrays.copyOf(b, Math.max(0, b.length - 1 - r.nextInt(3))));
            case 2 -> BString.of(Arrays.copyOf(b, b.length + 1 + r.nextInt(40)));
            case 3 -> {
                if (b.length > 0) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                yield BString.of(b);
            }
            case 4 -> BString.of(new byte[] {(byte) 0xff, (byte) 0xc0, (byte) 0xaf});
            default -> {
                byte[] rnd = new byte[r.nextBoolean() ? 32 : r.nextInt(64)];
                r.nextBytes(rnd);
                yield BString.of(rnd);
            }
        };
    }

    private static BValue randomValue(Random r, int depth) {
        int kind = depth <= 0 ? r.nextInt(2) : r.nextInt(4);
        return switch (kind) {
            case 0 -> BInt.of(INTS[r.nextInt(INTS.length)]);
            case 1 -> r.nextBoolean() ? BString.of(STRINGS[r.nextInt(STRINGS.length)]) : BString.of(new byte[r.nextInt(3) * 20]);
            case 2 -> {
                List<BValue> items = new ArrayList<>();
                for (int i = r.nextInt(3); i > 0; i--) {
                    items.add(randomValue(r, depth - 1));
                }
                yield BList.of(items);
            }
            default -> {
                BDict.Builder b = BDict.builder();
                for (int i = r.nextInt(3); i > 0; i--) {
                    b.put(KEYS[r.nextInt(KEYS.length)], randomValue(r, depth - 1));
                }
                yield b.build();
            }
        };
    }
}
