package io.lodestone.client.storage;

import io.lodestone.metainfo.CreateOptions.Format;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PieceStoreTest {

    private static final int K16 = 16 * 1024;

    @TempDir
    Path tmp;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (Format f : Format.values()) {
            for (int pl : new int[] {K16, 2 * K16}) {
                out.add(Arguments.of(f, pl, true));
                out.add(Arguments.of(f, pl, false));
            }
        }
        return out.stream();
    }

    private StorageFixture fixture(Format format, int pieceLength, boolean single) throws IOException {
        return single ? StorageFixture.single(tmp, format, pieceLength, 5 * pieceLength + 1234, 11)
                : StorageFixture.multi(tmp, format, pieceLength, StorageFixture.awkwardFiles(), 12);
    }

    @ParameterizedTest(name = "{0} piece {1} single {2}")
    @MethodSource("shapes")
    void blocksInRandomOrderVerifyAndReadBack(Format format, int pieceLength, boolean single) throws IOException {
        StorageFixture fx = fixture(format, pieceLength, single);
        Path out = tmp.resolve("download");
        try (PieceStore store = PieceStore.open(fx.metainfo(), out, StorageConfig.defaults())) {
            TorrentLayout layout = store.layout();
            for (int p = 0; p < layout.pieceCount(); p++) {
                assertThat(store.verifyPiece(p)).as("piece %d before writing", p).isFalse();
            }
            for (int[] b : fx.shuffledBlocks(3)) {
                store.writeBlock(b[0], b[1] * K16, fx.blockData(b[0], b[1]));
            }
            for (int p = 0; p < layout.pieceCount(); p++) {
                assertThat(store.verifyPiece(p)).as("piece %d", p).isTrue();
            }
            for (int[] b : fx.blocks()) {
                ByteBuffer dst = ByteBuffer.allocate(layout.blockSize(b[0], b[1]));
                store.readBlock(b[0], b[1] * K16, dst);
                assertThat(dst.position()).isEqualTo(dst.limit());
                assertThat(dst.flip()).isEqualTo(fx.blockData(b[0], b[1]));
            }
        }
        for (Map.Entry<String, byte[]> e : fx.files().entrySet()) {
            assertThat(Files.readAllBytes(fx.target(out, e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(out.resolve(fx.metainfo().name()).resolve(".pad")).as("pad files are never written").doesNotExist();
    }

    @Test
    void createsEmptyFilesAndNoPadFilesUpFront() throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, Format.HYBRID, K16, StorageFixture.awkwardFiles(), 1);
        assertThat(fx.metainfo().files()).anyMatch(f -> f.pad());
        Path out = tmp.resolve("download");
        try (PieceStore ignored = PieceStore.open(fx.metainfo(), out, StorageConfig.defaults())) {
            assertThat(fx.target(out, "dir/empty")).isRegularFile().isEmptyFile();
            assertThat(fx.target(out, "z.bin")).isRegularFile().isEmptyFile(); // sparse: grows as blocks land
            assertThat(out.resolve("payload/.pad")).doesNotExist();
        }
    }

    @Test
    void fullLengthAtOpenSizesFilesWithoutWritingData() throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, Format.V1, K16, StorageFixture.awkwardFiles(), 1);
        Path out = tmp.resolve("download");
        try (PieceStore store = PieceStore.open(fx.metainfo(), out, new StorageConfig(8, true, StorageConfig.DEFAULT_WRITE_BEHIND_BYTES, 0, 0))) {
            assertThat(Files.size(fx.target(out, "z.bin"))).isEqualTo(70_000);
            assertThat(store.recheck(pool()).isEmpty()).isTrue();
        }
    }

    @Test
    void writeBehindPassesAsBlocksLandAndTheFinalSyncStillSucceeds() throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, Format.V1, K16, StorageFixture.awkwardFiles(), 5);
        Path out = tmp.resolve("download");
        // a pass after every 16 KiB: many run, in the background, while later blocks are written
        try (PieceStore store = PieceStore.open(fx.metainfo(), out, new StorageConfig(4, false, K16, 0, 0))) {
            for (int p = 0; p < store.layout().pieceCount(); p++) {
                fx.writePiece(store, p);
            }
            store.sync();
            assertThat(store.recheck(pool()).cardinality()).isEqualTo(store.layout().pieceCount());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void corruptedPieceFailsVerification(Format format) throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, format, K16, StorageFixture.awkwardFiles(), 5);
        Path out = tmp.resolve("download");
        try (PieceStore store = PieceStore.open(fx.metainfo(), out, StorageConfig.defaults())) {
            for (int p = 0; p < store.layout().pieceCount(); p++) {
                fx.writePiece(store, p);
            }
            // one bit of z.bin's 2nd 16 KiB, which is a whole piece in every format here
            try (RandomAccessFile f = new RandomAccessFile(fx.target(out, "z.bin").toFile(), "rw")) {
                f.seek(K16 + 77);
                int b = f.read();
                f.seek(K16 + 77);
                f.write(b ^ 0x10);
            }
            BitSet ok = store.recheck(pool());
            assertThat(ok.cardinality()).isEqualTo(store.layout().pieceCount() - 1);
            int bad = ok.nextClearBit(0);
            long zStart = fx.metainfo().files().stream().filter(f -> f.path().getLast().equals("z.bin"))
                    .findFirst().orElseThrow().offset();
            assertThat(bad).isEqualTo((int) ((zStart + K16) / K16));
            assertThat(store.verifyPiece(bad)).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void recheckAfterPartialWritesFindsExactlyTheCompletePieces(Format format) throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, format, K16, StorageFixture.awkwardFiles(), 8);
        Path out = tmp.resolve("download");
        TorrentLayout layout = fx.layout();
        BitSet written = new BitSet();
        Random rnd = new Random(99);
        try (PieceStore store = PieceStore.open(fx.metainfo(), out, StorageConfig.defaults())) {
            for (int p = 0; p < layout.pieceCount(); p++) {
                switch (rnd.nextInt(3)) {
                    case 0 -> {
                        fx.writePiece(store, p);
                        written.set(p);
                    }
                    case 1 -> { // a torn piece: all but its last block, as after a crash
                        for (int b = 0; b < layout.blockCount(p) - 1; b++) {
                            store.writeBlock(p, b * K16, fx.blockData(p, b));
                        }
                    }
                    default -> { } // never started
                }
            }
        }
        assertThat(written.cardinality()).isBetween(1, layout.pieceCount() - 1);
        try (PieceStore reopened = PieceStore.open(fx.metainfo(), out, StorageConfig.defaults())) {
            assertThat(reopened.recheck(pool())).isEqualTo(written);
        }
    }

    @Test
    void recheckOfAnEmptyDirectoryFindsNothing() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V2, K16, 10 * K16, 1);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("download"), StorageConfig.defaults())) {
            assertThat(store.recheck(pool()).isEmpty()).isTrue();
        }
    }

    @Test
    void concurrentWritersOfDifferentPiecesShareABoundedSetOfOpenFiles() throws Exception {
        Map<String, Integer> twelve = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            twelve.put("f" + i, 20_000 + 999 * i);
        }
        StorageFixture fx = StorageFixture.multi(tmp, Format.V1, K16, twelve, 21); // pieces straddle files
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("download"), new StorageConfig(4, false, StorageConfig.DEFAULT_WRITE_BEHIND_BYTES, 0, 0))) {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < store.layout().pieceCount(); p++) {
                int piece = p;
                done.add(pool.submit(() -> {
                    fx.writePiece(store, piece);
                    return store.verifyPiece(piece);
                }));
            }
            for (Future<?> f : done) {
                assertThat(f.get()).isEqualTo(true);
            }
            assertThat(store.openChannels()).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void rangesOutsideAPieceAreRefused() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, K16, 2 * K16 + 10, 1);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("download"), StorageConfig.defaults())) {
            assertThatThrownBy(() -> store.writeBlock(2, 0, ByteBuffer.allocate(11))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.writeBlock(0, -1, ByteBuffer.allocate(1))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.writeBlock(3, 0, ByteBuffer.allocate(1))).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> store.readBlock(1, K16, ByteBuffer.allocate(K16 + 1))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.readBlock(1, 0, ByteBuffer.allocate(K16))).as("not downloaded yet")
                    .isInstanceOf(EOFException.class);
            store.writeBlock(2, 0, ByteBuffer.allocate(10));
            assertThat(Files.size(tmp.resolve("download/single.bin"))).as("the tail lands at its place").isEqualTo(2 * K16 + 10);
        }
    }

    @Test
    void readsOfPadBytesAreZeros() throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp, Format.HYBRID, K16, Map.of("a", 100, "b", 200), 1);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("download"), StorageConfig.defaults())) {
            fx.writePiece(store, 0);
            ByteBuffer dst = ByteBuffer.allocate(K16 - 100);
            store.readBlock(0, 100, dst);
            assertThat(dst.array()).containsOnly(0);
            assertThat(store.verifyPiece(0)).isTrue();
        }
    }

    @Test
    void writesAndReadsFromTheBuffersPosition() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, K16, K16, 3);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("download"), StorageConfig.defaults())) {
            ByteBuffer framed = ByteBuffer.allocate(K16 + 20);
            framed.position(13);
            framed.put(fx.blockData(0, 0));
            framed.flip().position(13);
            store.writeBlock(0, 0, framed);
            assertThat(framed.hasRemaining()).isFalse();
            assertThat(store.verifyPiece(0)).isTrue();
            ByteBuffer dst = ByteBuffer.allocate(K16 + 7);
            dst.position(7);
            store.readBlock(0, 0, dst);
            assertThat(dst.flip().position(7)).isEqualTo(fx.blockData(0, 0));
        }
    }

    static Stream<Format> formats() {
        return Stream.of(Format.values());
    }

    private ExecutorService pool() {
        return pool;
    }
}
