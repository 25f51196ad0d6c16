package io.lodestone.client.storage;

import io.lodestone.client.storage.PieceAssembly.Verdict;
import io.lodestone.metainfo.CreateOptions.Format;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whole pieces gathered in memory, verified there, and written with one direct write each. */
class PieceAssemblyTest {

    private static final int K16 = TorrentLayout.BLOCK_SIZE;
    private static final int PIECE = 8 * K16;
    private static final int BLOCKS = PIECE / K16;
    /** Five whole pieces and an odd-sized last one, which cannot be written directly. */
    private static final int SIZE = 5 * PIECE + 5_000;

    @TempDir
    Path tmp;

    private StorageConfig config(long directBytes) {
        return StorageConfig.defaults().withDirectPieceBytes(directBytes);
    }

    /** Adds every block of the torrent in {@code order}; a block the assembly declines goes to the store. */
    private static void addAll(StorageFixture fx, PieceStore store, Iterable<int[]> order) throws IOException {
        for (int[] b : order) {
            ByteBuffer data = fx.blockData(b[0], b[1]);
            if (!store.assembly().add(b[0], b[1] * K16, data.duplicate())) {
                store.writeBlock(b[0], b[1] * K16, data);
            }
        }
    }

    /** Adds every block of {@code piece}, as it should be. */
    private static void addPiece(StorageFixture fx, PieceAssembly a, int piece) {
        for (int b = 0; b < BLOCKS; b++) {
            assertThat(a.add(piece, b * K16, fx.blockData(piece, b))).isTrue();
        }
    }

    /** Records what each waiting piece is told when it lands. */
    private static final class Told {
        final Map<Integer, IOException> landed = new LinkedHashMap<>();
        final Map<Integer, Integer> times = new LinkedHashMap<>();

        PieceAssembly.Landed of(int piece) {
            return error -> {
                landed.put(piece, error);
                times.merge(piece, 1, Integer::sum);
            };
        }
    }

