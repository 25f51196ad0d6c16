package io.lodestone.client.storage;

import com.sun.nio.file.ExtendedOpenOption;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole pieces gathered in memory, hashed there, and written with one direct (O_DIRECT) write
 * once they verify; small pieces side by side share one write (see {@link PieceRuns}). A block
 * written through the page cache costs a copy into it, the file system's work for every page, and
 * a write-back that the download's final force must wait for:
 * 0.6 CPU s per GiB of 16 KiB writes plus their force, against 0.2 s for 1 MiB direct writes
 * with the copy into the piece's buffer (one core, ext4, measured alone). A piece that fails its
 * hash never reaches the file as a verified one: its bytes are written as they came, through the
 * page cache, so the smart ban can read what each peer sent.
 * <p>
 * Only where the write can be aligned: a piece inside one file, at an offset and of a length that
 * are multiples of {@link #ALIGN} (every piece of a single-file torrent but an odd-sized last one).
 * The memory is bounded twice: by the store's own budget and by the {@link PieceMemory} shared
 * with the process's other stores. A piece that is not aligned, or finds either spent at its first
 * block (or its buffer cannot be allocated), goes block by block through the store as before, to
 * its end. Where the file
 * system refuses direct I/O (tmpfs, some network file systems), the first refusal turns direct
 * writes off for the store; the pieces gathered then are written through the page cache.
 * <p>
 * Thread-safe: one piece's blocks come in order from one thread, and its {@link #finish} after them
 * from another; different pieces' from several.
 */
public final class PieceAssembly implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PieceAssembly.class);

    /** Offset, length and memory alignment of a direct write: the largest logical block size in common use. */
    static final int ALIGN = 4096;
    /** Verified pieces side by side are written together, up to this many bytes (see {@link PieceRuns}). */
    static final int RUN_BYTES = 1 << 20;
    /** Files kept open for direct writes; a piece of a further file goes through the page cache. */
    static final int MAX_DIRECT_FILES = 16;
    private static final int BLOCK = TorrentLayout.BLOCK_SIZE;

    /** What became of a piece at {@link #finish}. */
    public enum Verdict {
        /** Not gathered here: its blocks went to the store one by one. */
        NOT_HELD,
        /** It verified and is written. */
        PASSED,
        /** It failed its hash; its bytes are written as they came. */
        FAILED,
        /**
         * It verified and waits in memory for a neighbour being gathered, to be written with it: its
         * {@link Landed} is told once it is on disk.
         */
        WAITING
    }

    /** Told once a piece that verified and waited is on disk; {@code error} null when written. */
    public interface Landed {
        void landed(IOException error);
    }

    /** Opens a file for direct writes; the store's own is {@link #openDirect}. */
    interface DirectOpener {
        FileChannel open(Path file) throws IOException;
    }

    /** A direct buffer of exactly {@code capacity} bytes; the store's own is {@link #pooledBuffer}. */
    interface BufferSource {
        ByteBuf directBuffer(int capacity);
    }

    private final PieceStore store;
    /** This store's share; {@link #shared} bounds all stores together. */
    private final PieceMemory own;
    private final PieceMemory shared;
    private final DirectOpener opener;
    private final BufferSource buffers;
    /** Pieces being gathered: from their first block to their {@link #finish}. */
    private final Map<Integer, HeldPiece> held = new ConcurrentHashMap<>();
    private final PieceRuns runs;
    /** Pieces whose first block went to the store: the rest of them follows. */
    private final Set<Integer> declined = ConcurrentHashMap.newKeySet();
    private final Map<Integer, FileChannel> channels = new ConcurrentHashMap<>();
    /** v1 only: a piece's SHA-1 is all there is to check, so it can be fed as blocks come. */
    private final boolean stream;
    private volatile boolean directOff;
    private volatile boolean closed;

    PieceAssembly(PieceStore store, long budgetBytes, PieceMemory shared, DirectOpener opener,
                  BufferSource buffers) {
        this.store = store;
        this.own = new PieceMemory(budgetBytes);
        this.shared = shared;
        this.opener = opener;
        this.buffers = buffers;
        this.stream = store.v1Pieces() != null && store.v2Hashes() == null;
        long pieceLength = store.layout().pieceLength();
        this.runs = new PieceRuns((int) Math.max(1, RUN_BYTES / Math.max(1, pieceLength)), held::get);
    }

    /** From the engine's pooled allocator: reused, and freed at release rather than at a collection. */
    static ByteBuf pooledBuffer(int capacity) {
        return ByteBufAllocator.DEFAULT.directBuffer(capacity, capacity);
    }

    static FileChannel openDirect(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS, ExtendedOpenOption.DIRECT);
    }

    /**
     * Takes a block of {@code piece} into memory: {@code parts} hold its bytes, position to limit,
     * left unchanged. False when the piece is not gathered here: write the block to the store.
     */
    public boolean add(int piece, int begin, ByteBuffer... parts) {
        HeldPiece hp = held.get(piece);
        if (hp == null && (declined.contains(piece) || (hp = start(piece)) == null)) {
            declined.add(piece);
            return false;
        }
        int length = 0;
        for (ByteBuffer part : parts) {
            length += part.remaining();
        }
        if (begin < 0 || (long) begin + length > hp.size) {
            throw new IllegalArgumentException("bytes " + begin + "+" + length + " are outside piece " + piece);
        }
        synchronized (hp) {
            if (hp.freed) {
                return false; // the store closed under us: nothing of this piece is kept
            }
            int at = begin;
            for (ByteBuffer part : parts) {
                hp.aligned.put(at, part, part.position(), part.remaining());
                at += part.remaining();
            }
            hp.hashOn(begin, length);
            hp.touched = true;
        }
        return true;
    }

    /**
     * Makes room for a piece about to be asked for, as its first block would: a neighbour that
     * verifies before that block comes then sees it coming and waits for it (see {@link PieceRuns}).
     * Nothing when the piece is held or going block by block already, is as large as a run (it has
     * nobody to wait for it), or finds no room (its first block tries again).
     */
    public void expect(int piece) {
        if (store.layout().pieceLength() < RUN_BYTES && !held.containsKey(piece) && !declined.contains(piece)) {
            HeldPiece hp = start(piece);
            if (hp != null) {
                hp.expected = true;
                hp.expectedAt = System.nanoTime();
            }
        }
    }

    /**
     * Gives back the memory of pieces made ready by {@link #expect} before {@code expectedBefore}
     * ({@link System#nanoTime}) of which nothing has come: a peer that choked us or went away holds
     * none for long. A first block that comes later starts its piece afresh. On the thread that adds
     * blocks only, so none of a piece's blocks can go in between.
     */
    public void releaseUntouched(long expectedBefore) {
        for (HeldPiece hp : held.values()) {
            if (hp.expected && !hp.touched && hp.expectedAt - expectedBefore < 0 && held.remove(hp.piece, hp)) {
                free(hp);
            }
        }
    }

    /**
     * Ends a piece whose every block was added: verifies it, writes it, and frees its memory.
     * {@link Verdict#NOT_HELD} when it was not gathered here (verify it on disk then).
     */
    public Verdict finish(int piece) throws IOException {
        return finish(piece, null);
    }

    /**
     * {@link #finish}, except that a small piece that verifies may wait for a neighbour still being
     * gathered, to be written with it ({@link Verdict#WAITING}); {@code landed} is then told, on
     * whichever thread writes it, once it is on disk. Null never waits.
     */
    public Verdict finish(int piece, Landed landed) throws IOException {
        declined.remove(piece);
        HeldPiece hp = held.remove(piece);
        if (hp == null) {
            return Verdict.NOT_HELD;
        }
        boolean good = false;
        try {
            synchronized (hp) { // its blocks came on another thread
                good = hp.hashedWhole()
                        ? PieceHasher.sha1Matches(hp.sha1, store.v1Pieces(), piece)
                        : store.verifyPiece(piece, hp.data());
            }
            if (!good) {
                store.writeBlock(piece, 0, hp.data()); // as sent: the smart ban reads the bad copy back
                return Verdict.FAILED;
            }
            hp.landed = landed;
            List<HeldPiece> run = runs.passed(hp, landed != null);
            if (run.isEmpty()) {
                return Verdict.WAITING;
            }
            IOException error = writeRun(run, hp);
            if (error != null) {
                throw error;
            }
            return Verdict.PASSED;
        } finally {
            if (!good) {
                free(hp);
                for (List<HeldPiece> r : runs.beside(piece)) { // they waited for this one
                    writeRun(r, null);
                }
            }
        }
    }

    /** Writes every piece waiting for a neighbour now. */
    private void writeWaiting() {
        for (List<HeldPiece> run : runs.take(0, true)) {
            writeRun(run, null);
        }
    }

    /**
     * Writes the runs with a piece that began to wait before {@code before} ({@link System#nanoTime}),
     * so that none waits long for a neighbour that stalls.
     */
    public void writeWaitingSince(long before) {
        for (List<HeldPiece> run : runs.take(before, false)) {
            writeRun(run, null);
        }
    }

    /** Pieces verified and waiting for a neighbour. */
    public int waitingCount() {
        return runs.waitingCount();
    }

    /** Pieces held in memory now. */
    int heldCount() {
        return held.size();
    }

    /** Memory taken by the pieces held now. */
    long reservedBytes() {
        return own.taken();
    }

    /** Whether direct writes are still on for this store. */
    boolean directOn() {
        return !directOff;
    }

    private HeldPiece start(int piece) {
        PieceStore.DirectTarget target = own.limit() == 0 || directOff || closed ? null
                : store.directTarget(piece, ALIGN);
        if (target == null) {
            return null;
        }
        int size = store.layout().pieceSize(piece);
        if (!own.tryTake(size)) {
            return null;
        }
        if (!shared.tryTake(size)) {
            own.give(size);
            return null;
        }
        ByteBuf owner;
        try {
            owner = buffers.directBuffer(size + ALIGN);
        } catch (OutOfMemoryError e) {
            // direct memory is short (the JVM's or the allocator's cap): this piece takes the page
            // cache, as over budget, rather than failing its lane and stalling the download
            own.give(size);
            shared.give(size);
            LOG.debug("no direct buffer for piece {} ({}): it is written block by block", piece, e.toString());
            return null;
        }
        HeldPiece hp = new HeldPiece(piece, owner, size, target, stream);
        held.put(piece, hp);
        return hp;
    }

    private void free(HeldPiece hp) {
        synchronized (hp) {
            if (!hp.freed) {
                hp.freed = true;
                own.give(hp.size);
                shared.give(hp.size);
                hp.owner.release();
            }
        }
    }

    /**
     * Writes a run of verified pieces side by side (see {@link PieceRuns}) with one direct write,
     * through the page cache once direct writes are refused, and frees them. Each waiting piece's
     * {@link Landed} is told how it went; the error, if any, is returned for {@code finishing}.
     */
    private IOException writeRun(List<HeldPiece> run, HeldPiece finishing) {
        IOException error = null;
        try {
            writeTogether(run);
        } catch (IOException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new IOException("writing pieces " + run.getFirst().piece + "-" + run.getLast().piece + " failed: "
                    + e, e);
        } finally {
            for (HeldPiece hp : run) {
                free(hp);
            }
        }
        for (HeldPiece hp : run) {
            if (hp != finishing && hp.landed != null) {
                hp.landed.landed(error);
            }
        }
        return error;
    }

    private void writeTogether(List<HeldPiece> run) throws IOException {
        ByteBuffer[] parts = new ByteBuffer[run.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = run.get(i).data();
        }
        if (!writeDirect(run.getFirst().target, parts)) {
            for (HeldPiece hp : run) {
                store.writeBlock(hp.piece, 0, hp.data());
            }
        }
    }

    /**
     * One direct write of aligned {@code parts}, back to back from {@code target}; false once direct
     * writes are off. Several parts go in one gathering write (a positional one has no such form, so
     * the channel's position is set first, under its lock).
     */
    private boolean writeDirect(PieceStore.DirectTarget target, ByteBuffer... parts) {
        FileChannel ch = directOff ? null : channel(target.file());
        if (ch == null) {
            return false;
        }
        try {
            if (parts.length == 1) {
                ByteBuffer src = parts[0];
                for (long at = target.position(); src.hasRemaining(); ) {
                    at += ch.write(src, at);
                }
                return true;
            }
            long total = 0;
            for (ByteBuffer part : parts) {
                total += part.remaining();
            }
            synchronized (ch) {
                ch.position(target.position());
                for (long done = 0; done < total; ) {
                    done += ch.write(parts);
                }
            }
            return true;
        } catch (IOException e) {
            // the page-cache write that follows says whether the file is at fault; if it lands, direct I/O was
            refuse(target.file().location(), e);
            return false;
        }
    }

    private FileChannel channel(StoredFile f) {
        FileChannel ch = channels.get(f.index());
        if (ch != null || channels.size() >= MAX_DIRECT_FILES) {
            return ch;
        }
        synchronized (channels) {
            ch = channels.get(f.index());
            if (ch == null && !closed && !directOff) {
                try {
                    ch = opener.open(f.location());
                    channels.put(f.index(), ch);
                } catch (IOException | UnsupportedOperationException e) {
                    refuse(f.location(), e);
                }
            }
            return ch;
        }
    }

    private void refuse(Path file, Exception e) {
        if (!directOff) {
            directOff = true;
            LOG.debug("direct writes to {} refused ({}): pieces go through the page cache from now on",
                    file, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        writeWaiting(); // verified: written before the files close
        synchronized (channels) {
            for (FileChannel ch : channels.values()) {
                try {
                    ch.close();
                } catch (IOException e) {
                    LOG.debug("closing a direct channel: {}", e.toString());
                }
            }
            channels.clear();
        }
        for (Integer piece : held.keySet()) {
            HeldPiece hp = held.remove(piece);
            if (hp != null) {
                free(hp);
            }
        }
    }
}
