package io.lodestone.wire;

import io.lodestone.wire.Bep52Fixtures.V2File;
import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;
import io.lodestone.wire.PieceLayerProof.Failed;
import io.lodestone.wire.PieceLayerProof.Verified;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Verifying {@code hashes} answers against pieces roots of real v2 torrents: files of several sizes
 * made by {@link io.lodestone.metainfo.TorrentCreator} with piece lengths from 16 KiB to 1 MiB, every
 * aligned slice of the piece layer (and slices of the block layer) answered with its proof by the
 * fixture's own full tree, and tampered answers rejected.
 */
class Bep52ProofTest {

    private static final int KIB = 1024;
    private static final int[] PIECE_LENGTHS = {16 * KIB, 32 * KIB, 64 * KIB, 256 * KIB, 1024 * KIB};
    private static final long SEED = 0x52_0052L;

    @TempDir
    static Path dir;
    private static final List<V2File> FILES = new ArrayList<>();

    @BeforeAll
    static void createTorrents() throws IOException {
        Random r = new Random(SEED);
        for (int pl : PIECE_LENGTHS) {
            List<Long> sizes = new ArrayList<>(List.of(1000L, pl + 1L, 2L * pl, 3L * pl - 7, 5L * pl + pl / 2));
            if (pl <= 64 * KIB) {
                sizes.add(9L * pl + 12_345);
            }
            if (pl == 16 * KIB) {
                sizes.add(513L * pl + 100); // 514 pieces: two slices of 512, the second short
            }
            FILES.addAll(Bep52Fixtures.torrent(dir, r, pl, sizes.stream().mapToLong(Long::longValue).toArray()));
        }
    }

    @Test
    void fixtureTreesAreTheCreatorsTrees() {
        for (V2File f : FILES) {
            assertThat(f.tree().root()).as(f.name()).isEqualTo(f.piecesRoot());
            assertThat(f.tree().height()).as(f.name()).isEqualTo(PieceLayerProof.treeHeight(f.length()));
            int pieces = pieceCount(f);
            if (pieces > 1) {
                assertThat(f.pieceLayer()).as(f.name()).isEqualTo(f.tree().nodes(base(f), 0, pieces));
            } else {
                assertThat(f.pieceLayer()).as(f.name()).isEmpty();
            }
        }
    }

    @Test
    void everyPieceLayerSliceWithItsProofVerifies() {
        Random r = new Random(SEED + 1);
        int verified = 0;
        int tampered = 0;
        for (V2File f : FILES) {
            if (pieceCount(f) < 2) {
                continue;
            }
            for (HashRequest req : allFullProofRequests(f, base(f))) {
                Hashes answer = f.tree().answer(req);
                PieceLayerProof.Result result = PieceLayerProof.verify(f.piecesRoot(), f.length(), answer);
                assertThat(result).as("%s %s", f.name(), req)
                        .isEqualTo(new Verified(req.baseLayer(), req.index(),
                                f.tree().nodes(req.baseLayer(), req.index(), req.index() + req.length())));
                verified++;
                assertThat(PieceLayerProof.verify(f.piecesRoot(), f.length(), flipHash(answer, r.nextInt(req.length()), r)))
                        .as("%s %s with a hash flipped", f.name(), req).isInstanceOf(Failed.class);
                tampered++;
                if (req.uncleCount() > 0) {
                    assertThat(PieceLayerProof.verify(f.piecesRoot(), f.length(), flipUncle(answer, r.nextInt(req.uncleCount()), r)))
                            .as("%s %s with an uncle flipped", f.name(), req).isInstanceOf(Failed.class);
                    tampered++;
                }
            }
        }
        System.out.printf("Bep52ProofTest: %d piece-layer slices verified, %d tampered copies rejected%n", verified, tampered);
        assertThat(verified).isGreaterThan(1000);
    }

