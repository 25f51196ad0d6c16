package io.lodestone.client.engine;

import io.lodestone.client.storage.PieceAssembly;
import io.lodestone.client.storage.PieceStore;
import io.lodestone.client.storage.StreamingHashes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Moves disk work off the network loop: block writes, piece verdicts and block reads for uploads
 * run on the disk pool, and their results come back on the torrent's loop. The exception is a
 * block of a piece gathered in memory to be written whole once it verifies (see
 * {@link PieceAssembly}): it is copied, and hashed, on the loop. A piece is judged only after every
 * block write of it has landed: by the digest fed as its blocks were gathered, else by the digests
 * fed as its blocks were written when they all came in order (see {@link StreamingHashes}), else
 * by reading it back from disk. A small gathered piece that verifies may wait in memory for the
 * neighbour being gathered, to reach the disk in one write with it; its verdict comes when it lands.
 * Methods are called on the loop only.
 */
final class DiskQueue {

    /** How a verification ended. */
    enum Verdict { PASSED, FAILED }

    /** Runs a task on the loop after a delay. */
    interface Later {
        void schedule(Runnable task, long delayNanos);
    }

    /**
     * How long a verified piece may wait for its neighbour before it is written alone: its Have
     * waits with it. A fast download's neighbours land within milliseconds; a slow swarm's pieces
     * come seconds apart, and a Have late by a second there cost the others pieces they would have
     * traded for.
     */
    static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Pieces made ready for and then not sent for this long give their memory back (see {@link #releaseUntouched}). */
    static final long EXPECT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final PieceStore store;
    private final StreamingHashes streamed;
    private final PieceAssembly assembly;
    private final ExecutorService pool;
    private final Executor loop;
    private final Later later;
    private boolean waitTimerSet;
    /** When the wait timer was set: what waited before then has waited {@link #MAX_WAIT_NANOS} when it fires. */
    private long waitTimerSetAt;
    private final Consumer<IOException> onError;
    private final Map<Integer, Integer> pendingWrites = new HashMap<>();
    private final Map<Integer, Consumer<Verdict>> waitingVerify = new HashMap<>();
    /** Write completions waiting for the loop, run by one task: a burst of them wakes the loop once. */
    private final ConcurrentLinkedQueue<Runnable> completions = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainPosted = new AtomicBoolean();
    /** Largest write batch: enough to amortize the hand-off, small enough to keep both disk threads busy. */
    static final int BATCH_BYTES = 256 * 1024;

    /** Each piece has one lane (piece mod lanes): its writes and its hash run in arrival order. */
    private final SerialLane[] lanes;
    private final Batch[] batches;
    private boolean flushPosted;
    private long queuedBytes;
    private int hashing;

    /** No wait timer: a piece that waits for a neighbour lands with it, or when the store closes (tests). */
    DiskQueue(PieceStore store, ExecutorService pool, int lanes, Executor loop, Consumer<IOException> onError) {
        this(store, pool, lanes, loop, (task, delay) -> { }, onError);
    }

    DiskQueue(PieceStore store, ExecutorService pool, int lanes, Executor loop, Later later,
              Consumer<IOException> onError) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1");
        }
        this.store = store;
        this.streamed = new StreamingHashes(store);
        this.assembly = store.assembly();
        this.pool = pool;
        this.lanes = new SerialLane[lanes];
        this.batches = new Batch[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new SerialLane(pool);
            this.batches[i] = new Batch();
        }
        this.loop = loop;
        this.later = later;
        this.onError = onError;
    }

    /** Received bytes not yet on disk: past a limit the torrent stops requesting. */
    long queuedBytes() {
        return queuedBytes;
    }

    int hashing() {
        return hashing;
    }

    /**
     * Writes a block; takes over {@code data} and releases it once written. A block of a piece
     * gathered in memory is copied (and, v1, hashed) into it right here, while its bytes are still
     * in the cache; only the piece's one write goes to the pool. Other blocks are gathered into one
     * disk task per turn of the loop (or per {@link #BATCH_BYTES}): a task per 16 KiB block cost
     * more in thread hand-offs than the write itself.
     */
    void write(int piece, int begin, ByteBuf data) {
        if (gathered(piece, begin, data)) {
            return;
        }
        int length = data.readableBytes();
        pendingWrites.merge(piece, 1, Integer::sum);
        queuedBytes += length;
        int lane = laneOf(piece);
        Batch b = batches[lane];
        b.blocks.add(new BlockWrite(piece, begin, length, data));
        b.bytes += length;
        if (b.bytes >= BATCH_BYTES) {
            flush(lane);
        } else if (!flushPosted) {
            flushPosted = true;
            if (!post(this::flush)) {
                flush(); // the loop is gone: the pool refuses too, and the buffers are released
            }
        }
    }

