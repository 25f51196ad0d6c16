package io.lodestone.client.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.storage.PieceStore;
import io.lodestone.client.storage.StorageConfig;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Blocks gathered per lane and turn land on disk, and each piece gets its verdict once its writes are done. */
class DiskQueueTest {

    private static final int BLOCK = 16 * 1024;
    private static final int PIECE = 8 * BLOCK;
    private static final int PIECES = 12;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void everyPieceWrittenInTurnsVerifiesAndACorruptOneFails(int lanes) throws Exception {
        byte[] content = new byte[PIECES * PIECE - 5_000]; // a short last piece
        new SplittableRandom(lanes).nextBytes(content);
        Metainfo meta = torrent(content);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ExecutorService loop = Executors.newSingleThreadExecutor();
        List<ByteBuf> buffers = new CopyOnWriteArrayList<>();
        List<IOException> errors = new CopyOnWriteArrayList<>();
        Map<Integer, DiskQueue.Verdict> verdicts = new ConcurrentHashMap<>();
        CountDownLatch allJudged = new CountDownLatch(PIECES);
        int bad = 5;
        try (PieceStore store = PieceStore.open(meta, tmp.resolve("dl"), StorageConfig.defaults())) {
            DiskQueue disk = new DiskQueue(store, pool, lanes, loop, errors::add);
            // pieces interleaved as several peers would send them, a few blocks per turn of the loop
            List<int[]> order = new ArrayList<>();
            for (int block = 0; block < PIECE / BLOCK; block++) {
                for (int piece = 0; piece < PIECES; piece++) {
                    if (piece * PIECE + block * BLOCK < content.length) {
                        order.add(new int[] {piece, block * BLOCK});
                    }
                }
            }
            for (int from = 0; from < order.size(); from += 5) {
                List<int[]> turn = order.subList(from, Math.min(order.size(), from + 5));
                loop.submit(() -> {
                    for (int[] b : turn) {
                        int at = b[0] * PIECE + b[1];
                        byte[] bytes = Arrays.copyOfRange(content, at, Math.min(content.length, at + BLOCK));
                        if (b[0] == bad && b[1] == BLOCK) {
                            bytes[7] ^= 1;
                        }
                        ByteBuf buf = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
                        buffers.add(buf);
                        disk.write(b[0], b[1], buf);
                    }
                }).get();
            }
            loop.submit(() -> {
                for (int piece = 0; piece < PIECES; piece++) {
                    int p = piece;
                    disk.verify(p, v -> {
                        verdicts.put(p, v);
                        allJudged.countDown();
                    });
                }
            }).get();
            assertThat(allJudged.await(20, TimeUnit.SECONDS)).as("every piece judged").isTrue();
            assertThat(errors).isEmpty();
            for (int piece = 0; piece < PIECES; piece++) {
                assertThat(verdicts.get(piece)).as("piece %d", piece)
                        .isEqualTo(piece == bad ? DiskQueue.Verdict.FAILED : DiskQueue.Verdict.PASSED);
            }
            assertThat(loop.submit(disk::queuedBytes).get()).isZero();
            assertThat(buffers).allSatisfy(b -> assertThat(b.refCnt()).isZero());
            for (int piece = 0; piece < PIECES; piece++) {
                assertThat(store.verifyPiece(piece)).isEqualTo(piece != bad);
            }
        } finally {
            loop.shutdownNow();
            pool.shutdownNow();
        }
    }

