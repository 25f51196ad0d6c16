package io.lodestone.metainfo;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every expected value here is built from SHA-256 by hand, following BEP 52's text. */
class MerkleTreeTest {

    private static final int BLOCK = 16 * 1024;
    private static final byte[] Z0 = new byte[32];
    private static final byte[] Z1 = h(Z0, Z0);
    private static final byte[] Z2 = h(Z1, Z1);

    @Test
    void zeroHashesArePairsOfZeroSubtrees() {
        assertThat(MerkleTree.zeroHash(0)).isEqualTo(Z0);
        assertThat(MerkleTree.zeroHash(1)).isEqualTo(sha256(new byte[64]));
        assertThat(MerkleTree.zeroHash(2)).isEqualTo(Z2);
        assertThatThrownBy(() -> MerkleTree.zeroHash(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneShortBlockIsItsOwnRoot() {
        byte[] data = bytes(100, 1);
        FileResult r = hash(data, 16 * BLOCK, 7);
        assertThat(r.root).isEqualTo(sha256(data)); // hashed as it is, not padded to 16 KiB
        assertThat(r.layer).isEmpty();
        assertThat(MerkleTree.root(List.of(sha256(data)))).isEqualTo(sha256(data));
    }

    @Test
    void threeBlocksArePaddedWithAZeroLeaf() {
        byte[] data = bytes(2 * BLOCK + 100, 2);
        byte[] h0 = sha256(slice(data, 0, BLOCK));
        byte[] h1 = sha256(slice(data, BLOCK, BLOCK));
        byte[] h2 = sha256(slice(data, 2 * BLOCK, 100));
        byte[] expected = h(h(h0, h1), h(h2, Z0));

        assertThat(MerkleTree.root(List.of(h0, h1, h2))).isEqualTo(expected);
        // a file shorter than a piece: the tree has just as many leaves as the file needs
        FileResult r = hash(data, 64 * BLOCK, 1000);
        assertThat(r.root).isEqualTo(expected);
        assertThat(r.layer).isEmpty();
    }

    @Test
    void fileOfExactlyOnePieceHasNoLayer() {
        byte[] data = bytes(2 * BLOCK, 3);
        byte[] expected = h(sha256(slice(data, 0, BLOCK)), sha256(slice(data, BLOCK, BLOCK)));

        FileResult r = hash(data, 2 * BLOCK, 4096);
        assertThat(r.root).isEqualTo(expected);
        assertThat(r.layer).isEmpty();
    }

    @Test
    void twoAndAHalfPiecesOfTwoBlocks() {
        byte[] data = bytes(5 * BLOCK, 4);
        byte[][] leaf = leaves(data);
        byte[] p0 = h(leaf[0], leaf[1]);
        byte[] p1 = h(leaf[2], leaf[3]);
        byte[] p2 = h(leaf[4], Z0); // the last piece's subtree is padded with a zero leaf
        byte[] root = h(h(p0, p1), h(p2, Z1)); // and the layer with a zero piece: 2 zero leaves

        FileResult r = hash(data, 2 * BLOCK, 5000);
        assertThat(r.root).isEqualTo(root);
        assertThat(r.layer).isEqualTo(concat(p0, p1, p2));
        assertThat(MerkleTree.layer(Arrays.asList(leaf), 1)).containsExactly(p0, p1, p2);
        assertThat(MerkleTree.root(List.of(p0, p1, p2), 1, 4)).isEqualTo(root);
        assertThat(MerkleTree.root(Arrays.asList(leaf))).isEqualTo(root);
    }

    @Test
    void twoAndAHalfPiecesOfFourBlocksWithAShortLastBlock() {
        byte[] data = bytes(9 * BLOCK + 1, 5);
        byte[][] leaf = leaves(data);
        assertThat(leaf.length).isEqualTo(10);
        byte[] p0 = h(h(leaf[0], leaf[1]), h(leaf[2], leaf[3]));
        byte[] p1 = h(h(leaf[4], leaf[5]), h(leaf[6], leaf[7]));
        byte[] p2 = h(h(leaf[8], leaf[9]), h(Z0, Z0));
        byte[] root = h(h(p0, p1), h(p2, Z2));

        FileResult r = hash(data, 4 * BLOCK, 12345);
        assertThat(r.root).isEqualTo(root);
        assertThat(r.layer).isEqualTo(concat(p0, p1, p2));
        assertThat(MerkleTree.layer(Arrays.asList(leaf), 2)).containsExactly(p0, p1, p2);
    }

    @Test
    void chunkBoundariesDoNotMatter() {
        byte[] data = bytes(7 * BLOCK + 333, 6);
        FileResult whole = hash(data, 2 * BLOCK, data.length);
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            FileResult pieces = hash(data, 2 * BLOCK, 1 + random.nextInt(3 * BLOCK));
            assertThat(pieces.root).isEqualTo(whole.root);
            assertThat(pieces.layer).isEqualTo(whole.layer);
        }
        assertThat(hash(data, 2 * BLOCK, 1).root).isEqualTo(whole.root);
    }

    @Test
    void emptyFileHasNoRoot() {
        MerkleFileHasher.FileHashes r = new MerkleFileHasher(BLOCK).finish();
        assertThat(r.length()).isZero();
        assertThat(r.piecesRoot()).isNull();
        assertThat(r.pieceLayer()).isEmpty();
    }

    @Test
    void rejectsWhatIsNotATree() {
        assertThatThrownBy(() -> MerkleTree.root(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.root(List.of(Z0, Z0, Z0), 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.root(List.of(Z0), 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MerkleFileHasher(3 * BLOCK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MerkleFileHasher(BLOCK / 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.blockHash(new byte[BLOCK + 1], 0, BLOCK + 1)).isInstanceOf(IllegalArgumentException.class);
        MerkleFileHasher once = new MerkleFileHasher(BLOCK);
        once.finish();
        assertThatThrownBy(once::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void helpers() {
        assertThat(MerkleTree.nextPowerOfTwo(0)).isEqualTo(1);
        assertThat(MerkleTree.nextPowerOfTwo(1)).isEqualTo(1);
        assertThat(MerkleTree.nextPowerOfTwo(5)).isEqualTo(8);
        assertThat(MerkleTree.nextPowerOfTwo(8)).isEqualTo(8);
        assertThat(MerkleTree.log2(16384)).isEqualTo(14);
        assertThat(MerkleTree.blockHash(bytes(10, 9), 0, 10)).isEqualTo(sha256(bytes(10, 9)));
        assertThat(MerkleTree.root(List.of(), 1, 4)).isEqualTo(h(Z2, Z2));
    }

    private record FileResult(byte[] root, byte[] layer) {
    }

    private static FileResult hash(byte[] data, int pieceLength, int chunk) {
        MerkleFileHasher hasher = new MerkleFileHasher(pieceLength);
        for (int i = 0; i < data.length; i += chunk) {
            hasher.update(data, i, Math.min(chunk, data.length - i));
        }
        MerkleFileHasher.FileHashes r = hasher.finish();
        assertThat(r.length()).isEqualTo(data.length);
        return new FileResult(r.piecesRoot(), r.pieceLayer());
    }

    private static byte[][] leaves(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < data.length; i += BLOCK) {
            out.add(sha256(slice(data, i, Math.min(BLOCK, data.length - i))));
        }
        return out.toArray(new byte[0][]);
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] slice(byte[] b, int from, int length) {
        return Arrays.copyOfRange(b, from, from + length);
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[parts.length * 32];
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, out, 32 * i, 32);
        }
        return out;
    }

    private static byte[] h(byte[] left, byte[] right) {
        byte[] both = new byte[64];
        System.arraycopy(left, 0, both, 0, 32);
        System.arraycopy(right, 0, both, 32, 32);
        return sha256(both);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