    /**
     * A piece is being asked for: where it will be gathered in memory, that starts now, so that a
     * neighbour that verifies first knows it is coming and waits to be written with it (see
     * {@link PieceAssembly#expect}).
     */
    void expect(int piece) {
        try {
            assembly.expect(piece);
        } catch (RuntimeException e) {
            onError.accept(asIo(e, "making room for piece " + piece));
        }
    }

    /** On the torrent's tick: memory made ready for pieces that nobody has sent for a while goes back. */
    void releaseUntouched() {
        assembly.releaseUntouched(System.nanoTime() - EXPECT_NANOS);
    }

    /**
     * Whether the block went into its piece's memory (or failed trying, which is reported); either
     * way {@code data} is released. On a two-core machine shared with the sender, copying here cost
     * less, in CPU and in time, than handing every block to a disk thread: the hand-off's wake-ups
     * and the block's second trip through the cache went. Only the picker's first copy of a block
     * is written, and nothing more of a piece until its verdict, so no write here can overtake the
     * piece's {@link PieceAssembly#finish} on its lane.
     */
    private boolean gathered(int piece, int begin, ByteBuf data) {
        try {
            if (!assembly.add(piece, begin, parts(data))) {
                return false;
            }
        } catch (RuntimeException e) {
            onError.accept(asIo(e, "writing a block of piece " + piece));
        }
        data.release();
        return true;
    }

    /** A block whose frame spanned reads comes in parts: each goes where it belongs. */
    private static ByteBuffer[] parts(ByteBuf data) {
        return data.nioBufferCount() == 1 ? new ByteBuffer[] {data.nioBuffer()} : data.nioBuffers();
    }

    /** A block received and not yet on disk. */
    private record BlockWrite(int piece, int begin, int length, ByteBuf data) {
    }

    /** Blocks gathered for one lane this turn of the loop. */
    private static final class Batch {
        List<BlockWrite> blocks = new ArrayList<>();
        int bytes;
    }

    /** Hands every lane's gathered blocks to the disk pool, one task per lane. */
    void flush() {
        flushPosted = false;
        for (int lane = 0; lane < lanes.length; lane++) {
            flush(lane);
        }
    }

    private void flush(int lane) {
        Batch b = batches[lane];
        if (b.blocks.isEmpty()) {
            return;
        }
        List<BlockWrite> blocks = b.blocks;
        b.blocks = new ArrayList<>();
        b.bytes = 0;
        if (!submit(lanes[lane], () -> writeAll(blocks))) {
            blocks.forEach(w -> w.data().release());
        }
    }

    private int laneOf(int piece) {
        return Math.floorMod(piece, lanes.length);
    }

    /** On the pool: writes and stream-hashes each block, then reports them all to the loop at once. */
    private void writeAll(List<BlockWrite> blocks) {
        List<IOException> errors = new ArrayList<>(0);
        for (BlockWrite b : blocks) {
            try {
                ByteBuffer[] parts = parts(b.data());
                int at = b.begin();
                for (ByteBuffer part : parts) {
                    int n = part.remaining();
                    store.writeBlock(b.piece(), at, part.duplicate());
                    at += n;
                }
                streamed.written(b.piece(), b.begin(), parts);
            } catch (IOException | RuntimeException e) {
                errors.add(asIo(e, "writing a block of piece " + b.piece()));
                streamed.writeFailed(b.piece());
            } finally {
                b.data().release();
            }
        }
        complete(() -> {
            errors.forEach(onError);
            for (BlockWrite b : blocks) {
                queuedBytes -= b.length();
                int left = pendingWrites.merge(b.piece(), -1, Integer::sum);
                if (left <= 0) {
                    pendingWrites.remove(b.piece());
                    Consumer<Verdict> v = waitingVerify.remove(b.piece());
                    if (v != null) {
                        hash(b.piece(), v);
                    }
                }
            }
        });
    }

    /** Hashes {@code piece} once its writes are done; the verdict comes back on the loop. */
    void verify(int piece, Consumer<Verdict> result) {
        if (pendingWrites.containsKey(piece)) {
            waitingVerify.put(piece, result);
        } else {
            hash(piece, result);
        }
    }

