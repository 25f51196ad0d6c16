package io.lodestone.wire;

import io.lodestone.metainfo.MerkleTree;
import io.lodestone.wire.Bep52Fixtures.V2File;
import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;
import io.lodestone.wire.PieceLayerAssembler.Complete;
import io.lodestone.wire.PieceLayerAssembler.Duplicate;
import io.lodestone.wire.PieceLayerAssembler.Outcome;
import io.lodestone.wire.PieceLayerAssembler.Rejected;
import io.lodestone.wire.PieceLayerAssembler.Stored;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Assembling whole piece layers from verified slices, as a client does for a v2 magnet: the
 * requests planned, answers from the fixture's full tree in any order, forged answers refused
 * without effect, and a finished layer that is exactly the .torrent's and hashes to its root.
 */
class PieceLayerAssemblerTest {

    private static final int KIB = 1024;
    private static final long SEED = 0xA55E_3B1EL;

    @TempDir
    static Path dir;
    private static final List<V2File> FILES = new ArrayList<>();

    @BeforeAll
    static void createTorrents() throws IOException {
        Random r = new Random(SEED);
        // 2, 3, 512, 513 and 1030 pieces of 16 KiB; 6 pieces of 64 KiB; 3 of 1 MiB
        FILES.addAll(Bep52Fixtures.torrent(dir, r, 16 * KIB, 2L * 16 * KIB, 2L * 16 * KIB + 1, 512L * 16 * KIB,
                513L * 16 * KIB - 3, 1030L * 16 * KIB));
        FILES.addAll(Bep52Fixtures.torrent(dir, r, 64 * KIB, 5L * 64 * KIB + 1));
        FILES.addAll(Bep52Fixtures.torrent(dir, r, 1024 * KIB, 2L * 1024 * KIB + 5));
    }

    @Test
    void requestsCoverTheLayerInAlignedSlicesProvenToTheRoot() {
        assertThat(plan(16 * KIB, 2)).containsExactly("0+2");
        assertThat(plan(16 * KIB, 3)).containsExactly("0+4");
        assertThat(plan(16 * KIB, 512)).containsExactly("0+512");
        // the second slice holds one real piece; BEP 52 asks for at least two hashes
        assertThat(plan(16 * KIB, 513)).containsExactly("0+512", "512+2");
        assertThat(plan(16 * KIB, 1030)).containsExactly("0+512", "512+512", "1024+8");
        assertThat(plan(64 * KIB, 6)).containsExactly("0+8");

        for (V2File f : FILES) {
            PieceLayerAssembler a = assembler(f);
            for (HashRequest r : a.missingRequests()) {
                assertThat(r.baseLayer()).isEqualTo(a.pieceLayer());
                assertThat(r.isFor(f.piecesRoot())).isTrue();
                assertThat(r.topLayer()).as("%s reaches the root", r).isEqualTo(f.tree().height());
                assertThat(r.length()).isLessThanOrEqualTo(PieceLayerAssembler.SLICE_HASHES);
            }
        }
    }

    @Test
    void answersInAnyOrderBuildTheTorrentsLayer() {
        Random r = new Random(SEED + 1);
        for (V2File f : FILES) {
            PieceLayerAssembler a = assembler(f);
            List<HashRequest> requests = new ArrayList<>(a.missingRequests());
            Collections.shuffle(requests, r);
            assertThat(a.layer()).isEmpty();
            Outcome last = null;
            for (HashRequest req : requests) {
                assertThat(a.isComplete()).isFalse();
                last = a.accept(f.tree().answer(req));
                assertThat(last).isInstanceOfAny(Stored.class, Complete.class);
            }
            assertThat(last).as(f.name()).isEqualTo(new Complete(f.pieceLayer()));
            assertThat(a.isComplete()).isTrue();
            assertThat(a.missing()).isZero();
            assertThat(a.missingRequests()).isEmpty();
            assertThat(a.layer()).hasValueSatisfying(layer -> {
                assertThat(layer).isEqualTo(f.pieceLayer());
                assertThat(hashesToRoot(layer, f)).isTrue(); // what PieceStore.addPieceLayer checks
            });
            // once complete, every further answer is a duplicate
            assertThat(a.accept(f.tree().answer(requests.getFirst()))).isInstanceOf(Duplicate.class);
        }
    }

