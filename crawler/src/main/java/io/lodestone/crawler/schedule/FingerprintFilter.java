package io.lodestone.crawler.schedule;

import io.lodestone.types.InfoHash;
import java.util.Arrays;

/**
 * A bounded set of info-hashes seen lately: two generations of 64-bit fingerprints. Additions go
 * to the young generation; when it is full it becomes the old one and the previous old one is
 * forgotten, so memory stays at {@code capacity} entries (16 bytes each at half load) and
 * the most recent {@code capacity / 2} additions at least are always remembered.
 *
 * <p>Fingerprints are keyed with a random salt, so nobody can craft hashes that collide with
 * others. Two different hashes share a fingerprint with probability 2^-64: over {@code n}
 * remembered hashes a lookup answers "seen" wrongly with probability about {@code n / 2^64}
 * (5e-14 for a million), the false-positive budget. Not thread-safe.
 */
final class FingerprintFilter {

    /** Tables stay at most half full: short probe runs. */
    private static final int LOAD_FACTOR_INVERSE = 2;
    private static final long EMPTY = 0;

    private final int generationSize;
    private final long salt1;
    private final long salt2;
    private long[] young;
    private long[] old;
    private int youngCount;
    private int oldCount;

    FingerprintFilter(int capacity, long salt) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2");
        }
        this.generationSize = capacity / 2;
        this.salt1 = mix(salt);
        this.salt2 = mix(salt ^ 0x9E3779B97F4A7C15L);
        int slots = Integer.highestOneBit(Math.max(4, generationSize * LOAD_FACTOR_INVERSE - 1)) << 1;
        this.young = new long[slots];
        this.old = new long[slots];
    }

    boolean contains(InfoHash h) {
        long fp = fingerprint(h);
        return find(young, fp) || find(old, fp);
    }

    /** Adds {@code h}; false if it was there already. */
    boolean add(InfoHash h) {
        long fp = fingerprint(h);
        if (find(young, fp) || find(old, fp)) {
            return false;
        }
        if (youngCount >= generationSize) {
            long[] recycled = old;
            Arrays.fill(recycled, EMPTY);
            old = young;
            young = recycled;
            oldCount = youngCount;
            youngCount = 0;
        }
        insert(young, fp);
        youngCount++;
        return true;
    }

    /** Entries remembered now (both generations). */
    int size() {
        return youngCount + oldCount;
    }

    private long fingerprint(InfoHash h) {
        byte[] b = h.bytes();
        long a = 0;
        long c = 0;
        for (int i = 0; i < b.length; i++) {
            if (i < 10) {
                a = a * 257 + (b[i] & 0xff);
            } else {
                c = c * 257 + (b[i] & 0xff);
            }
        }
        long fp = mix(a ^ salt1) ^ Long.rotateLeft(mix(c ^ salt2), 31) ^ b.length;
        return fp == EMPTY ? 1 : fp;
    }

    /** A 64-bit finalizer (splitmix64's): every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static boolean find(long[] table, long fp) {
        int mask = table.length - 1;
        for (int i = (int) fp & mask; ; i = (i + 1) & mask) {
            long v = table[i];
            if (v == fp) {
                return true;
            }
            if (v == EMPTY) {
                return false;
            }
        }
    }

    private static void insert(long[] table, long fp) {
        int mask = table.length - 1;
        int i = (int) fp & mask;
        while (table[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        table[i] = fp;
    }
}