    private void hash(int piece, Consumer<Verdict> result) {
        hashing++;
        submit(lanes[laneOf(piece)], () -> {
            Verdict v;
            IOException error = null;
            try {
                v = switch (assembly.finish(piece, landed -> report(landed == null ? Verdict.PASSED : Verdict.FAILED,
                        landed, result))) {
                    case PASSED -> Verdict.PASSED;
                    case FAILED -> Verdict.FAILED;
                    case WAITING -> {
                        post(this::setWaitTimer);
                        yield null; // told when it lands, with a neighbour
                    }
                    case NOT_HELD -> switch (streamed.finish(piece)) {
                        case PASSED -> Verdict.PASSED;
                        case FAILED -> Verdict.FAILED;
                        case UNKNOWN -> store.verifyPiece(piece) ? Verdict.PASSED : Verdict.FAILED;
                    };
                };
            } catch (IOException | RuntimeException e) {
                v = Verdict.FAILED;
                error = asIo(e, "verifying piece " + piece);
            }
            if (v != null) {
                report(v, error, result);
            }
        });
    }

    /** A piece's verdict, back on the loop. */
    private void report(Verdict verdict, IOException failed, Consumer<Verdict> result) {
        post(() -> {
            hashing--;
            if (failed != null) {
                onError.accept(failed);
            }
            result.accept(verdict);
        });
    }

    /**
     * On the loop: one timer at a time writes what began to wait before it was set, so nothing
     * waits much longer than {@link #MAX_WAIT_NANOS}.
     */
    private void setWaitTimer() {
        if (!waitTimerSet) {
            waitTimerSet = true;
            waitTimerSetAt = System.nanoTime();
            later.schedule(this::waitTimer, MAX_WAIT_NANOS);
        }
    }

    private void waitTimer() {
        waitTimerSet = false;
        long before = waitTimerSetAt;
        submit(lanes[0], () -> {
            assembly.writeWaitingSince(before);
            if (assembly.waitingCount() > 0) {
                post(this::setWaitTimer); // younger ones: their turn comes at the next
            }
        });
    }

    /** CRC32C of each block of {@code piece} as it lies on disk, by offset; on the loop. */
    void checksums(int piece, int pieceSize, int blockSize, Consumer<Map<Integer, Long>> done) {
        boolean queued = submit(lanes[laneOf(piece)], () -> {
            Map<Integer, Long> sums = new HashMap<>();
            ByteBuffer buf = ByteBuffer.allocate(blockSize);
            try {
                for (int begin = 0; begin < pieceSize; begin += blockSize) {
                    buf.clear().limit(Math.min(blockSize, pieceSize - begin));
                    store.readBlock(piece, begin, buf);
                    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                    crc.update(buf.array(), 0, buf.position());
                    sums.put(begin, crc.getValue());
                }
            } catch (IOException | RuntimeException e) {
                sums.clear(); // unreadable: nobody can be convicted on it
            }
            post(() -> done.accept(sums));
        });
        if (!queued) {
            done.accept(Map.of()); // the pool is closing: nothing read, so nobody is convicted on it
        }
    }

    /**
     * Reads a block for an upload into a pooled buffer; {@code done} gets it (or the error) on the
     * loop. Bytes past the piece's end (a v2 file's padding, which libtorrent asks for) are zeros.
     */
    void read(int piece, int begin, int length, BiConsumer<ByteBuf, IOException> done) {
        submit(pool, () -> { // an upload reads a verified piece: no order to keep
            ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(length, length);
            IOException error = null;
            try {
                int real = (int) Math.max(0, Math.min(length, (long) store.layout().pieceSize(piece) - begin));
                if (real > 0) {
                    store.readBlock(piece, begin, buf.nioBuffer(0, real));
                }
                buf.setZero(real, length - real);
                buf.writerIndex(length);
            } catch (IOException | RuntimeException e) {
                error = asIo(e, "reading a block of piece " + piece);
                buf.release();
            }
            IOException failed = error;
            if (!post(() -> done.accept(failed == null ? buf : null, failed)) && failed == null) {
                buf.release();
            }
        });
    }

    /**
     * A failure of a disk task as the I/O error the torrent stops on. A runtime exception is a bug,
     * but it must still end in a verdict and a reported error: a task that only threw would leave
     * its piece waiting for a verdict, and the download, for ever.
     */
    private static IOException asIo(Exception e, String what) {
        return e instanceof IOException io ? io : new IOException(what + " failed: " + e, e);
    }

    /** Queues a write's completion for the loop (nothing to release if the loop is gone). */
    private void complete(Runnable r) {
        completions.add(r);
        if (drainPosted.compareAndSet(false, true)) {
            post(this::drainCompletions);
        }
    }

    private void drainCompletions() {
        drainPosted.set(false); // first: a completion added from now on posts a new drain
        for (Runnable r; (r = completions.poll()) != null; ) {
            r.run();
        }
    }

    /** Hands a result back to the loop; false when the loop is gone (the client closed). */
    private boolean post(Runnable r) {
        try {
            loop.execute(r);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** False when the pool is shut down (the client is closing: the work no longer matters). */
    private static boolean submit(Executor executor, Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