    @Test
    void smallerSlicesFromOtherPeersFillTheGapsToo() {
        V2File f = file(16 * KIB, 1030);
        PieceLayerAssembler a = assembler(f);
        int base = a.pieceLayer();
        // a 2-hash slice, then a 64-hash one around it, then the planned slices
        Outcome first = a.accept(f.tree().answer(PieceLayerProof.request(f.piecesRoot(), f.length(), base, 100, 2)));
        assertThat(first).isEqualTo(new Stored(100, 102, 1028));
        assertThat(a.has(100)).isTrue();
        assertThat(a.has(102)).isFalse();
        Outcome second = a.accept(f.tree().answer(PieceLayerProof.request(f.piecesRoot(), f.length(), base, 64, 64)));
        assertThat(second).isEqualTo(new Stored(64, 128, 1030 - 64));
        assertThat(a.accept(f.tree().answer(PieceLayerProof.request(f.piecesRoot(), f.length(), base, 96, 8))))
                .isEqualTo(new Duplicate(96, 8));
        // still three slices to ask for: the first is only partly in
        assertThat(a.missingRequests()).hasSize(3);
        // the padding-only slice brings nothing
        assertThat(a.accept(f.tree().answer(PieceLayerProof.request(f.piecesRoot(), f.length(), base, 1536, 512))))
                .isEqualTo(new Duplicate(1536, 512));
        Outcome last = null;
        for (HashRequest r : a.missingRequests()) {
            last = a.accept(f.tree().answer(r));
        }
        assertThat(last).isEqualTo(new Complete(f.pieceLayer()));
    }

    @Test
    void forgedAnswersAreRefusedAndChangeNothing() {
        Random r = new Random(SEED + 2);
        V2File f = file(16 * KIB, 513);
        V2File other = file(16 * KIB, 1030);
        PieceLayerAssembler a = assembler(f);
        HashRequest req = a.missingRequests().getFirst();
        Hashes good = f.tree().answer(req);

        assertThat(a.accept(Bep52ProofTest.flipHash(good, r.nextInt(req.length()), r))).isInstanceOf(Rejected.class);
        assertThat(a.accept(Bep52ProofTest.flipUncle(good, 0, r))).isInstanceOf(Rejected.class);
        assertThat(a.accept(other.tree().answer(PieceLayerProof.request(other.piecesRoot(), other.length(), 0, 0, 512))))
                .isEqualTo(new Rejected("hashes for another pieces root"));
        // block hashes are not the piece layer (here they would be: use a 64 KiB file)
        V2File big = file(64 * KIB, 6);
        PieceLayerAssembler b = assembler(big);
        assertThat(b.accept(big.tree().answer(PieceLayerProof.request(big.piecesRoot(), big.length(), 0, 0, 8))))
                .isEqualTo(new Rejected("hashes of layer 0, not the piece layer 2"));
        // a proof that does not reach the root
        HashRequest shortProof = new HashRequest(f.piecesRoot(), 0, 0, 512, 8);
        assertThat(a.accept(f.tree().answer(shortProof))).isInstanceOf(Rejected.class);

        assertThat(a.missing()).isEqualTo(513);
        assertThat(a.has(0)).isFalse();
        assertThat(a.accept(good)).isEqualTo(new Stored(0, 512, 1));
    }

    @Test
    void filesWithoutALayerAreRefused() {
        byte[] root = new byte[32];
        assertThat(PieceLayerAssembler.needsLayer(16 * KIB, 16 * KIB)).isFalse();
        assertThat(PieceLayerAssembler.needsLayer(16 * KIB + 1, 16 * KIB)).isTrue();
        assertThatThrownBy(() -> new PieceLayerAssembler(root, 16 * KIB, 16 * KIB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PieceLayerAssembler(root, 1, 16 * KIB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PieceLayerAssembler(new byte[20], 1 << 20, 16 * KIB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PieceLayerAssembler(root, 1 << 20, 3 * 16 * KIB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PieceLayerAssembler(root, (1L << 21) * 16 * KIB + 1, 16 * KIB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed the limit");
        // the largest allowed layer costs nothing until hashes arrive
        PieceLayerAssembler huge = new PieceLayerAssembler(root, (1L << 21) * 16 * KIB, 16 * KIB);
        assertThat(huge.pieceCount()).isEqualTo(1 << 21);
        assertThat(huge.missingRequests()).hasSize((1 << 21) / PieceLayerAssembler.SLICE_HASHES);
        assertThat(huge.requestFor((1 << 21) - 1).index()).isEqualTo((1 << 21) - PieceLayerAssembler.SLICE_HASHES);
    }

    // ---- helpers ----

    private static List<String> plan(int pieceLength, int pieces) {
        V2File f = file(pieceLength, pieces);
        return assembler(f).missingRequests().stream().map(r -> r.index() + "+" + r.length()).toList();
    }

    private static PieceLayerAssembler assembler(V2File f) {
        return new PieceLayerAssembler(f.piecesRoot(), f.length(), f.pieceLength());
    }

    private static V2File file(int pieceLength, int pieces) {
        return FILES.stream()
                .filter(f -> f.pieceLength() == pieceLength && (f.length() + pieceLength - 1) / pieceLength == pieces)
                .findFirst().orElseThrow();
    }

    /** The check full-client's storage applies to a layer: its hashes, padded, give the root. */
    private static boolean hashesToRoot(byte[] layer, V2File f) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < layer.length; i += 32) {
            hashes.add(java.util.Arrays.copyOfRange(layer, i, i + 32));
        }
        int height = MerkleTree.log2(f.pieceLength() / MerkleTree.BLOCK_SIZE);
        return java.util.Arrays.equals(MerkleTree.root(hashes, height, MerkleTree.nextPowerOfTwo(hashes.size())), f.piecesRoot());
    }
}
