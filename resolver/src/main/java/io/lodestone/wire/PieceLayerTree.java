package io.lodestone.wire;

import io.lodestone.metainfo.MerkleTree;
import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The upper part of one file's merkle tree, from its piece layer to its pieces root, built once
 * from a verified layer, to answer peers' {@code hash request}s as a seeder must (BEP 52: clients
 * must serve hashes for the pieces they announced). It answers requests whose base layer is the
 * piece layer or above; block hashes below need the file's data, so those get {@code empty} and
 * the caller sends a {@code hash reject} (or hashes the blocks itself).
 *
 * <p>Only real nodes are stored, about two hashes per piece; nodes past the end of the file are
 * BEP 52's padding, {@link MerkleTree#zeroHash(int)} of their height. Immutable.
 */
public final class PieceLayerTree {

    private final byte[] piecesRoot;
    private final int pieceLayer;
    private final int treeHeight;
    /** {@code levels[j]}: the real nodes of layer {@code pieceLayer + j}, concatenated. */
    private final byte[][] levels;

    private PieceLayerTree(byte[] piecesRoot, int pieceLayer, int treeHeight, byte[][] levels) {
        this.piecesRoot = piecesRoot;
        this.pieceLayer = pieceLayer;
        this.treeHeight = treeHeight;
        this.levels = levels;
    }

    /**
     * The tree over {@code layer} (one hash per piece, as in {@code piece layers}) of a file of
     * {@code fileLength} bytes, larger than one piece.
     *
     * @throws IllegalArgumentException when the layer has the wrong size or does not hash to {@code piecesRoot}
     */
    public static PieceLayerTree fromLayer(byte[] piecesRoot, long fileLength, int pieceLength, byte[] layer) {
        Objects.requireNonNull(piecesRoot, "piecesRoot");
        Objects.requireNonNull(layer, "layer");
        int base = PieceLayerProof.pieceLayer(pieceLength);
        if (!PieceLayerAssembler.needsLayer(fileLength, pieceLength)) {
            throw new IllegalArgumentException("a file of " + fileLength + " bytes has no piece layer");
        }
        int height = PieceLayerProof.treeHeight(fileLength);
        long pieces = (fileLength + pieceLength - 1) / pieceLength;
        if (layer.length != pieces * HashMessage.HASH_LENGTH) {
            throw new IllegalArgumentException("a layer of " + layer.length + " bytes for " + pieces + " pieces");
        }
        byte[][] levels = new byte[height - base + 1][];
        levels[0] = layer.clone();
        for (int j = 1; j < levels.length; j++) {
            ByteArrayOutputStream up = new ByteArrayOutputStream();
            byte[] below = levels[j - 1];
            byte[] pad = MerkleTree.zeroHash(base + j - 1);
            for (int i = 0; i < below.length; i += 2 * HashMessage.HASH_LENGTH) {
                byte[] left = Arrays.copyOfRange(below, i, i + HashMessage.HASH_LENGTH);
                byte[] right = i + HashMessage.HASH_LENGTH < below.length
                        ? Arrays.copyOfRange(below, i + HashMessage.HASH_LENGTH, i + 2 * HashMessage.HASH_LENGTH) : pad;
                up.writeBytes(MerkleTree.parent(left, right));
            }
            levels[j] = up.toByteArray();
        }
        if (!MessageDigest.isEqual(levels[levels.length - 1], piecesRoot)) {
            throw new IllegalArgumentException("the layer does not hash to the pieces root");
        }
        return new PieceLayerTree(piecesRoot.clone(), base, height, levels);
    }

    public byte[] piecesRoot() {
        return piecesRoot.clone();
    }

    public int pieceLayer() {
        return pieceLayer;
    }

    public int treeHeight() {
        return treeHeight;
    }

    /**
     * The answer to {@code request}, as libtorrent builds it: the requested nodes (padding
     * included), then the uncles its proof layers call for. Empty when it is for another root,
     * below the piece layer, outside the tree, or asks for proof layers reaching the root.
     */
    public Optional<Hashes> answer(HashRequest request) {
        int base = request.baseLayer();
        if (!request.isFor(piecesRoot) || base < pieceLayer || base + request.proofLayers() >= treeHeight) {
            return Optional.empty();
        }
        if ((long) request.index() + request.length() > 1L << (treeHeight - base)) {
            return Optional.empty();
        }
        byte[] hashes = new byte[request.length() * HashMessage.HASH_LENGTH];
        for (int i = 0; i < request.length(); i++) {
            System.arraycopy(node(base, request.index() + i), 0, hashes, i * HashMessage.HASH_LENGTH,
                    HashMessage.HASH_LENGTH);
        }
        int subtree = Integer.numberOfTrailingZeros(request.length());
        byte[] proof = new byte[request.uncleCount() * HashMessage.HASH_LENGTH];
        // uncle u is the sibling, on layer base + subtree + u, of the node above the requested range
        for (int u = 0; u < request.uncleCount(); u++) {
            int layer = base + subtree + u;
            long position = ((long) request.index() >> (subtree + u)) ^ 1;
            System.arraycopy(node(layer, position), 0, proof, u * HashMessage.HASH_LENGTH, HashMessage.HASH_LENGTH);
        }
        return Optional.of(new Hashes(request, hashes, proof));
    }

    /** Node {@code position} of {@code layer} (at or above the piece layer), padding past the real ones. */
    private byte[] node(int layer, long position) {
        byte[] level = levels[layer - pieceLayer];
        long at = position * HashMessage.HASH_LENGTH;
        if (at + HashMessage.HASH_LENGTH > level.length) {
            return MerkleTree.zeroHash(layer);
        }
        return Arrays.copyOfRange(level, (int) at, (int) at + HashMessage.HASH_LENGTH);
    }
}