    @Test
    void whatTheStoreRefusesEndsInAnErrorAndAVerdictRatherThanAWaitForEver() throws Exception {
        byte[] content = new byte[2 * PIECE];
        new SplittableRandom(7).nextBytes(content);
        Metainfo meta = torrent(content);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ExecutorService loop = Executors.newSingleThreadExecutor();
        List<IOException> errors = new CopyOnWriteArrayList<>();
        Map<Integer, DiskQueue.Verdict> verdicts = new ConcurrentHashMap<>();
        CountDownLatch bothJudged = new CountDownLatch(2);
        try (PieceStore store = PieceStore.open(meta, tmp.resolve("dl"), StorageConfig.defaults())) {
            DiskQueue disk = new DiskQueue(store, pool, 2, loop, errors::add);
            ByteBuf buf = Unpooled.directBuffer(BLOCK).writeZero(BLOCK);
            loop.submit(() -> {
                disk.write(0, PIECE - 100, buf); // runs past its piece: refused with a runtime exception
                disk.verify(0, v -> {
                    verdicts.put(0, v);
                    bothJudged.countDown();
                });
                disk.verify(7, v -> { // no such piece
                    verdicts.put(7, v);
                    bothJudged.countDown();
                });
            }).get();
            assertThat(bothJudged.await(10, TimeUnit.SECONDS)).as("both judged").isTrue();
            assertThat(verdicts).containsEntry(0, DiskQueue.Verdict.FAILED).containsEntry(7, DiskQueue.Verdict.FAILED);
            assertThat(errors).extracting(Throwable::getMessage)
                    .anyMatch(m -> m.contains("writing a block of piece 0"))
                    .anyMatch(m -> m.contains("verifying piece 7"));
            assertThat(buf.refCnt()).isZero();
            assertThat(loop.submit(disk::queuedBytes).get()).isZero();
        } finally {
            loop.shutdownNow();
            pool.shutdownNow();
        }
    }

    @Test
    void aPieceGatheredInMemoryTakesItsBlocksOnTheLoopAndOnlyItsVerdictGoesToThePool() throws Exception {
        byte[] content = randomContent(2 * PIECE, 11);
        Manual manual = new Manual();
        List<Runnable> poolTasks = manual.pool;
        List<Runnable> loopTasks = manual.loop;
        Map<Integer, DiskQueue.Verdict> verdicts = new ConcurrentHashMap<>();
        try (PieceStore store = PieceStore.open(torrent(content), tmp.resolve("dl"), StorageConfig.defaults())) {
            DiskQueue disk = manual.disk(store);
            List<ByteBuf> buffers = new ArrayList<>();
            for (int begin = PIECE - BLOCK; begin >= 0; begin -= BLOCK) { // out of order: the gap waits in memory
                ByteBuf buf = Unpooled.directBuffer(BLOCK).writeBytes(content, begin, BLOCK);
                buffers.add(buf);
                disk.write(0, begin, buf);
            }
            assertThat(buffers).allSatisfy(b -> assertThat(b.refCnt()).as("copied and released at once").isZero());
            assertThat(poolTasks).as("no block went to a disk thread").isEmpty();
            assertThat(disk.queuedBytes()).isZero();

            disk.verify(0, v -> verdicts.put(0, v));
            assertThat(poolTasks).hasSize(1);
            poolTasks.removeFirst().run();
            loopTasks.forEach(Runnable::run);
            assertThat(verdicts).containsEntry(0, DiskQueue.Verdict.PASSED);
            assertThat(store.verifyPiece(0)).isTrue();
        }
    }

