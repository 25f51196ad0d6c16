package io.lodestone.client.storage;

import io.lodestone.metainfo.MerkleTree;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Per-thread hashing state, reused for every piece a thread checks: a SHA-1 and a SHA-256
 * digest, a block buffer and room for one piece's leaf hashes. Holds no data across pieces.
 */
final class PieceHasher {

    static final int SHA1_LENGTH = 20;
    private static final int HASH = MerkleTree.HASH_LENGTH;
    /** Roots of all-zero subtrees by height, for padding merkle trees. */
    private static final byte[][] ZERO = new byte[64][];

    static {
        for (int h = 0; h < ZERO.length; h++) {
            ZERO[h] = MerkleTree.zeroHash(h);
        }
    }

    private static final ThreadLocal<PieceHasher> PER_THREAD = ThreadLocal.withInitial(PieceHasher::new);

    final MessageDigest sha1 = digest("SHA-1");
    final MessageDigest sha256 = digest("SHA-256");
    final byte[] block = new byte[TorrentLayout.BLOCK_SIZE];
    private byte[] leaves = new byte[16 * HASH];
    private int leafCount;

    static PieceHasher get() {
        PieceHasher h = PER_THREAD.get();
        h.sha1.reset();
        h.sha256.reset();
        h.leafCount = 0;
        return h;
    }

    /** Hashes {@code length} bytes of {@link #block} as the next merkle leaf. */
    void leaf(int length) {
        if ((leafCount + 1) * HASH > leaves.length) {
            leaves = Arrays.copyOf(leaves, leaves.length * 2);
        }
        sha256.update(block, 0, length);
        try {
            sha256.digest(leaves, leafCount * HASH, HASH);
        } catch (DigestException e) {
            throw new IllegalStateException(e); // the array always has room
        }
        leafCount++;
    }

    /** Whether the leaves so far, padded with zero leaves to {@code width} (a power of two), hash to {@code expected}. */
    boolean leavesMatch(int width, byte[] expected) {
        return subtreeMatches(sha256, leaves, leafCount, width, expected);
    }

    /**
     * Whether {@code n} leaf hashes in {@code leaves}, padded with zero leaves to {@code width} (a
     * power of two), hash up to {@code expected}. Overwrites {@code leaves} as it climbs the tree.
     */
    static boolean subtreeMatches(MessageDigest sha256, byte[] leaves, int n, int width, byte[] expected) {
        if (n == 0 || n > width) {
            return false;
        }
        sha256.reset();
        int height = 0;
        for (int w = width; w > 1; w >>= 1) {
            int up = (n + 1) / 2;
            for (int i = 0; i < up; i++) {
                sha256.update(leaves, 2 * i * HASH, HASH);
                if (2 * i + 1 < n) {
                    sha256.update(leaves, (2 * i + 1) * HASH, HASH);
                } else {
                    sha256.update(ZERO[height]);
                }
                try {
                    // node i is written after 2i and 2i+1 were read, never over one still unread
                    sha256.digest(leaves, i * HASH, HASH);
                } catch (DigestException e) {
                    throw new IllegalStateException(e);
                }
            }
            n = up;
            height++;
        }
        return Arrays.equals(leaves, 0, HASH, expected, 0, HASH);
    }

    /** Whether the SHA-1 fed so far is piece {@code piece}'s in the torrent's {@code pieces}. */
    boolean sha1Matches(byte[] pieces, int piece) {
        return sha1Matches(sha1, pieces, piece);
    }

    /** Whether {@code sha1}'s digest (which resets it) is piece {@code piece}'s in {@code pieces}. */
    static boolean sha1Matches(MessageDigest sha1, byte[] pieces, int piece) {
        int at = piece * SHA1_LENGTH;
        return Arrays.equals(sha1.digest(), 0, SHA1_LENGTH, pieces, at, at + SHA1_LENGTH);
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is a required JDK algorithm", e);
        }
    }
}
