package io.lodestone.client.engine;

import io.lodestone.client.storage.PieceStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Moves disk work off the network loop: block writes, piece hashing and block reads for uploads
 * run on the disk pool, and their results come back on the torrent's loop. A piece is hashed only
 * after every block write of it has landed. Methods are called on the loop only.
 */
final class DiskQueue {

    /** How a verification ended. */
    enum Verdict { PASSED, FAILED }

    private final PieceStore store;
    private final ExecutorService pool;
    private final Executor loop;
    private final Consumer<IOException> onError;
    private final Map<Integer, Integer> pendingWrites = new HashMap<>();
    private final Map<Integer, Consumer<Verdict>> waitingVerify = new HashMap<>();
    private long queuedBytes;
    private int hashing;

    DiskQueue(PieceStore store, ExecutorService pool, Executor loop, Consumer<IOException> onError) {
        this.store = store;
        this.pool = pool;
        this.loop = loop;
        this.onError = onError;
    }

    /** Received bytes not yet on disk: past a limit the torrent stops requesting. */
    long queuedBytes() {
        return queuedBytes;
    }

    int hashing() {
        return hashing;
    }

    void write(int piece, int begin, byte[] data) {
        pendingWrites.merge(piece, 1, Integer::sum);
        queuedBytes += data.length;
        submit(() -> {
            IOException error = null;
            try {
                store.writeBlock(piece, begin, ByteBuffer.wrap(data));
            } catch (IOException e) {
                error = e;
            }
            IOException failed = error;
            loop.execute(() -> {
                queuedBytes -= data.length;
                if (failed != null) {
                    onError.accept(failed);
                }
                int left = pendingWrites.merge(piece, -1, Integer::sum);
                if (left <= 0) {
                    pendingWrites.remove(piece);
                    Consumer<Verdict> v = waitingVerify.remove(piece);
                    if (v != null) {
                        hash(piece, v);
                    }
                }
            });
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
        submit(() -> {
            Verdict v;
            IOException error = null;
            try {
                v = store.verifyPiece(piece) ? Verdict.PASSED : Verdict.FAILED;
            } catch (IOException e) {
                v = Verdict.FAILED;
                error = e;
            }
            Verdict verdict = v;
            IOException failed = error;
            loop.execute(() -> {
                hashing--;
                if (failed != null) {
                    onError.accept(failed);
                }
                result.accept(verdict);
            });
        });
    }

    /** Reads a block for an upload; {@code done} gets the data or the error on the loop. */
    void read(int piece, int begin, int length, BiConsumer<ByteBuffer, IOException> done) {
        submit(() -> {
            ByteBuffer buf = ByteBuffer.allocate(length);
            IOException error = null;
            try {
                store.readBlock(piece, begin, buf);
                buf.flip();
            } catch (IOException e) {
                error = e;
            }
            IOException failed = error;
            loop.execute(() -> done.accept(failed == null ? buf : null, failed));
        });
    }

    private void submit(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            // the client is closing: the work no longer matters
        }
    }
}
