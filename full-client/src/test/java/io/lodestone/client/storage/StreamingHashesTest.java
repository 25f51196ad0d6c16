package io.lodestone.client.storage;

import io.lodestone.client.storage.StreamingHashes.Outcome;
import io.lodestone.metainfo.CreateOptions.Format;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Verifying pieces from the blocks as they are written, without reading them back. */
class StreamingHashesTest {

    private static final int K16 = TorrentLayout.BLOCK_SIZE;
    private static final int PIECE = 4 * K16;

    @TempDir
    Path tmp;

    /** Files over several pieces, with unaligned ends (hybrid torrents pad those). */
    private static Map<String, Integer> files() {
        return Map.of("a.bin", 3 * PIECE + 5_000, "b.bin", PIECE + 2 * K16 + 7, "c.bin", 9_000);
    }

    private static void write(PieceStore store, StreamingHashes hashes, int piece, int block, ByteBuffer data)
            throws IOException {
        store.writeBlock(piece, block * K16, data.duplicate());
        hashes.written(piece, block * K16, data);
    }

    /** Pieces with a pad file read back; every other verdict must match the read-back's. */
    private static void assertAllVerify(PieceStore store, StreamingHashes hashes) throws IOException {
        int streamed = 0;
        for (int p = 0; p < store.layout().pieceCount(); p++) {
            Outcome o = hashes.finish(p);
            if (store.touchesPad(p)) {
                assertThat(o).as("piece %d has a pad", p).isEqualTo(Outcome.UNKNOWN);
            } else {
                assertThat(o).as("piece %d", p).isEqualTo(Outcome.PASSED);
                streamed++;
            }
            assertThat(store.verifyPiece(p)).isTrue();
        }
        assertThat(streamed).isGreaterThan(2);
        assertThat(hashes.inProgress()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void blocksInOrderVerifyEveryPiece(Format format) throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, format, PIECE, files(), 1);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), StorageConfig.defaults())) {
            StreamingHashes hashes = new StreamingHashes(store);
            for (int[] b : fx.blocks()) {
                write(store, hashes, b[0], b[1], fx.blockData(b[0], b[1]));
            }
            assertAllVerify(store, hashes);
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void blocksInPartsVerifyAsWhole(Format format) throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, format, PIECE, files(), 1);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), StorageConfig.defaults())) {
            StreamingHashes hashes = new StreamingHashes(store);
            for (int[] b : fx.blocks()) {
                ByteBuffer data = fx.blockData(b[0], b[1]);
                store.writeBlock(b[0], b[1] * K16, data.duplicate());
                int cut = data.remaining() / 3; // a block whose frame spanned two socket reads
                ByteBuffer head = data.duplicate().limit(data.position() + cut);
                ByteBuffer tail = data.duplicate().position(data.position() + cut);
                hashes.written(b[0], b[1] * K16, head, tail);
            }
            assertAllVerify(store, hashes);
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void blocksOutOfOrderStillVerifyWhenTheGapCloses(Format format) throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, format, PIECE, files(), 2);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), StorageConfig.defaults())) {
            StreamingHashes hashes = new StreamingHashes(store);
            for (int[] b : fx.shuffledBlocks(7)) {
                write(store, hashes, b[0], b[1], fx.blockData(b[0], b[1]));
            }
            assertAllVerify(store, hashes);
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void aCorruptedBlockFailsItsPieceOnly(Format format) throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, format, PIECE, files(), 3);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), StorageConfig.defaults())) {
            StreamingHashes hashes = new StreamingHashes(store);
            int bad = 1;
            assertThat(store.touchesPad(bad)).isFalse();
            for (int[] b : fx.shuffledBlocks(11)) {
                ByteBuffer data = fx.blockData(b[0], b[1]);
                if (b[0] == bad && b[1] == 2) {
                    byte[] copy = new byte[data.remaining()];
                    data.duplicate().get(copy);
                    copy[100] ^= 0x40;
                    data = ByteBuffer.wrap(copy);
                }
                write(store, hashes, b[0], b[1], data);
            }
            assertThat(hashes.finish(bad)).isEqualTo(Outcome.FAILED);
            assertThat(store.verifyPiece(bad)).isFalse();
            assertThat(hashes.finish(0)).isEqualTo(Outcome.PASSED);
        }
    }

    @Test
    void aBlockWrittenTwiceOrOddlyOrAPieceLeftShortIsReadBack() throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, Format.V1, PIECE, files(), 4);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), StorageConfig.defaults())) {
            StreamingHashes hashes = new StreamingHashes(store);
            // piece 0: block 1 comes twice (an end-game duplicate that slipped through), the second one bad
            for (int b = 0; b < 4; b++) {
                write(store, hashes, 0, b, fx.blockData(0, b));
            }
            ByteBuffer evil = ByteBuffer.allocate(K16);
            write(store, hashes, 0, 1, evil);
            assertThat(hashes.finish(0)).isEqualTo(Outcome.UNKNOWN);
            assertThat(store.verifyPiece(0)).isFalse();
            // piece 1: a half block
            ByteBuffer half = fx.blockData(1, 0).limit(K16 / 2);
            store.writeBlock(1, 0, half.duplicate());
            hashes.written(1, 0, half);
            for (int b = 1; b < 4; b++) {
                write(store, hashes, 1, b, fx.blockData(1, b));
            }
            assertThat(hashes.finish(1)).isEqualTo(Outcome.UNKNOWN);
            // piece 2: its last block never came; piece 3: a write failed
            for (int b = 0; b < 3; b++) {
                write(store, hashes, 2, b, fx.blockData(2, b));
                write(store, hashes, 3, b, fx.blockData(3, b));
            }
            hashes.writeFailed(3);
            write(store, hashes, 3, 3, fx.blockData(3, 3));
            assertThat(hashes.finish(2)).isEqualTo(Outcome.UNKNOWN);
            assertThat(hashes.finish(3)).isEqualTo(Outcome.UNKNOWN);
            // once finished, a piece starts over: downloaded again, it streams again
            for (int b = 0; b < 4; b++) {
                write(store, hashes, 0, b, fx.blockData(0, b));
            }
            assertThat(hashes.finish(0)).isEqualTo(Outcome.PASSED);
        }
    }

    @Test
    void withoutThePieceLayerV2IsReadBackAndHybridFallsBackToV1() throws IOException {
        for (Format format : List.of(Format.V2, Format.HYBRID)) {
            Path dir = tmp.resolve(format.name());
            StorageFixture fx = StorageFixture.single(dir, format, PIECE, 3 * PIECE, 5);
            Metainfo bare = MetainfoParser.parseInfo(fx.metainfo().infoBytes());
            try (PieceStore store = PieceStore.open(bare, dir.resolve("dl"), StorageConfig.defaults())) {
                StreamingHashes hashes = new StreamingHashes(store);
                for (int[] b : fx.blocks()) {
                    write(store, hashes, b[0], b[1], fx.blockData(b[0], b[1]));
                }
                assertThat(hashes.finish(0)).isEqualTo(format == Format.V2 ? Outcome.UNKNOWN : Outcome.PASSED);
            }
        }
    }
}
