package io.lodestone.types;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A 160-bit DHT node id (BEP 5). Ids and info-hash keys share one space; closeness is the XOR of
 * two ids read as an unsigned big-endian number. Immutable; ordered as that unsigned number.
 */
public final class NodeId implements Comparable<NodeId> {

    public static final int LENGTH = 20;
    public static final int BITS = LENGTH * Byte.SIZE;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private NodeId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Exactly 20 bytes, copied. */
    public static NodeId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a node id has 20 bytes, not " + bytes.length);
        }
        return new NodeId(bytes.clone());
    }

    /** 40 hex digits, either case. */
    public static NodeId fromHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a node id is 40 hex digits, not " + hex.length() + " characters");
        }
        try {
            return new NodeId(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex: '" + hex + "'", e);
        }
    }

    public static NodeId random(RandomGenerator rnd) {
        byte[] b = new byte[LENGTH];
        rnd.nextBytes(b);
        return new NodeId(b);
    }

    /** The DHT key of a torrent: its 20-byte (v1, or truncated v2) info-hash. */
    public static NodeId key(InfoHash infoHash) {
        return new NodeId(infoHash.truncated().bytes());
    }

    /** The XOR distance to {@code other}, itself a 160-bit number ordered by {@link #compareTo}. */
    public NodeId xor(NodeId other) {
        byte[] d = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            d[i] = (byte) (bytes[i] ^ other.bytes[i]);
        }
        return new NodeId(d);
    }

    /**
     * Which of {@code a} and {@code b} is closer to this id: negative when {@code a} is, positive
     * when {@code b} is, zero when they are equal. Allocates nothing (lookups call it in sorts).
     */
    public int distanceCompare(NodeId a, NodeId b) {
        for (int i = 0; i < LENGTH; i++) {
            int da = (a.bytes[i] ^ bytes[i]) & 0xff;
            int db = (b.bytes[i] ^ bytes[i]) & 0xff;
            if (da != db) {
                return da < db ? -1 : 1;
            }
        }
        return 0;
    }

    /** Leading bits shared with {@code other}, 0..160; a routing table's bucket index. */
    public int commonPrefixBits(NodeId other) {
        for (int i = 0; i < LENGTH; i++) {
            int x = (bytes[i] ^ other.bytes[i]) & 0xff;
            if (x != 0) {
                return i * Byte.SIZE + Integer.numberOfLeadingZeros(x) - (Integer.SIZE - Byte.SIZE);
            }
        }
        return BITS;
    }

    /** Bit {@code i}, counted from the most significant bit of the first byte (bit 0). */
    public boolean bit(int i) {
        if (i < 0 || i >= BITS) {
            throw new IndexOutOfBoundsException("bit " + i + " of a 160-bit id");
        }
        return (bytes[i >>> 3] & (0x80 >>> (i & 7))) != 0;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public int compareTo(NodeId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeId n && Arrays.equals(bytes, n.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
