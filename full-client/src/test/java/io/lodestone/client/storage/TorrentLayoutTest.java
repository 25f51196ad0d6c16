package io.lodestone.client.storage;

import io.lodestone.metainfo.CreateOptions.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TorrentLayoutTest {

    private static final int K16 = 16 * 1024;

    @TempDir
    Path tmp;

    private static Map<String, Integer> twoFiles() {
        Map<String, Integer> f = new LinkedHashMap<>();
        f.put("a", 2 * K16 + 100); // 3 pieces of 16 KiB, the last 100 bytes
        f.put("b", K16 + 1);       // 2 pieces, the last 1 byte
        return f;
    }

    @Test
    void v1IsOneStreamWithOnlyTheLastPieceShort() throws IOException {
        TorrentLayout l = StorageFixture.multi(tmp, Format.V1, K16, twoFiles(), 1).layout();
        assertThat(l.totalSize()).isEqualTo(3 * K16 + 101);
        assertThat(l.pieceCount()).isEqualTo(4);
        assertThat(List.of(l.pieceSize(0), l.pieceSize(1), l.pieceSize(2), l.pieceSize(3)))
                .containsExactly(K16, K16, K16, 101);
        assertThat(l.pads()).isEmpty();
    }

    @Test
    void v2StartsEveryFileOnAPieceSoEachFileEndsShort() throws IOException {
        TorrentLayout l = StorageFixture.multi(tmp, Format.V2, K16, twoFiles(), 1).layout();
        assertThat(l.pieceCount()).isEqualTo(5);
        assertThat(List.of(l.pieceSize(0), l.pieceSize(1), l.pieceSize(2), l.pieceSize(3), l.pieceSize(4)))
                .containsExactly(K16, K16, 100, K16, 1);
        assertThat(l.totalSize()).isEqualTo(3 * K16 + 101);
        assertThat(l.blockCount(2)).isEqualTo(1);
        assertThat(l.blockSize(2, 0)).isEqualTo(100);
    }

    @Test
    void hybridPadsEachFileToAPieceAndPadBlocksAreKnown() throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, Format.HYBRID, K16, twoFiles(), 1);
        TorrentLayout l = fx.layout();
        assertThat(l.pieceCount()).isEqualTo(5);
        assertThat(l.pieceSize(2)).isEqualTo(K16); // 100 bytes of a, then pad
        assertThat(l.pads()).isNotEmpty();
        assertThat(l.isPadBlock(2, 0)).isFalse();
        assertThat(l.totalSize()).as("pads included").isEqualTo(fx.metainfo().files().stream().mapToLong(f -> f.size()).sum())
                .isGreaterThan(fx.metainfo().totalSize());
    }

    @Test
    void blocksOfLargePiecesAndPadOnlyBlocks() {
        long pl = 4 * K16;
        TorrentLayout l = new TorrentLayout(pl, 2, 2 * pl - 10, List.of(new TorrentLayout.Extent(0, 2 * pl - 10)),
                List.of(new TorrentLayout.Extent(pl - K16 - 5, pl)));
        assertThat(l.blockCount(0)).isEqualTo(4);
        assertThat(l.blockSize(1, 3)).isEqualTo(K16 - 10);
        assertThat(l.isPadBlock(0, 2)).as("partly data").isFalse();
        assertThat(l.isPadBlock(0, 3)).isTrue();
        assertThat(l.isPadBlock(1, 0)).isFalse();
        assertThatThrownBy(() -> l.blockSize(1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> l.pieceSize(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void inconsistentLayoutsAreRefused() {
        assertThatThrownBy(() -> new TorrentLayout(K16, 3, 2 * K16, List.of(new TorrentLayout.Extent(0, 2 * K16)), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TorrentLayout(K16, 2, 2 * K16,
                List.of(new TorrentLayout.Extent(0, K16 + 5), new TorrentLayout.Extent(K16 + 5, 2 * K16)), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