    @Test
    void aSmallPieceThatWaitsForItsNeighbourHasItsVerdictWhenItLandsOrWhenItsTimerFires() throws Exception {
        byte[] content = randomContent(5 * PIECE, 12); // eight of these pieces to a run: all five may land together
        Manual manual = new Manual();
        Map<Integer, DiskQueue.Verdict> verdicts = new ConcurrentHashMap<>();
        try (PieceStore store = PieceStore.open(torrent(content), tmp.resolve("dl"), StorageConfig.defaults())) {
            DiskQueue disk = manual.disk(store);
            java.util.function.BiConsumer<Integer, Integer> gather = (piece, blocks) -> {
                for (int b = 0; b < blocks; b++) {
                    int at = piece * PIECE + b * BLOCK;
                    disk.write(piece, b * BLOCK, Unpooled.directBuffer(BLOCK).writeBytes(content, at, BLOCK));
                }
            };
            for (int piece = 0; piece < 3; piece++) {
                gather.accept(piece, PIECE / BLOCK);
            }
            Runnable drain = manual::drain;
            disk.verify(0, v -> verdicts.put(0, v));
            disk.verify(2, v -> verdicts.put(2, v));
            drain.run();
            assertThat(verdicts).as("both wait for piece 1").isEmpty();
            assertThat(disk.hashing()).isEqualTo(2);
            disk.verify(1, v -> verdicts.put(1, v));
            drain.run();
            assertThat(verdicts).containsOnlyKeys(0, 1, 2).containsValues(DiskQueue.Verdict.PASSED);
            assertThat(manual.timers).as("set when piece 0 began to wait").hasSize(1);
            manual.timers.removeFirst().run();
            drain.run();
            assertThat(manual.timers).as("nothing waits: no timer after it").isEmpty();

            gather.accept(3, PIECE / BLOCK);
            gather.accept(4, 1); // piece 4 stalls after its first block
            disk.verify(3, v -> verdicts.put(3, v));
            drain.run();
            assertThat(verdicts).as("piece 3 waits for piece 4").doesNotContainKey(3);
            assertThat(manual.timers).as("one wait timer, set when piece 3 began to wait").hasSize(1);
            manual.timers.removeFirst().run(); // its time has come
            drain.run();
            assertThat(verdicts).containsEntry(3, DiskQueue.Verdict.PASSED);
            assertThat(disk.hashing()).isZero();
            for (int p = 0; p < 4; p++) {
                assertThat(store.verifyPiece(p)).as("piece %d", p).isTrue();
            }
        }
    }

    private static byte[] randomContent(int size, long seed) {
        byte[] content = new byte[size];
        new SplittableRandom(seed).nextBytes(content);
        return content;
    }

    /** A disk pool and a loop that only queue: the test runs each task when it chooses, on its own thread. */
    private static final class Manual {
        final List<Runnable> pool = new ArrayList<>();
        final List<Runnable> loop = new ArrayList<>();
        /** Tasks for the loop after a delay: run when the test says the time has come. */
        final List<Runnable> timers = new ArrayList<>();

        DiskQueue disk(PieceStore store) {
            return new DiskQueue(store, new QueueingPool(pool), 2, loop::add, (task, delay) -> timers.add(task), e -> { });
        }

        /** Runs what is queued, and what that queues, till nothing is left; the pool's first. */
        void drain() {
            while (!pool.isEmpty() || !loop.isEmpty()) {
                (pool.isEmpty() ? loop : pool).removeFirst().run();
            }
        }
    }

    /** An executor service that only collects its tasks. */
    private static final class QueueingPool extends java.util.concurrent.AbstractExecutorService {
        private final List<Runnable> tasks;

        QueueingPool(List<Runnable> tasks) {
            this.tasks = tasks;
        }

        @Override
        public void execute(Runnable command) {
            tasks.add(command);
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    @Test
    void writesAfterThePoolIsGoneReleaseTheirBuffers() throws Exception {
        byte[] content = new byte[2 * PIECE];
        Metainfo meta = torrent(content);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        ExecutorService loop = Executors.newSingleThreadExecutor();
        pool.shutdown();
        try (PieceStore store = PieceStore.open(meta, tmp.resolve("dl"), StorageConfig.defaults())) {
            DiskQueue disk = new DiskQueue(store, pool, 2, loop, e -> { });
            ByteBuf buf = Unpooled.directBuffer(BLOCK).writeZero(BLOCK);
            loop.submit(() -> {
                disk.write(0, 0, buf);
                disk.flush();
            }).get();
            assertThat(buf.refCnt()).isZero();
        } finally {
            loop.shutdownNow();
        }
    }

    private Metainfo torrent(byte[] content) throws IOException {
        Path file = tmp.resolve("src").resolve("data.bin");
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return MetainfoParser.parseTorrent(TorrentCreator.create(file,
                CreateOptions.defaults().withFormat(CreateOptions.Format.V1).withPieceLength(PIECE)));
    }
}
