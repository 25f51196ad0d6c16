package io.lodestone.dht.krpc;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The client version {@code v} a node puts in its messages: by convention two letters naming the
 * client and two version bytes ({@code "LT" 0x01 0x02}). Informational only; never trusted.
 */
public final class ClientVersion {

    /** Every known client sends 4 bytes; the cap bounds what we keep per node for statistics. */
    public static final int MAX_LENGTH = 16;

    private final byte[] bytes;

    private ClientVersion(byte[] bytes) {
        this.bytes = bytes;
    }

    /** 1..{@value #MAX_LENGTH} bytes, copied. */
    public static ClientVersion of(byte[] bytes) {
        if (!validLength(bytes.length)) {
            throw new IllegalArgumentException("a client version has 1.." + MAX_LENGTH + " bytes, not " + bytes.length);
        }
        return new ClientVersion(bytes.clone());
    }

    static boolean validLength(int length) {
        return length >= 1 && length <= MAX_LENGTH;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientVersion v && Arrays.equals(bytes, v.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The client letters as text when they are printable, then the rest in hex: {@code LT-0102}. */
    @Override
    public String toString() {
        int letters = 0;
        while (letters < Math.min(2, bytes.length) && bytes[letters] >= 0x20 && bytes[letters] < 0x7f) {
            letters++;
        }
        String head = new String(bytes, 0, letters, java.nio.charset.StandardCharsets.US_ASCII);
        String tail = HexFormat.of().formatHex(bytes, letters, bytes.length);
        return tail.isEmpty() ? head : head + "-" + tail;
    }
}
