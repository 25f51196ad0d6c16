package io.lodestone.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The mutations {@link WireFuzzTest} applies to valid inputs: bit flips, interesting bytes and
 * big-endian integers (where length prefixes and indices sit), deletions, truncations, splices of
 * two inputs, repeats, inserted tokens and rewritten decimal numbers (bencode lengths, integers).
 */
public final class WireMutator {
    private static final int[] INTERESTING_INTS = {0, 1, 2, 3, 5, 9, 13, 0x7F, 0x80, 0xFF, 0x4000, 0x4009, 0x400A,
            FrameDecoder.DEFAULT_MAX_FRAME_LENGTH, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH + 1, 0x7FFF_FFFF, 0x8000_0000,
            0xFFFF_FFFF, -2};
    private static final byte[] INTERESTING_BYTES = {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, '0', '1', '9', '-',
            'i', 'e', 'd', 'l', ':', 0x14, 0x07, 0x05};

    private WireMutator() {
    }

    /** One input of {@code corpus}, changed one to three times and cut to {@code maxInput} bytes. */
    public static byte[] mutate(Random r, List<byte[]> corpus, List<byte[]> tokens, int maxInput) {
        byte[] s = corpus.get(r.nextInt(corpus.size()));
        // one change is usually enough to break strict bencode; more are rarer so much still decodes
        for (int rounds = r.nextInt(3) == 0 ? 2 + r.nextInt(2) : 1; rounds > 0; rounds--) {
            int at = r.nextInt(s.length + 1);
            s = switch (r.nextInt(tokens.isEmpty() ? 8 : 10)) {
                case 0 -> at < s.length ? with(s, at, (byte) (s[at] ^ (1 << r.nextInt(8)))) : s;
                case 1 -> at < s.length ? with(s, at, INTERESTING_BYTES[r.nextInt(INTERESTING_BYTES.length)]) : s;
                case 2 -> at < s.length ? with(s, at, (byte) r.nextInt(256)) : s;
                case 3 -> cut(s, at, Math.min(s.length, at + 1 + r.nextInt(8)));
                case 4 -> Arrays.copyOf(s, at);
                case 5 -> {
                    // a big-endian int where a length prefix or an index may be
                    byte[] v = ByteBuffer.allocate(4).putInt(INTERESTING_INTS[r.nextInt(INTERESTING_INTS.length)]).array();
                    yield at + 4 <= s.length ? overwrite(s, at, v) : insert(s, at, v);
                }
                case 6 -> {
                    // splice: the head of this input, the tail of another
                    byte[] other = corpus.get(r.nextInt(corpus.size()));
                    yield WireFixtures.concat(Arrays.copyOf(s, at), Arrays.copyOfRange(other, r.nextInt(other.length + 1), other.length));
                }
                case 7 -> {
                    int end = Math.min(s.length, at + r.nextInt(40));
                    yield insert(s, end, Arrays.copyOfRange(s, at, end));
                }
                case 8 -> insert(s, at, tokens.get(r.nextInt(tokens.size())));
                default -> digits(r, s, at);
            };
        }
        return s.length > maxInput ? Arrays.copyOf(s, maxInput) : s;
    }

    /** Replaces the run of digits at or after {@code at} with another number: lengths and integers. */
    private static byte[] digits(Random r, byte[] s, int at) {
        int start = at;
        while (start < s.length && (s[start] < '0' || s[start] > '9')) {
            start++;
        }
        int end = start;
        while (end < s.length && s[end] >= '0' && s[end] <= '9') {
            end++;
        }
        String n = switch (r.nextInt(4)) {
            case 0 -> Integer.toString(r.nextInt(10));
            case 1 -> Integer.toString(r.nextInt(100_000));
            case 2 -> Long.toString(r.nextLong() & Long.MAX_VALUE);
            default -> "0" + r.nextInt(10);
        };
        return WireFixtures.concat(Arrays.copyOf(s, start), n.getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(s, end, s.length));
    }

    private static byte[] with(byte[] s, int at, byte b) {
        byte[] c = s.clone();
        c[at] = b;
        return c;
    }

    private static byte[] cut(byte[] s, int from, int to) {
        return WireFixtures.concat(Arrays.copyOf(s, from), Arrays.copyOfRange(s, to, s.length));
    }

    private static byte[] insert(byte[] s, int at, byte[] v) {
        return WireFixtures.concat(Arrays.copyOf(s, at), v, Arrays.copyOfRange(s, at, s.length));
    }

    private static byte[] overwrite(byte[] s, int at, byte[] v) {
        byte[] c = s.clone();
        System.arraycopy(v, 0, c, at, v.length);
        return c;
    }
}
