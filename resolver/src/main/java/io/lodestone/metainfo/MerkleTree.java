package io.lodestone.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * BEP 52 merkle trees: SHA-256 over 16 KiB blocks of one file. Leaves beyond the end of the file
 * are 32 zero bytes, so a padding node at height {@code h} is {@link #zeroHash(int) zeroHash(h)},
 * the root of {@code 2^h} zero leaves. The last block of a file is hashed as it is, not padded.
 */
public final class MerkleTree {

    /** Bytes covered by one leaf. */
    public static final int BLOCK_SIZE = 16 * 1024;
    public static final int HASH_LENGTH = 32;
    /** A tree over a file of at most 2^63 bytes, in 2^14-byte blocks, is at most 49 levels high. */
    private static final int MAX_HEIGHT = 63;
    private static final byte[][] ZERO_HASHES = zeroHashes();

    private MerkleTree() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The leaf hash of one block (the last block of a file may be short). */
    public static byte[] blockHash(byte[] data, int offset, int length) {
        if (length < 1 || length > BLOCK_SIZE) {
            throw new IllegalArgumentException("a block has 1.." + BLOCK_SIZE + " bytes, not " + length);
        }
        MessageDigest d = sha256();
        d.update(data, offset, length);
        return d.digest();
    }

    /** SHA-256 of two child hashes. */
    public static byte[] parent(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** The root of an all-zero subtree with {@code 2^height} leaves; height 0 is a zero leaf. */
    public static byte[] zeroHash(int height) {
        if (height < 0 || height > MAX_HEIGHT) {
            throw new IllegalArgumentException("height must be 0.." + MAX_HEIGHT + ", not " + height);
        }
        return ZERO_HASHES[height].clone();
    }

    /** The smallest power of two that is at least {@code n} (and at least 1). */
    public static long nextPowerOfTwo(long n) {
        if (n <= 1) {
            return 1;
        }
        return Long.highestOneBit(n - 1) << 1;
    }

    /** log2 of a power of two. */
    public static int log2(long powerOfTwo) {
        if (powerOfTwo < 1 || Long.bitCount(powerOfTwo) != 1) {
            throw new IllegalArgumentException("not a power of two: " + powerOfTwo);
        }
        return Long.numberOfTrailingZeros(powerOfTwo);
    }

    /**
     * The root over {@code nodes} at {@code height}, padded with zero subtrees to {@code width}
     * nodes (a power of two, at least {@code nodes.size()}).
     */
    public static byte[] root(List<byte[]> nodes, int height, long width) {
        if (Long.bitCount(width) != 1 || width < nodes.size()) {
            throw new IllegalArgumentException("width " + width + " is not a power of two >= " + nodes.size());
        }
        if (nodes.isEmpty()) {
            return zeroHash(height + log2(width));
        }
        // only the real nodes are combined; everything right of them is a zero subtree
        List<byte[]> level = nodes;
        int h = height;
        for (long w = width; w > 1; w >>= 1) {
            List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                up.add(parent(level.get(i), i + 1 < level.size() ? level.get(i + 1) : ZERO_HASHES[h]));
            }
            level = up;
            h++;
        }
        return level.get(0).clone();
    }

    /** The root over leaf hashes, padded to the next power of two: a file's {@code pieces root}. */
    public static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("an empty file has no merkle root");
        }
        return root(leaves, 0, nextPowerOfTwo(leaves.size()));
    }

    /**
     * The nodes at {@code height} above the leaves: each is the root of {@code 2^height} leaves,
     * the last one padded with zero leaves. With {@code height = log2(pieceLength / BLOCK_SIZE)}
     * this is a file's piece layer.
     */
    public static List<byte[]> layer(List<byte[]> leaves, int height) {
        int group = 1 << height;
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i += group) {
            out.add(root(leaves.subList(i, Math.min(leaves.size(), i + group)), 0, group));
        }
        return out;
    }

    /** Blocks in one piece; piece lengths of v2 torrents are powers of two of at least a block. */
    public static int blocksPerPiece(int pieceLength) {
        if (pieceLength < BLOCK_SIZE || Integer.bitCount(pieceLength) != 1) {
            throw new IllegalArgumentException("a v2 piece length is a power of two >= " + BLOCK_SIZE + ", not " + pieceLength);
        }
        return pieceLength / BLOCK_SIZE;
    }

    /** Concatenates hashes, as {@code pieces} and {@code piece layers} store them. */
    public static byte[] concat(List<byte[]> hashes) {
        int n = hashes.isEmpty() ? 0 : hashes.get(0).length;
        byte[] out = new byte[hashes.size() * n];
        for (int i = 0; i < hashes.size(); i++) {
            System.arraycopy(hashes.get(i), 0, out, i * n, n);
        }
        return out;
    }

    private static byte[][] zeroHashes() {
        byte[][] z = new byte[MAX_HEIGHT + 1][];
        z[0] = new byte[HASH_LENGTH];
        for (int h = 1; h <= MAX_HEIGHT; h++) {
            z[h] = parent(z[h - 1], z[h - 1]);
        }
        return z;
    }
}