    @Test
    void piecesAddedOutOfOrderVerifyInMemoryAndLandWhole() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 1);
        Path out = tmp.resolve("dl");
        try (PieceStore store = PieceStore.open(fx.metainfo(), out, config(64L << 20))) {
            addAll(fx, store, fx.shuffledBlocks(2));
            PieceAssembly a = store.assembly();
            assertThat(a.heldCount()).isEqualTo(5);
            for (int p = 0; p < 5; p++) {
                assertThat(a.finish(p)).as("piece %d", p).isEqualTo(Verdict.PASSED);
            }
            assertThat(a.finish(5)).as("the odd-sized last piece went block by block").isEqualTo(Verdict.NOT_HELD);
            assertThat(a.heldCount()).isZero();
            assertThat(a.reservedBytes()).isZero();
            assertThat(a.directOn()).isTrue();
            store.sync();
        }
        assertThat(Files.readAllBytes(fx.target(out, "single.bin"))).isEqualTo(fx.files().get("single.bin"));
    }

    @Test
    void piecesSideBySideWaitForTheirNeighboursAndLandTogether() throws IOException {
        // 128 KiB pieces: eight to a run of 1 MiB, so the five whole ones can all go in one write
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 12);
        Path out = tmp.resolve("dl");
        Told told = new Told();
        try (PieceStore store = PieceStore.open(fx.metainfo(), out, config(64L << 20))) {
            PieceAssembly a = store.assembly();
            for (int p = 0; p < 5; p++) {
                addPiece(fx, a, p);
            }
            assertThat(a.finish(1, told.of(1))).as("0 and 2 are still being gathered").isEqualTo(Verdict.WAITING);
            assertThat(a.finish(0, told.of(0))).isEqualTo(Verdict.WAITING);
            assertThat(a.finish(2, told.of(2))).isEqualTo(Verdict.WAITING);
            assertThat(a.finish(4, told.of(4))).as("3, before it, is still being gathered").isEqualTo(Verdict.WAITING);
            assertThat(a.waitingCount()).isEqualTo(4);
            assertThat(told.landed).isEmpty();
            assertThat(a.finish(3, told.of(3))).as("nothing left to wait for: 0-4 land").isEqualTo(Verdict.PASSED);
            assertThat(told.landed).containsOnlyKeys(0, 1, 2, 4).containsValues((IOException) null);
            assertThat(told.times.values()).containsOnly(1);
            assertThat(a.waitingCount()).isZero();
            assertThat(a.reservedBytes()).isZero();
            for (int b = 0; b * K16 < SIZE - 5 * PIECE; b++) {
                store.writeBlock(5, b * K16, fx.blockData(5, b));
            }
            store.sync();
        }
        assertThat(Files.readAllBytes(fx.target(out, "single.bin"))).isEqualTo(fx.files().get("single.bin"));
    }

    @Test
    void aWaitingPieceLandsWhenItsNeighbourFailsAtTheTickOrAtClose() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 13);
        Told told = new Told();
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), config(64L << 20))) {
            PieceAssembly a = store.assembly();
            addPiece(fx, a, 0);
            for (int b = 0; b < BLOCKS; b++) {
                ByteBuffer data = ByteBuffer.allocate(K16).put(fx.blockData(1, b)).flip();
                data.put(3, (byte) (data.get(3) ^ 1));
                assertThat(a.add(1, b * K16, data)).isTrue();
            }
            assertThat(a.finish(0, told.of(0))).isEqualTo(Verdict.WAITING);
            assertThat(a.finish(1, told.of(1))).isEqualTo(Verdict.FAILED);
            assertThat(told.landed).as("piece 0 no longer waits for the bad one").containsOnlyKeys(0);
            assertThat(store.verifyPiece(0)).isTrue();

            addPiece(fx, a, 2);
            addPiece(fx, a, 3);
            assertThat(a.finish(2, told.of(2))).isEqualTo(Verdict.WAITING);
            a.writeWaitingSince(System.nanoTime() - TimeUnit.HOURS.toNanos(1));
            assertThat(told.landed).as("it has not waited that long").containsOnlyKeys(0);
            a.writeWaitingSince(System.nanoTime() + 1); // piece 3 stalls: piece 2 does not wait for it longer
            assertThat(told.landed).containsOnlyKeys(0, 2);
            assertThat(store.verifyPiece(2)).isTrue();

            assertThat(a.finish(3, told.of(3))).as("its neighbour is written").isEqualTo(Verdict.PASSED);
            addPiece(fx, a, 4);
            addPiece(fx, a, 1);
            assertThat(a.finish(4, told.of(4))).isEqualTo(Verdict.PASSED);
            assertThat(a.finish(1, null)).as("null never waits").isEqualTo(Verdict.PASSED);
            assertThat(store.verifyPiece(1)).isTrue();
            assertThat(store.verifyPiece(4)).isTrue();
        }
        StorageFixture fx2 = StorageFixture.single(tmp.resolve("second"), Format.V1, PIECE, SIZE, 14);
        try (PieceStore store = PieceStore.open(fx2.metainfo(), tmp.resolve("dl2"), config(64L << 20))) {
            PieceAssembly a = store.assembly();
            addPiece(fx2, a, 0);
            addPiece(fx2, a, 1);
            assertThat(a.finish(0, told.of(10))).isEqualTo(Verdict.WAITING);
            a.close();
            assertThat(told.landed).as("verified: written before the files close").containsKey(10);
            assertThat(store.verifyPiece(0)).isTrue();
            assertThat(a.reservedBytes()).isZero();
        }
    }

    @Test
    void aPieceAskedForIsExpectedBeforeItsFirstBlockButFindingNoRoomDoesNotTurnItAway() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 16);
        Told told = new Told();
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), config(2L * PIECE))) {
            PieceAssembly a = store.assembly();
            addPiece(fx, a, 0);
            a.expect(1); // asked for: nothing of it has come yet
            assertThat(a.heldCount()).isEqualTo(2);
            assertThat(a.finish(0, told.of(0))).as("piece 1 is coming").isEqualTo(Verdict.WAITING);
            a.expect(1);
            assertThat(a.heldCount()).as("expected once").isEqualTo(1);
            a.expect(2);
            assertThat(a.heldCount()).as("no room while piece 0 waits").isEqualTo(1);
            addPiece(fx, a, 1);
            assertThat(a.finish(1, told.of(1))).isEqualTo(Verdict.PASSED);
            assertThat(told.landed).containsOnlyKeys(0);
            addPiece(fx, a, 2); // the room is back, and piece 2 was not turned away
            assertThat(a.finish(2, told.of(2))).isEqualTo(Verdict.PASSED);
            assertThat(store.verifyPiece(0) && store.verifyPiece(1) && store.verifyPiece(2)).isTrue();
            assertThat(a.reservedBytes()).isZero();
        }
    }

    @Test
    void aPieceExpectedButNeverSentGivesItsMemoryBack() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 17);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), config(64L << 20))) {
            PieceAssembly a = store.assembly();
            a.expect(0); // nothing of it will come
            a.expect(1);
            assertThat(a.add(1, 0, fx.blockData(1, 0))).isTrue(); // one block of it came
            assertThat(a.add(2, 0, fx.blockData(2, 0))).isTrue(); // gathered from its first block, not expected
            a.releaseUntouched(System.nanoTime() - TimeUnit.HOURS.toNanos(1));
            assertThat(a.heldCount()).as("not expected that long ago").isEqualTo(3);
            a.releaseUntouched(System.nanoTime() + 1);
            assertThat(a.heldCount()).as("only the untouched one goes").isEqualTo(2);
            assertThat(a.reservedBytes()).isEqualTo(2L * PIECE);
            addPiece(fx, a, 0); // it comes after all: started afresh
            assertThat(a.finish(0)).isEqualTo(Verdict.PASSED);
            assertThat(store.verifyPiece(0)).isTrue();
        }
    }

    @Test
    void piecesAsLargeAsARunNeverWait() throws IOException {
        int mib = PieceAssembly.RUN_BYTES;
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, mib, 2 * mib, 15);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), config(64L << 20))) {
            PieceAssembly a = store.assembly();
            for (int p = 0; p < 2; p++) {
                for (int b = 0; b < mib / K16; b++) {
                    assertThat(a.add(p, b * K16, fx.blockData(p, b))).isTrue();
                }
            }
            assertThat(a.finish(0, new Told().of(0))).isEqualTo(Verdict.PASSED);
            assertThat(store.verifyPiece(0)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void onlyPiecesInsideOneFileAtAlignedOffsetsAreGathered(Format format) throws IOException {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("a.bin", 2 * PIECE + 100); // pieces 0 and 1 inside it; piece 2 crosses into b.bin (v1)
        sizes.put("b.bin", 3 * PIECE);
        StorageFixture fx = StorageFixture.multi(tmp, format, PIECE, sizes, 3);
        Path out = tmp.resolve("dl");
        try (PieceStore store = PieceStore.open(fx.metainfo(), out, config(64L << 20))) {
            addAll(fx, store, fx.blocks());
            PieceAssembly a = store.assembly();
            for (int p = 0; p < store.layout().pieceCount(); p++) {
                Verdict v = a.finish(p);
                PieceStore.DirectTarget t = store.directTarget(p, PieceAssembly.ALIGN);
                assertThat(v).as("piece %d", p).isEqualTo(t == null ? Verdict.NOT_HELD : Verdict.PASSED);
                if (t == null) {
                    assertThat(store.verifyPiece(p)).isTrue();
                }
            }
            assertThat(store.directTarget(0, PieceAssembly.ALIGN)).isNotNull();
            assertThat(store.directTarget(2, PieceAssembly.ALIGN)).as("crosses a file's end or a pad").isNull();
            store.sync();
        }
        for (Map.Entry<String, byte[]> f : fx.files().entrySet()) {
            assertThat(Files.readAllBytes(fx.target(out, f.getKey()))).as(f.getKey()).isEqualTo(f.getValue());
        }
    }

    @Test
    void aCorruptPieceFailsAndItsBytesAsSentAreOnDiskForTheSmartBan() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 4);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), config(64L << 20))) {
            PieceAssembly a = store.assembly();
            for (int b = 0; b < BLOCKS; b++) {
                ByteBuffer data = ByteBuffer.allocate(K16).put(fx.blockData(1, b)).flip();
                if (b == 2) {
                    data.put(7, (byte) (data.get(7) ^ 0x55));
                }
                assertThat(a.add(1, b * K16, data)).isTrue();
            }
            assertThat(a.finish(1)).isEqualTo(Verdict.FAILED);
            ByteBuffer onDisk = ByteBuffer.allocate(K16);
            store.readBlock(1, 2 * K16, onDisk);
            assertThat(onDisk.get(7)).isEqualTo((byte) (fx.blockData(1, 2).get(7) ^ 0x55));
            assertThat(store.verifyPiece(1)).isFalse();
            // downloaded again, right this time: gathered afresh and written over the bad copy
            addPiece(fx, a, 1);
            assertThat(a.finish(1)).isEqualTo(Verdict.PASSED);
            assertThat(store.verifyPiece(1)).isTrue();
            assertThat(a.reservedBytes()).isZero();
        }
    }

    @Test
    void aSecondCopyOfABlockAlreadyHashedIsJudgedByWhatTheBufferHoldsAtTheEnd() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 10);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), config(64L << 20))) {
            PieceAssembly a = store.assembly();
            ByteBuffer bad = ByteBuffer.allocate(K16).put(fx.blockData(2, 0)).flip();
            bad.put(0, (byte) (bad.get(0) ^ 1));
            assertThat(a.add(2, 0, bad)).isTrue(); // hashed at once: it is the piece's first block
            assertThat(a.add(2, 0, fx.blockData(2, 0))).isTrue(); // an end-game copy, the right one
            for (int b = 1; b < BLOCKS; b++) {
                assertThat(a.add(2, b * K16, fx.blockData(2, b))).isTrue();
            }
            assertThat(a.finish(2)).isEqualTo(Verdict.PASSED);
            // and the other way round: a good block overwritten by a bad copy fails
            addPiece(fx, a, 3);
            assertThat(a.add(3, 0, bad.rewind())).isTrue();
            assertThat(a.finish(3)).isEqualTo(Verdict.FAILED);
        }
    }

    @Test
    void aPieceThatFindsTheBudgetSpentGoesBlockByBlockToItsEnd() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 5);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), config(PIECE))) {
            PieceAssembly a = store.assembly();
            assertThat(a.add(0, 0, fx.blockData(0, 0))).isTrue();
            assertThat(a.add(1, 0, fx.blockData(1, 0))).as("no room for a second piece").isFalse();
            for (int b = 1; b < BLOCKS; b++) {
                assertThat(a.add(0, b * K16, fx.blockData(0, b))).isTrue();
            }
            assertThat(a.finish(0)).isEqualTo(Verdict.PASSED);
            // room again, but piece 1 has a block on disk already: it stays on the block path
            assertThat(a.add(1, K16, fx.blockData(1, 1))).isFalse();
            assertThat(a.finish(1)).isEqualTo(Verdict.NOT_HELD);
            assertThat(a.add(2, 0, fx.blockData(2, 0))).as("a new piece finds the room").isTrue();
        }
    }

    @Test
    void noBudgetGathersNothing() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 6);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), config(0))) {
            assertThat(store.assembly().add(0, 0, fx.blockData(0, 0))).isFalse();
            assertThat(store.assembly().finish(0)).isEqualTo(Verdict.NOT_HELD);
        }
    }

    @Test
    void whereDirectIoIsRefusedThePieceGoesThroughThePageCacheAndDirectWritesStop() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 7);
        Path out = tmp.resolve("dl");
        try (PieceStore store = PieceStore.open(fx.metainfo(), out, config(64L << 20))) {
            PieceAssembly a = new PieceAssembly(store, 64L << 20, new PieceMemory(64L << 20), file -> {
                throw new IOException("Invalid argument");
            }, PieceAssembly::pooledBuffer);
            addPiece(fx, a, 0);
            assertThat(a.finish(0)).isEqualTo(Verdict.PASSED);
            assertThat(a.directOn()).isFalse();
            assertThat(store.verifyPiece(0)).isTrue();
            assertThat(a.add(1, 0, fx.blockData(1, 0))).as("nothing more is gathered").isFalse();
            a.close();
        }
    }

    @Test
    void storesSharingPieceMemoryGatherOnlyWhatFitsInIt() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 10);
        PieceMemory memory = new PieceMemory(PIECE);
        try (PieceStore first = PieceStore.open(fx.metainfo(), tmp.resolve("a"), config(64L << 20), memory);
             PieceStore second = PieceStore.open(fx.metainfo(), tmp.resolve("b"), config(64L << 20), memory)) {
            assertThat(first.assembly().add(0, 0, fx.blockData(0, 0))).isTrue();
            assertThat(memory.taken()).isEqualTo(PIECE);
            assertThat(second.assembly().add(0, 0, fx.blockData(0, 0)))
                    .as("the shared memory is spent, though this store's own budget is not").isFalse();
            for (int b = 1; b < PIECE / K16; b++) {
                assertThat(first.assembly().add(0, b * K16, fx.blockData(0, b))).isTrue();
            }
            assertThat(first.assembly().finish(0)).isEqualTo(Verdict.PASSED);
            assertThat(memory.taken()).isZero();
            assertThat(second.assembly().add(1, 0, fx.blockData(1, 0))).isTrue();
            second.assembly().close();
            assertThat(memory.taken()).as("closing a store gives its share back").isZero();
        }
    }

    @Test
    void aPieceWhoseBufferCannotBeAllocatedGoesBlockByBlockAndGivesItsShareBack() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 11);
        PieceMemory memory = new PieceMemory(64L << 20);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), config(64L << 20), memory)) {
            PieceAssembly a = new PieceAssembly(store, 64L << 20, memory, PieceAssembly::openDirect, capacity -> {
                throw new OutOfMemoryError("Cannot reserve " + capacity + " bytes of direct buffer memory");
            });
            assertThat(a.add(0, 0, fx.blockData(0, 0))).isFalse();
            assertThat(a.add(0, K16, fx.blockData(0, 1))).as("the piece stays on the block path").isFalse();
            assertThat(a.reservedBytes()).isZero();
            assertThat(memory.taken()).isZero();
            assertThat(a.finish(0)).isEqualTo(Verdict.NOT_HELD);
            a.close();
        }
    }

    @Test
    void closingFreesWhatIsHeldAndLaterBlocksAreDeclined() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 8);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), config(64L << 20))) {
            PieceAssembly a = store.assembly();
            assertThat(a.add(0, 0, fx.blockData(0, 0))).isTrue();
            a.close();
            assertThat(a.heldCount()).isZero();
            assertThat(a.reservedBytes()).isZero();
            assertThat(a.add(0, K16, fx.blockData(0, 1))).isFalse();
            assertThat(a.add(3, 0, fx.blockData(3, 0))).isFalse();
        }
    }

    @Test
    void aBlockOutsideItsPieceIsRefused() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp, Format.V1, PIECE, SIZE, 9);
        try (PieceStore store = PieceStore.open(fx.metainfo(), tmp.resolve("dl"), config(64L << 20))) {
            assertThatThrownBy(() -> store.assembly().add(0, PIECE - 100, fx.blockData(0, 0)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.assembly().add(0, -1, fx.blockData(0, 0)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
