package io.lodestone.dht.krpc;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An announce token (BEP 5): opaque bytes a node hands out in {@code get_peers} answers and expects
 * back in {@code announce_peer}. Only its issuer interprets it.
 */
public final class Token {

    /**
     * libtorrent issues 4 bytes, others 8 or a whole SHA-1 (20); 64 fits any hash-based token while
     * bounding what we keep per node during a lookup.
     */
    public static final int MAX_LENGTH = 64;

    private final byte[] bytes;

    private Token(byte[] bytes) {
        this.bytes = bytes;
    }

    /** 1..{@value #MAX_LENGTH} bytes, copied. */
    public static Token of(byte[] bytes) {
        if (!validLength(bytes.length)) {
            throw new IllegalArgumentException("a token has 1.." + MAX_LENGTH + " bytes, not " + bytes.length);
        }
        return new Token(bytes.clone());
    }

    static boolean validLength(int length) {
        return length >= 1 && length <= MAX_LENGTH;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Token t && Arrays.equals(bytes, t.bytes);
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
