package io.lodestone.wire;

import io.lodestone.metainfo.MerkleTree;
import io.lodestone.metainfo.MetainfoLimits;
import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Checks a BEP 52 {@code hashes} answer against the file's pieces root, the one hash the info dict
 * vouches for: the requested hashes hash up to their subtree's root, the uncles take it, bottom up,
 * to the top of the tree, and that must be the pieces root. The tree's height comes from the file
 * length, not from the answer, so hashes of another layer cannot pass for the requested one. Past
 * the end of the file the tree holds BEP 52's padding (subtrees of zero leaves, as in
 * {@link MerkleTree}); those positions are part of the answer and so proven too. Pure functions.
 */
public final class PieceLayerProof {

    /** What a check found. */
    public sealed interface Result {
    }

    /**
     * The answer hashes up to the pieces root: {@code hashes} are nodes {@code index ..
     * index + count - 1} of layer {@code baseLayer}, padding past the file's end included.
     */
    public record Verified(int baseLayer, int index, byte[] hashes) implements Result {
        public Verified {
            hashes = hashes.clone();
        }

        @Override
        public byte[] hashes() {
            return hashes.clone();
        }

        public int count() {
            return hashes.length / HashMessage.HASH_LENGTH;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Verified v && v.baseLayer == baseLayer && v.index == index && Arrays.equals(hashes, v.hashes);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * baseLayer + index) + Arrays.hashCode(hashes);
        }

        @Override
        public String toString() {
            return "Verified[base=" + baseLayer + ", index=" + index + ", " + count() + " hashes]";
        }
    }

    /** The answer does not prove itself; {@code reason} is one line for a log. */
    public record Failed(String reason) implements Result {
    }

    private PieceLayerProof() {
    }

    /** Layers above the leaves of the tree of a file of {@code fileLength} bytes (0 for one block). */
    public static int treeHeight(long fileLength) {
        if (fileLength < 1 || fileLength > MetainfoLimits.MAX_TOTAL_SIZE) {
            throw new IllegalArgumentException("a v2 file has 1.." + MetainfoLimits.MAX_TOTAL_SIZE + " bytes, not "
                    + fileLength);
        }
        long blocks = (fileLength + MerkleTree.BLOCK_SIZE - 1) / MerkleTree.BLOCK_SIZE;
        return MerkleTree.log2(MerkleTree.nextPowerOfTwo(blocks));
    }

    /** The layer of piece hashes for a v2 piece length (a power of two, at least 16 KiB). */
    public static int pieceLayer(int pieceLength) {
        return MerkleTree.log2(MerkleTree.blocksPerPiece(pieceLength));
    }

    /**
     * A request for {@code length} hashes of {@code baseLayer} from {@code index} on, with the
     * proof layers that take them all the way to the pieces root, so that {@link #verify} can
     * check the answer with nothing but the root (libtorrent asks for fewer once it holds inner
     * nodes; we keep no partial trees).
     */
    public static HashRequest request(byte[] piecesRoot, long fileLength, int baseLayer, int index, int length) {
        int height = treeHeight(fileLength);
        if (baseLayer >= height) {
            throw new IllegalArgumentException("layer " + baseLayer + " is not below the root of a tree of height " + height);
        }
        if ((long) index + length > 1L << (height - baseLayer)) {
            throw new IllegalArgumentException("hashes " + index + "+" + length + " exceed layer " + baseLayer + " of "
                    + (1L << (height - baseLayer)) + " nodes");
        }
        return new HashRequest(piecesRoot, baseLayer, index, length, height - baseLayer - 1);
    }

    /** Whether {@code answer} proves itself against {@code piecesRoot} for a file of {@code fileLength} bytes. */
    public static Result verify(byte[] piecesRoot, long fileLength, Hashes answer) {
        HashRequest r = answer.request();
        if (!r.isFor(piecesRoot)) {
            return new Failed("hashes for another pieces root");
        }
        return verify(piecesRoot, treeHeight(fileLength), r.baseLayer(), r.index(), r.length(), answer.hashes(),
                answer.proof());
    }

    /**
     * The general check: {@code hashes} ({@code length} concatenated nodes of {@code baseLayer}
     * from {@code index}) and {@code proof} (uncles, the one nearest the base first) must hash up
     * to {@code piecesRoot} at layer {@code treeHeight}. Malformed arguments fail too, with a reason.
     */
    public static Result verify(byte[] piecesRoot, int treeHeight, int baseLayer, int index, int length,
                                byte[] hashes, byte[] proof) {
        Objects.requireNonNull(piecesRoot, "piecesRoot");
        Objects.requireNonNull(hashes, "hashes");
        Objects.requireNonNull(proof, "proof");
        int hash = HashMessage.HASH_LENGTH;
        if (piecesRoot.length != hash || treeHeight < 1 || treeHeight > HashMessage.MAX_TREE_HEIGHT) {
            return new Failed("no merkle tree with a root of " + piecesRoot.length + " bytes and height " + treeHeight);
        }
        if (baseLayer < 0 || baseLayer >= treeHeight) {
            return new Failed("base layer " + baseLayer + " outside 0.." + (treeHeight - 1));
        }
        if (length < 1 || length > HashMessage.MAX_HASHES || Integer.bitCount(length) != 1) {
            return new Failed("hash count " + length + " is not a power of two in 1.." + HashMessage.MAX_HASHES);
        }
        long width = 1L << (treeHeight - baseLayer);
        if (index < 0 || index % length != 0 || (long) index + length > width) {
            return new Failed("hashes " + index + "+" + length + " are not an aligned range of layer " + baseLayer
                    + " with " + width + " nodes");
        }
        if (hashes.length != length * hash || proof.length % hash != 0) {
            return new Failed(hashes.length + " bytes for " + length + " hashes, " + proof.length + " bytes of uncles");
        }
        int subtree = Integer.numberOfTrailingZeros(length);
        int uncles = proof.length / hash;
        if (baseLayer + subtree + uncles != treeHeight) {
            // any other count hashes up to some other layer, never to the root
            return new Failed(uncles + " uncles take " + length + " hashes of layer " + baseLayer + " to layer "
                    + (baseLayer + subtree + uncles) + ", the root is at layer " + treeHeight);
        }
        List<byte[]> nodes = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            nodes.add(Arrays.copyOfRange(hashes, i * hash, (i + 1) * hash));
        }
        byte[] node = MerkleTree.root(nodes, baseLayer, length);
        long position = (long) index >> subtree;
        for (int u = 0; u < uncles; u++) {
            byte[] uncle = Arrays.copyOfRange(proof, u * hash, (u + 1) * hash);
            node = (position & 1) == 0 ? MerkleTree.parent(node, uncle) : MerkleTree.parent(uncle, node);
            position >>= 1;
        }
        if (!MessageDigest.isEqual(node, piecesRoot)) {
            return new Failed("hashes " + index + "+" + length + " of layer " + baseLayer + " with " + uncles
                    + " uncles do not hash up to the pieces root");
        }
        return new Verified(baseLayer, index, hashes);
    }
}
