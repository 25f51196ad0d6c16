package io.lodestone.client.storage;

import io.lodestone.metainfo.CreateOptions.Format;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BEP 52 checks when the piece layers are not in hand: a magnet's bare info dict. */
class V2VerificationTest {

    private static final int K16 = 16 * 1024;

    @TempDir
    Path tmp;

    private static Map<String, Integer> files() {
        return Map.of("big.bin", 5 * K16 + 3, "small.bin", 9_000);
    }

    @Test
    void withoutLayersOnlySinglePieceFilesCanBeCheckedUntilTheLayerArrives() throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, Format.V2, K16, files(), 4);
        Metainfo bare = MetainfoParser.parseInfo(fx.metainfo().infoBytes());
        assertThat(bare.pieceLayers()).isEmpty();
        try (PieceStore store = PieceStore.open(bare, tmp.resolve("download"), StorageConfig.defaults());
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            int pieces = store.layout().pieceCount();
            for (int p = 0; p < pieces; p++) {
                fx.writePiece(store, p);
            }
            TorrentFile big = bare.files().stream().filter(f -> f.path().getLast().equals("big.bin")).findFirst().orElseThrow();
            int bigFirst = (int) (big.offset() / K16);
            int small = bigFirst == 0 ? pieces - 1 : 0;
            assertThat(store.canVerify(bigFirst)).isFalse();
            assertThatThrownBy(() -> store.verifyPiece(bigFirst)).isInstanceOf(IllegalStateException.class);
            assertThat(store.canVerify(small)).isTrue();
            assertThat(store.verifyPiece(small)).isTrue();
            BitSet onlySmall = new BitSet();
            onlySmall.set(small);
            assertThat(store.recheck(pool)).isEqualTo(onlySmall);

            assertThat(store.missingPieceLayers()).hasSize(1);
            byte[] root = big.piecesRoot();
            byte[] layer = fx.metainfo().pieceLayer(root);
            byte[] wrong = layer.clone();
            wrong[5] ^= 1;
            assertThat(store.addPieceLayer(root, wrong)).isFalse();
            assertThat(store.addPieceLayer(root, java.util.Arrays.copyOf(layer, layer.length - 32))).isFalse();
            assertThat(store.addPieceLayer(new byte[32], layer)).isFalse();
            assertThat(store.canVerify(bigFirst)).isFalse();
            assertThat(store.addPieceLayer(root, layer)).isTrue();
            assertThat(store.missingPieceLayers()).isEmpty();
            assertThat(store.recheck(pool).cardinality()).isEqualTo(pieces);
        }
    }

    @Test
    void hybridWithoutLayersStillChecksV1() throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, Format.HYBRID, K16, files(), 4);
        Metainfo bare = MetainfoParser.parseInfo(fx.metainfo().infoBytes());
        try (PieceStore store = PieceStore.open(bare, tmp.resolve("download"), StorageConfig.defaults())) {
            for (int p = 0; p < store.layout().pieceCount(); p++) {
                fx.writePiece(store, p);
                assertThat(store.canVerify(p)).isTrue();
                assertThat(store.verifyPiece(p)).isTrue();
            }
        }
    }
}