    @Test
    void blockLayerSlicesVerifyToo() {
        int verified = 0;
        for (V2File f : FILES) {
            if (f.tree().height() == 0) {
                continue; // one block: its hash is the root, nothing to request
            }
            for (HashRequest req : allFullProofRequests(f, 0)) {
                if (req.length() > 64) {
                    continue;
                }
                PieceLayerProof.Result result = PieceLayerProof.verify(f.piecesRoot(), f.length(), f.tree().answer(req));
                assertThat(result).as("%s %s", f.name(), req).isInstanceOf(Verified.class);
                assertThat(((Verified) result).hashes())
                        .isEqualTo(f.tree().nodes(0, req.index(), req.index() + req.length()));
                verified++;
            }
        }
        assertThat(verified).isGreaterThan(1000);
    }

    @Test
    void everyFlippedHashAndUncleIsRejected() {
        V2File f = file(64 * KIB, 9L * 64 * KIB + 12_345); // 10 pieces, a piece layer 16 wide
        Random r = new Random(SEED + 2);
        int rejected = 0;
        for (HashRequest req : allFullProofRequests(f, base(f))) {
            Hashes answer = f.tree().answer(req);
            for (int i = 0; i < req.length(); i++) {
                assertThat(PieceLayerProof.verify(f.piecesRoot(), f.length(), flipHash(answer, i, r)))
                        .as("%s hash %d", req, i).isInstanceOf(Failed.class);
                rejected++;
            }
            for (int u = 0; u < req.uncleCount(); u++) {
                assertThat(PieceLayerProof.verify(f.piecesRoot(), f.length(), flipUncle(answer, u, r)))
                        .as("%s uncle %d", req, u).isInstanceOf(Failed.class);
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(60);
    }

    @Test
    void answersThatProveSomethingElseAreRejected() {
        V2File f = file(16 * KIB, 513L * 16 * KIB + 100); // 514 pieces, height 10
        int base = base(f);
        HashRequest req = PieceLayerProof.request(f.piecesRoot(), f.length(), base, 512, 2);
        Hashes good = f.tree().answer(req);
        assertThat(PieceLayerProof.verify(f.piecesRoot(), f.length(), good)).isInstanceOf(Verified.class);

        // padding past the end is part of what is proven: piece 513 is real, 514.. are zero hashes
        HashRequest pad = PieceLayerProof.request(f.piecesRoot(), f.length(), base, 516, 4);
        Verified padding = (Verified) PieceLayerProof.verify(f.piecesRoot(), f.length(), f.tree().answer(pad));
        assertThat(padding.hashes()).isEqualTo(new byte[4 * 32]);

        // the two hashes swapped
        byte[] h = good.hashes();
        byte[] swapped = new byte[64];
        System.arraycopy(h, 32, swapped, 0, 32);
        System.arraycopy(h, 0, swapped, 32, 32);
        assertFails(f, new Hashes(req, swapped, good.proof()), "do not hash up to the pieces root");

        // the same hashes and proof claimed for the neighbouring slice
        HashRequest shifted = new HashRequest(f.piecesRoot(), base, 514, 2, req.proofLayers());
        assertFails(f, new Hashes(shifted, good.hashes(), good.proof()), "do not hash up to the pieces root");

        // the layer above passed off as the piece layer, with a proof one uncle shorter: it reaches
        // the root only if the height is not checked
        HashRequest above = new HashRequest(f.piecesRoot(), base + 1, 256, 2, req.proofLayers() - 1);
        Hashes aboveAnswer = f.tree().answer(above);
        HashRequest posing = new HashRequest(f.piecesRoot(), base, 256, 2, req.proofLayers() - 1);
        assertFails(f, new Hashes(posing, aboveAnswer.hashes(), aboveAnswer.proof()),
                "8 uncles take 2 hashes of layer 0 to layer 9, the root is at layer 10");

        // a proof that stops below the root cannot be checked against it
        HashRequest shortProof = new HashRequest(f.piecesRoot(), base, 512, 2, req.proofLayers() - 1);
        assertFails(f, f.tree().answer(shortProof), "8 uncles take 2 hashes of layer 0 to layer 9");

        // another file's root, or this root with another file's length
        assertFails(f, new Hashes(new HashRequest(new byte[32], base, 512, 2, req.proofLayers()), good.hashes(), good.proof()),
                "hashes for another pieces root");
        assertThat(PieceLayerProof.verify(new byte[32], f.length(), good)).isEqualTo(new Failed("hashes for another pieces root"));
        assertThat(PieceLayerProof.verify(f.piecesRoot(), f.length() * 2, good)).isInstanceOf(Failed.class);
        assertThat(PieceLayerProof.verify(f.piecesRoot(), 16 * KIB * 256L, good)).isInstanceOf(Failed.class);
    }

    @Test
    void theGeneralCheckRefusesMalformedArguments() {
        V2File f = file(32 * KIB, 5L * 32 * KIB + 16 * KIB); // 6 pieces of 2 blocks: 11 blocks, height 4
        Hashes good = f.tree().answer(PieceLayerProof.request(f.piecesRoot(), f.length(), 1, 0, 2));
        byte[] root = f.piecesRoot();
        assertThat(PieceLayerProof.verify(root, 4, 1, 0, 2, good.hashes(), good.proof())).isInstanceOf(Verified.class);
        assertThat(PieceLayerProof.verify(new byte[31], 4, 1, 0, 2, good.hashes(), good.proof())).isInstanceOf(Failed.class);
        assertThat(PieceLayerProof.verify(root, 0, 1, 0, 2, good.hashes(), good.proof())).isInstanceOf(Failed.class);
        assertThat(PieceLayerProof.verify(root, 37, 1, 0, 2, good.hashes(), good.proof())).isInstanceOf(Failed.class);
        assertThat(PieceLayerProof.verify(root, 4, 4, 0, 2, good.hashes(), good.proof())).isInstanceOf(Failed.class);
        assertThat(PieceLayerProof.verify(root, 4, -1, 0, 2, good.hashes(), good.proof())).isInstanceOf(Failed.class);
        assertThat(PieceLayerProof.verify(root, 4, 1, 0, 3, good.hashes(), good.proof())).isInstanceOf(Failed.class);
        assertThat(PieceLayerProof.verify(root, 4, 1, 1, 2, good.hashes(), good.proof())).isInstanceOf(Failed.class);
        assertThat(PieceLayerProof.verify(root, 4, 1, 8, 2, good.hashes(), good.proof())).isInstanceOf(Failed.class);
        assertThat(PieceLayerProof.verify(root, 4, 1, 0, 2, new byte[63], good.proof())).isInstanceOf(Failed.class);
        assertThat(PieceLayerProof.verify(root, 4, 1, 0, 2, good.hashes(), new byte[33])).isInstanceOf(Failed.class);
        assertThat(PieceLayerProof.verify(root, 4, 1, 0, 2, good.hashes(), new byte[0])).isInstanceOf(Failed.class);
    }

    @Test
    void requestsReachTheRoot() {
        V2File f = file(16 * KIB, 513L * 16 * KIB + 100);
        HashRequest r = PieceLayerProof.request(f.piecesRoot(), f.length(), 0, 512, 512);
        assertThat(r.proofLayers()).isEqualTo(9);
        assertThat(r.uncleCount()).isEqualTo(1);
        assertThat(r.topLayer()).isEqualTo(10);
        assertThat(PieceLayerProof.request(f.piecesRoot(), f.length(), 0, 0, 1024).uncleCount()).isZero();
        assertThatThrownBy(() -> PieceLayerProof.request(f.piecesRoot(), f.length(), 10, 0, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PieceLayerProof.request(f.piecesRoot(), f.length(), 1, 512, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PieceLayerProof.treeHeight(1)).isZero();
        assertThat(PieceLayerProof.treeHeight(16 * KIB)).isZero();
        assertThat(PieceLayerProof.treeHeight(16 * KIB + 1)).isEqualTo(1);
        assertThat(PieceLayerProof.treeHeight(1L << 50)).isEqualTo(HashMessage.MAX_TREE_HEIGHT);
        assertThatThrownBy(() -> PieceLayerProof.treeHeight(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PieceLayerProof.treeHeight((1L << 50) + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PieceLayerProof.pieceLayer(16 * KIB)).isZero();
        assertThat(PieceLayerProof.pieceLayer(1024 * KIB)).isEqualTo(6);
    }

    @Test
    void pieceLayerTreeAnswersAsAFullTreeDoes() {
        int answered = 0;
        for (V2File f : FILES) {
            if (pieceCount(f) < 2) {
                continue;
            }
            PieceLayerTree t = PieceLayerTree.fromLayer(f.piecesRoot(), f.length(), f.pieceLength(), f.pieceLayer());
            assertThat(t.treeHeight()).isEqualTo(f.tree().height());
            for (int base = base(f); base < f.tree().height(); base++) {
                int width = f.tree().layer(base).size();
                for (int length = 2; length <= width; length *= 2) {
                    for (int index = 0; index < width; index += length) {
                        for (int p = 0; base + p < f.tree().height(); p++) {
                            HashRequest req = new HashRequest(f.piecesRoot(), base, index, length, p);
                            assertThat(t.answer(req)).as("%s %s", f.name(), req).contains(f.tree().answer(req));
                            answered++;
                        }
                    }
                }
            }
            int h = f.tree().height();
            if (base(f) > 0) {
                assertThat(t.answer(new HashRequest(f.piecesRoot(), base(f) - 1, 0, 2, 0))).as("below the piece layer").isEmpty();
            }
            assertThat(t.answer(new HashRequest(f.piecesRoot(), base(f), 0, 2, h - base(f)))).as("proof to the root").isEmpty();
            assertThat(t.answer(new HashRequest(f.piecesRoot(), base(f), 1 << (h - base(f)), 2, 0))).as("past the layer").isEmpty();
            assertThat(t.answer(new HashRequest(new byte[32], base(f), 0, 2, 0))).as("another root").isEmpty();

            byte[] wrong = f.pieceLayer().clone();
            wrong[wrong.length - 1] ^= 1;
            assertThatThrownBy(() -> PieceLayerTree.fromLayer(f.piecesRoot(), f.length(), f.pieceLength(), wrong))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("the layer does not hash to the pieces root");
            byte[] shortLayer = java.util.Arrays.copyOf(f.pieceLayer(), f.pieceLayer().length - 32);
            assertThatThrownBy(() -> PieceLayerTree.fromLayer(f.piecesRoot(), f.length(), f.pieceLength(), shortLayer))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        System.out.printf("Bep52ProofTest: %d requests answered by PieceLayerTree as by the full tree%n", answered);
        assertThat(answered).isGreaterThan(1000);
    }

    // ---- helpers ----

    /** Every aligned request of layer {@code base} (lengths 2 to the layer's width), proven to the root. */
    static List<HashRequest> allFullProofRequests(V2File f, int base) {
        List<HashRequest> out = new ArrayList<>();
        int width = f.tree().layer(base).size();
        for (int length = 2; length <= Math.min(width, HashMessage.MAX_HASHES); length *= 2) {
            for (int index = 0; index < width; index += length) {
                out.add(PieceLayerProof.request(f.piecesRoot(), f.length(), base, index, length));
            }
        }
        return out;
    }

    static int base(V2File f) {
        return PieceLayerProof.pieceLayer(f.pieceLength());
    }

    static int pieceCount(V2File f) {
        return (int) ((f.length() + f.pieceLength() - 1) / f.pieceLength());
    }

    private static V2File file(int pieceLength, long length) {
        return FILES.stream().filter(f -> f.pieceLength() == pieceLength && f.length() == length).findFirst().orElseThrow();
    }

    private static void assertFails(V2File f, Hashes answer, String reason) {
        PieceLayerProof.Result result = PieceLayerProof.verify(f.piecesRoot(), f.length(), answer);
        assertThat(result).isInstanceOf(Failed.class);
        assertThat(((Failed) result).reason()).contains(reason);
    }

    static Hashes flipHash(Hashes a, int i, Random r) {
        byte[] h = a.hashes();
        h[i * 32 + r.nextInt(32)] ^= (byte) (1 << r.nextInt(8));
        return new Hashes(a.request(), h, a.proof());
    }

    static Hashes flipUncle(Hashes a, int u, Random r) {
        byte[] p = a.proof();
        p[u * 32 + r.nextInt(32)] ^= (byte) (1 << r.nextInt(8));
        return new Hashes(a.request(), a.hashes(), p);
    }
}
