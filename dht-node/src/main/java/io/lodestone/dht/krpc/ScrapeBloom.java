package io.lodestone.dht.krpc;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A BEP 33 swarm-size bloom filter ({@code BFsd}, {@code BFpe}): 2048 bits, two bit positions per
 * IP address taken from the first four bytes of the SHA-1 of its 4 or 16 address bytes (ports are
 * never inserted). Immutable; {@link #with} and {@link #union} make new filters. Pure.
 */
public final class ScrapeBloom {
    /** Bytes of a filter on the wire: BEP 33 fixes 256. */
    public static final int BYTES = 256;
    static final int BITS = BYTES * 8;
    static final int K = 2;
    public static final ScrapeBloom EMPTY = new ScrapeBloom(new byte[BYTES]);

    private final byte[] bits;

    private ScrapeBloom(byte[] bits) {
        this.bits = bits;
    }

    /** A filter from its 256 wire bytes; {@link IllegalArgumentException} for any other length. */
    public static ScrapeBloom of(byte[] wire) {
        if (wire.length != BYTES) {
            throw new IllegalArgumentException("a BEP 33 bloom filter has " + BYTES + " bytes, not " + wire.length);
        }
        return new ScrapeBloom(wire.clone());
    }

    /** This filter with {@code address} (IPv4 or IPv6) inserted. */
    public ScrapeBloom with(InetAddress address) {
        byte[] h = sha1(address.getAddress());
        int index1 = ((h[0] & 0xff) | (h[1] & 0xff) << 8) % BITS;
        int index2 = ((h[2] & 0xff) | (h[3] & 0xff) << 8) % BITS;
        byte[] b = bits.clone();
        b[index1 / 8] |= (byte) (1 << (index1 % 8));
        b[index2 / 8] |= (byte) (1 << (index2 % 8));
        return new ScrapeBloom(b);
    }

    /** The filter of the union of both sets: the bits ORed. */
    public ScrapeBloom union(ScrapeBloom other) {
        byte[] b = bits.clone();
        for (int i = 0; i < BYTES; i++) {
            b[i] |= other.bits[i];
        }
        return new ScrapeBloom(b);
    }

    public boolean mightContain(InetAddress address) {
        ScrapeBloom one = EMPTY.with(address);
        for (int i = 0; i < BYTES; i++) {
            if ((one.bits[i] & ~bits[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    int zeroBits() {
        int ones = 0;
        for (byte x : bits) {
            ones += Integer.bitCount(x & 0xff);
        }
        return BITS - ones;
    }

    /**
     * BEP 33's estimate of the distinct addresses inserted: ln(c/m) / (k ln(1 - 1/m)) with c the
     * zero bits, at most m-1 (and at least 1). An empty filter is 0 (the cap would make it 0.5). Past
     * about 6000 addresses the filter saturates and the estimate means little.
     */
    public double estimate() {
        int zeros = zeroBits();
        if (zeros == BITS) {
            return 0;
        }
        int c = Math.max(1, Math.min(BITS - 1, zeros)); // a full filter: the largest finite estimate
        return Math.log(c / (double) BITS) / (K * Math.log(1 - 1.0 / BITS));
    }

    /** The estimate rounded to a count. */
    public int count() {
        return (int) Math.round(estimate());
    }

    public byte[] bytes() {
        return bits.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScrapeBloom other && Arrays.equals(bits, other.bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "ScrapeBloom[~" + count() + "]";
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
