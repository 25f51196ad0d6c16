package io.lodestone.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import io.lodestone.fuzz.ByteMutator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the decoder. Every input must either decode or fail with a
 * {@link BencodeException}; whatever decodes must re-encode to exactly the input, because a strict
 * decoder accepts only canonical bencode.
 */
class BencodeFuzzTest {

    private static final long[] SEEDS = {1L, 0x5eedL, 20240601L, 0xdeadbeefL};
    private static final int INPUTS_PER_SEED = 110_000;
    private static final int MAX_MUTATIONS = 4;
    /** Bytes that change bencode structure most when dropped in anywhere. */
    private static final byte[] INTERESTING = "ield:0-9123e".getBytes(StandardCharsets.US_ASCII);

    private static final List<byte[]> CORPUS = List.of(
            ascii("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe"),
            ascii("d1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re"),
            ascii("d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee"),
            ascii("d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz123456e1:q9:get_peers1:t2:aa1:y1:qe"),
            ascii("d1:rd2:id20:abcdefghij01234567895:nodes26:0123456789abcdefghij\1\2\3\4\u001a\u00e15:token8:aoeusnth"
                    + "6:valuesl6:axje.u6:idhtnmee1:t2:aa1:v4:LT\1\2" + "1:y1:re"),
            ascii("d8:announce23:udp://tracker.test:13377:comment4:test4:infod5:filesld6:lengthi1024e4:pathl"
                    + "3:dir5:a.binee" + "d6:lengthi-1e4:pathl5:b.bineee4:name4:demo12:piece lengthi16384e"
                    + "6:pieces20:AAAAAAAAAAAAAAAAAAAAee"),
            ascii("llli1ei-2ei0eeel0:1:xedee"),
            ascii("li9223372036854775807ei-9223372036854775808e0:e"),
            ascii("lllllllllleeeeeeeeel4:spamee"),
            ascii("i-42e"),
            ascii("10:0123456789"));
    private static final ByteMutator MUTATOR = new ByteMutator(INTERESTING, CORPUS, 3, 16);

    @Test
    void mutatedInputsDecodeCanonicallyOrFailCleanly() {
        BencodeDecoder strict = BencodeDecoder.strict();
        // tight limits so mutations reach the depth and item checks too
        BencodeDecoder tight = new BencodeDecoder(new BencodeLimits(4, 40, 512));
        for (byte[] c : CORPUS) {
            assertThat(BencodeEncoder.encode(strict.decode(c))).isEqualTo(c); // corpus itself is valid
        }
        Stats stats = new Stats();
        long start = System.nanoTime();
        for (long seed : SEEDS) {
            Random rnd = new Random(seed);
            for (int i = 0; i < INPUTS_PER_SEED; i++) {
                byte[] input = mutate(rnd);
                check(strict, input, stats);
                if ((i & 7) == 0) {
                    check(tight, input, stats);
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("bencode fuzz: %d inputs, %d decoded, %d rejected, %d ms%n",
                stats.inputs, stats.decoded, stats.rejected, millis);
        assertThat(stats.inputs).isGreaterThanOrEqualTo(400_000);
        // the fuzzer must reach both outcomes, or it is not exploring anything
        assertThat(stats.decoded).isGreaterThan(stats.inputs / 100);
        assertThat(stats.rejected).isGreaterThan(stats.inputs / 10);
    }

    @Test
    void decodePrefixAtRandomOffsetsFailsCleanly() {
        BencodeDecoder strict = BencodeDecoder.strict();
        Random rnd = new Random(7);
        int decoded = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] input = mutate(rnd);
            int offset = rnd.nextInt(input.length + 3) - 1; // includes -1 and past the end
            try {
                BencodeDecoder.Decoded d = strict.decodePrefix(input, offset);
                assertThat(d.end()).isBetween(offset + 1, input.length);
                assertThat(BencodeEncoder.encode(d.value()))
                        .isEqualTo(Arrays.copyOfRange(input, offset, d.end()));
                decoded++;
            } catch (BencodeException expected) {
                // fine
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                fail("decodePrefix(%s, %d) threw %s", HexFormat.of().formatHex(input), offset, e);
            }
        }
        assertThat(decoded).isPositive();
    }

    private static void check(BencodeDecoder decoder, byte[] input, Stats stats) {
        stats.inputs++;
        BValue v;
        try {
            v = decoder.decode(input);
        } catch (BencodeException expected) {
            stats.rejected++;
            return;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError("input " + HexFormat.of().formatHex(input) + " threw " + e, e);
        }
        stats.decoded++;
        byte[] again = BencodeEncoder.encode(v);
        if (!Arrays.equals(again, input)) {
            fail("decoded but not canonical: %s re-encodes to %s",
                    HexFormat.of().formatHex(input), HexFormat.of().formatHex(again));
        }
    }

    private static byte[] mutate(Random rnd) {
        byte[] b = CORPUS.get(rnd.nextInt(CORPUS.size()));
        int n = 1 + rnd.nextInt(MAX_MUTATIONS);
        for (int k = 0; k < n; k++) {
            b = MUTATOR.mutate(b, rnd);
        }
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final class Stats {
        long inputs;
        long decoded;
        long rejected;
    }
}
