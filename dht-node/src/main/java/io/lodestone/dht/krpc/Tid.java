package io.lodestone.dht.krpc;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A KRPC transaction id ({@code t}): opaque bytes the querier picks and the answer echoes. Only the
 * querier interprets them, so any 1..{@value #MAX_LENGTH} bytes are accepted.
 */
public final class Tid {

    /**
     * libtorrent sends 2 bytes and other clients 4 to 8; 16 answers all of them while bounding what
     * a peer can make us echo and keep in a transaction table.
     */
    public static final int MAX_LENGTH = 16;

    private final byte[] bytes;

    private Tid(byte[] bytes) {
        this.bytes = bytes;
    }

    /** 1..{@value #MAX_LENGTH} bytes, copied. */
    public static Tid of(byte[] bytes) {
        if (bytes.length < 1 || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("a transaction id has 1.." + MAX_LENGTH + " bytes, not " + bytes.length);
        }
        return new Tid(bytes.clone());
    }

    /** Two big-endian bytes, the form libtorrent uses. */
    public static Tid ofShort(int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("not an unsigned 16-bit value: " + value);
        }
        return new Tid(new byte[] {(byte) (value >>> 8), (byte) value});
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tid t && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
