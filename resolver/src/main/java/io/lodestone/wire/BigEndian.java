package io.lodestone.wire;

/**
 * Network-order 32-bit integers in byte arrays, as the peer wire and MSE write them. Plain array
 * arithmetic: cheap even before the JIT compiles it, which a resolve's first frames need.
 */
public final class BigEndian {

    private BigEndian() {
    }

    public static int readInt(byte[] in, int at) {
        return (in[at] & 0xFF) << 24 | (in[at + 1] & 0xFF) << 16 | (in[at + 2] & 0xFF) << 8 | (in[at + 3] & 0xFF);
    }

    public static void writeInt(byte[] out, int at, int v) {
        out[at] = (byte) (v >>> 24);
        out[at + 1] = (byte) (v >>> 16);
        out[at + 2] = (byte) (v >>> 8);
        out[at + 3] = (byte) v;
    }
}
