package io.lodestone.index.store;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Distinct announcer addresses of one torrent, counted in 32 bytes: a 256-bit bitmap with one bit
 * per address (by the first byte of its SHA-1), read back by linear counting, n = -m ln(z/m). Exact
 * enough for the few dozen a torrent's announces show, bounded in memory whatever comes. Pure.
 */
final class AnnouncerSketch {
    static final int BYTES = 32;
    private static final int BITS = BYTES * 8;

    private AnnouncerSketch() {
    }

    /** {@code sketch} (null: empty) with {@code address} in it; the same array when it was in already. */
    static byte[] with(byte[] sketch, InetAddress address) {
        byte[] s = sketch == null || sketch.length != BYTES ? new byte[BYTES] : sketch;
        int bit = sha1(address.getAddress())[0] & 0xff;
        if ((s[bit / 8] & (1 << (bit % 8))) != 0 && s == sketch) {
            return sketch;
        }
        byte[] out = s.clone();
        out[bit / 8] |= (byte) (1 << (bit % 8));
        return out;
    }

    /** Estimated distinct addresses; a full sketch gives the largest finite count. */
    static int count(byte[] sketch) {
        int ones = 0;
        for (byte b : sketch) {
            ones += Integer.bitCount(b & 0xff);
        }
        int zeros = Math.max(1, BITS - ones);
        return (int) Math.round(-BITS * Math.log(zeros / (double) BITS));
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
