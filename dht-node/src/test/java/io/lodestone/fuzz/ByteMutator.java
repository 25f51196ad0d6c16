package io.lodestone.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Byte-level mutations for the seeded fuzz tests of bencoded formats: bit flips, structural bytes,
 * inserts, short deletes, truncation, duplicated slices, splices with another corpus entry, and
 * digit changes (which shift lengths and integers a little). One random stream in, so a seed
 * always gives the same inputs.
 */
public final class ByteMutator {
    private final byte[] interesting;
    private final List<byte[]> corpus;
    private final int maxDelete;
    private final int maxDuplicate;

    /**
     * @param interesting  bytes worth planting (a format's structural characters)
     * @param corpus       valid inputs to splice tails from
     * @param maxDelete    longest run one delete removes
     * @param maxDuplicate longest slice one duplication repeats
     */
    public ByteMutator(byte[] interesting, List<byte[]> corpus, int maxDelete, int maxDuplicate) {
        this.interesting = interesting.clone();
        this.corpus = List.copyOf(corpus);
        this.maxDelete = maxDelete;
        this.maxDuplicate = maxDuplicate;
    }

    /** One mutation of {@code b} (never changed in place). */
    public byte[] mutate(byte[] b, Random rnd) {
        if (b.length == 0) {
            return new byte[] {interesting(rnd)};
        }
        int at = rnd.nextInt(b.length);
        return switch (rnd.nextInt(8)) {
            case 0 -> { // bit flip
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << rnd.nextInt(8));
                yield c;
            }
            case 1 -> { // a structural byte
                byte[] c = b.clone();
                c[at] = interesting(rnd);
                yield c;
            }
            case 2 -> { // insert
                byte[] c = new byte[b.length + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = rnd.nextBoolean() ? interesting(rnd) : (byte) rnd.nextInt(256);
                System.arraycopy(b, at, c, at + 1, b.length - at);
                yield c;
            }
            case 3 -> { // delete a short run
                int len = Math.min(1 + rnd.nextInt(maxDelete), b.length - at);
                byte[] c = new byte[b.length - len];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + len, c, at, b.length - at - len);
                yield c;
            }
            case 4 -> Arrays.copyOf(b, at); // truncate
            case 5 -> { // duplicate a slice in place
                int len = 1 + rnd.nextInt(Math.min(maxDuplicate, b.length - at));
                byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, at + len);
                System.arraycopy(b, at, c, at + len, b.length - at);
                yield c;
            }
            case 6 -> { // splice: head of this one, tail of another corpus entry
                byte[] other = corpus.get(rnd.nextInt(corpus.size()));
                int from = rnd.nextInt(other.length);
                byte[] c = Arrays.copyOf(b, at + other.length - from);
                System.arraycopy(other, from, c, at, other.length - from);
                yield c;
            }
            default -> { // a digit
                byte[] c = b.clone();
                c[at] = (byte) ('0' + rnd.nextInt(10));
                yield c;
            }
        };
    }

    private byte interesting(Random rnd) {
        return interesting[rnd.nextInt(interesting.length)];
    }
}
