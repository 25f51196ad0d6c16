package io.lodestone.metainfo;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hashes one file for BEP 52 as its bytes stream by, in chunks of any size. It holds one piece's
 * leaf hashes and 32 bytes per finished piece, never the file, so memory stays small for any file.
 */
public final class MerkleFileHasher {

    /**
     * @param piecesRoot the file's merkle root; null for an empty file, which has none
     * @param pieceLayer the file's piece hashes, concatenated; empty when the file has at most one
     *                   piece, since its root is then its only piece hash and BEP 52 stores no layer
     */
    public record FileHashes(long length, byte[] piecesRoot, byte[] pieceLayer) {
    }

    private final int blocksPerPiece;
    private final MessageDigest block = MerkleTree.sha256();
    private final List<byte[]> leaves = new ArrayList<>();
    private final ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    private int blockFill;
    private int pieceCount;
    private long length;
    private boolean finished;

    public MerkleFileHasher(int pieceLength) {
        this.blocksPerPiece = MerkleTree.blocksPerPiece(pieceLength);
    }

    public void update(byte[] data, int offset, int count) {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        while (count > 0) {
            int n = Math.min(count, MerkleTree.BLOCK_SIZE - blockFill);
            block.update(data, offset, n);
            blockFill += n;
            offset += n;
            count -= n;
            length += n;
            if (blockFill == MerkleTree.BLOCK_SIZE) {
                endBlock();
            }
        }
    }

    public FileHashes finish() {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        finished = true;
        if (blockFill > 0) {
            endBlock(); // the last block is hashed short, not padded
        }
        if (length == 0) {
            return new FileHashes(0, null, new byte[0]);
        }
        if (pieceCount == 0) {
            // less than one piece: the tree has just enough leaves for the file's blocks
            return new FileHashes(length, MerkleTree.root(leaves), new byte[0]);
        }
        if (!leaves.isEmpty()) {
            endPiece(); // the last piece's subtree still spans a whole piece, zero leaves after the file
        }
        byte[] layer = pieces.toByteArray();
        if (pieceCount == 1) {
            return new FileHashes(length, Arrays.copyOf(layer, MerkleTree.HASH_LENGTH), new byte[0]);
        }
        List<byte[]> hashes = new ArrayList<>(pieceCount);
        for (int i = 0; i < pieceCount; i++) {
            hashes.add(Arrays.copyOfRange(layer, i * MerkleTree.HASH_LENGTH, (i + 1) * MerkleTree.HASH_LENGTH));
        }
        byte[] root = MerkleTree.root(hashes, MerkleTree.log2(blocksPerPiece), MerkleTree.nextPowerOfTwo(pieceCount));
        return new FileHashes(length, root, layer);
    }

    private void endBlock() {
        leaves.add(block.digest());
        blockFill = 0;
        if (leaves.size() == blocksPerPiece) {
            endPiece();
        }
    }

    private void endPiece() {
        pieces.writeBytes(MerkleTree.root(leaves, 0, blocksPerPiece));
        pieceCount++;
        leaves.clear();
    }
}
