package io.lodestone.dht.lookup;

import io.lodestone.types.NodeId;
import java.util.random.RandomGenerator;

/** Ids to look up: a random one inside a bucket, evenly spread ones across the key space. */
final class Ids {

    private Ids() {
    }

    /** A random id sharing exactly {@code bits} leading bits with {@code own} (0..159): inside bucket {@code bits}. */
    static NodeId sharing(NodeId own, int bits, RandomGenerator random) {
        if (bits < 0 || bits >= NodeId.BITS) {
            throw new IllegalArgumentException("an id shares 0..159 leading bits with another, not " + bits);
        }
        byte[] id = NodeId.random(random).bytes();
        byte[] mine = own.bytes();
        int whole = bits >>> 3;
        System.arraycopy(mine, 0, id, 0, whole);
        int rest = bits & 7;
        // the first 'rest' bits of this byte are ours, the next one is flipped, the others random
        int keep = 0xff00 >>> rest & 0xff;
        int flip = 0x80 >>> rest;
        id[whole] = (byte) ((mine[whole] & keep) | (~mine[whole] & flip) | (id[whole] & ~(keep | flip) & 0xff));
        return NodeId.of(id);
    }

    /**
     * The {@code n}-th point of a sequence that covers the key space ever more finely and evenly
     * (van der Corput: the bit-reversed counter as the top 64 bits), the rest random.
     */
    static NodeId spread(long n, RandomGenerator random) {
        byte[] id = NodeId.random(random).bytes();
        long top = Long.reverse(n);
        for (int i = 0; i < Long.BYTES; i++) {
            id[i] = (byte) (top >>> (Long.SIZE - Byte.SIZE * (i + 1)));
        }
        return NodeId.of(id);
    }
}
