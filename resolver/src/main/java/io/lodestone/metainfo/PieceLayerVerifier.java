package io.lodestone.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Checks a BEP 52 piece layer against its file's pieces root. Each layer entry is the root of one
 * piece's subtree of 16 KiB-block SHA-256 leaves. The tree is padded to a power of two with
 * subtrees whose leaves are all zero hashes, so past the file's last piece each missing node is
 * the root of an all-zero subtree of that height. Hashing pairs upward must reach the pieces root.
 */
final class PieceLayerVerifier {
    private PieceLayerVerifier() {
    }

    private static final int HASH = MetainfoLimits.V2_HASH_LENGTH;

    /**
     * @param layer       concatenated piece hashes, a non-zero multiple of 32 bytes
     * @param pieceLength a power of two, at least one block
     */
    static boolean verify(byte[] layer, long pieceLength, byte[] piecesRoot) {
        if (layer.length == 0 || layer.length % HASH != 0) {
            return false;
        }
        MessageDigest sha256 = sha256();
        byte[] pad = zeroSubtreeRoot(pieceLength, sha256);
        byte[] level = layer.clone();
        int n = layer.length / HASH;
        while (n > 1) {
            int next = (n + 1) / 2;
            for (int i = 0; i < next; i++) {
                sha256.update(level, 2 * i * HASH, HASH);
                if (2 * i + 1 < n) {
                    sha256.update(level, (2 * i + 1) * HASH, HASH);
                } else {
                    sha256.update(pad);
                }
                // node i is written after nodes 2i and 2i+1 are read, and never over an unread one
                digestInto(sha256, level, i * HASH);
            }
            pad = pair(pad, pad, sha256);
            n = next;
        }
        return Arrays.equals(level, 0, HASH, piecesRoot, 0, piecesRoot.length);
    }

    /** The root of a piece-sized subtree whose leaves are all 32 zero bytes. */
    static byte[] zeroSubtreeRoot(long pieceLength, MessageDigest sha256) {
        byte[] node = new byte[HASH];
        for (long span = MetainfoLimits.BLOCK_SIZE; span < pieceLength; span *= 2) {
            node = pair(node, node, sha256);
        }
        return node;
    }

    private static byte[] pair(byte[] left, byte[] right, MessageDigest sha256) {
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    private static void digestInto(MessageDigest sha256, byte[] out, int offset) {
        try {
            sha256.digest(out, offset, HASH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e); // only when out is too short, which it never is
        }
    }

    static MessageDigest sha256() {
        return digest("SHA-256");
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is a required JDK algorithm", e); // never happens
        }
    }
}
