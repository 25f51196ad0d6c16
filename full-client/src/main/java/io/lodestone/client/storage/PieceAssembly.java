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
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole pieces gathered in memory, hashed there, and written with one direct (O_DIRECT) write
 * each once they verify. A block written through the page cache costs a copy into it, the file
 * system's work for every page, and a write-back that the download's final force must wait for:
 * 0.6 CPU s per GiB of 16 KiB writes plus their force, against 0.2 s for 1 MiB direct writes
 * with the copy into the piece's buffer (one core, ext4, measured alone). A piece that fails its
 * hash never reaches the file as a verified one: its bytes are written as they came, through the
 * page cache, so the smart ban can read what each peer sent.
 * <p>
 * Only where the write can be aligned: a piece inside one file, at an offset and of a length that
 * are multiples of {@link #ALIGN} (every piece of a single-file torrent but an odd-sized last one),
 * and of at least {@link #MIN_PIECE}.
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
    /**
     * Smaller pieces go through the page cache. A direct write waits for the device, so with small
     * pieces the lanes spent their time waiting, the piece memory filled and most pieces fell back
     * anyway: with 64 KiB pieces, a 1 GiB bench download ran at 0.52-0.61x libtorrent's
     * throughput gathered and 0.74-0.88x through the page cache; at 128 KiB the two were even
     * (0.81-0.83x against 0.76-0.84x), at 256 KiB gathering won (1.10-1.11x against 0.78-0.95x).
     */
    static final int MIN_PIECE = 128 * 1024;
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
        FAILED
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
    private final Map<Integer, Slab> held = new ConcurrentHashMap<>();
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
        Slab slab = held.get(piece);
        if (slab == null && (declined.contains(piece) || (slab = start(piece)) == null)) {
            declined.add(piece);
            return false;
        }
        int length = 0;
        for (ByteBuffer part : parts) {
            length += part.remaining();
        }
        if (begin < 0 || (long) begin + length > slab.size) {
            throw new IllegalArgumentException("bytes " + begin + "+" + length + " are outside piece " + piece);
        }
        synchronized (slab) {
            if (slab.freed) {
                return false; // the store closed under us: nothing of this piece is kept
            }
            int at = begin;
            for (ByteBuffer part : parts) {
                slab.aligned.put(at, part, part.position(), part.remaining());
                at += part.remaining();
            }
            slab.hashOn(begin, length);
        }
        return true;
    }

    /**
     * Ends a piece whose every block was added: verifies it, writes it, and frees its memory.
     * {@link Verdict#NOT_HELD} when it was not gathered here (verify it on disk then).
     */
    public Verdict finish(int piece) throws IOException {
        declined.remove(piece);
        Slab slab = held.remove(piece);
        if (slab == null) {
            return Verdict.NOT_HELD;
        }
        try {
            ByteBuffer data = slab.aligned.duplicate().clear();
            boolean good;
            synchronized (slab) { // its blocks came on another thread
                good = slab.hashedWhole()
                        ? PieceHasher.sha1Matches(slab.sha1, store.v1Pieces(), piece)
                        : store.verifyPiece(piece, data);
            }
            if (!good) {
                store.writeBlock(piece, 0, data); // as sent: the smart ban reads the bad copy back
                return Verdict.FAILED;
            }
            write(piece, slab.target, data);
            return Verdict.PASSED;
        } finally {
            free(slab);
        }
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

    /**
     * A piece's memory: a pooled direct buffer (the engine's allocator, so it is reused and freed
     * at release rather than whenever the collector gets to it) and the aligned view of it. Freed
     * once, by whoever took it out of {@link #held}; a writer checks under its lock.
     * <p>
     * A v1 piece is hashed as its blocks come in order, each right after its copy, while its bytes
     * are still in the cache; a block ahead of the rest waits in the buffer for the gap to close.
     * A block over bytes already hashed (a second copy) stops that: the piece is hashed whole at
     * its end instead.
     */
    private static final class Slab {
        final ByteBuf owner;
        final ByteBuffer aligned;
        final int size;
        final PieceStore.DirectTarget target;
        /** Null when the piece is hashed whole at its end (v2 and hybrid pieces, second copies). */
        MessageDigest sha1;
        int hashedTo;
        /** Blocks (by index) in the buffer past {@link #hashedTo}. */
        final BitSet ahead = new BitSet();
        boolean freed;

        Slab(ByteBuf owner, int size, PieceStore.DirectTarget target, boolean stream) {
            this.owner = owner;
            this.aligned = owner.nioBuffer(0, size + ALIGN).alignedSlice(ALIGN).limit(size).slice();
            this.size = size;
            this.target = target;
            this.sha1 = stream ? PieceHasher.digest("SHA-1") : null;
        }

        /** Notes {@code length} bytes copied in at {@code begin}, and hashes what now follows on. */
        void hashOn(int begin, int length) {
            if (sha1 == null) {
                return;
            }
            if (begin < hashedTo || begin % BLOCK != 0 || (length != BLOCK && begin + length != size)) {
                sha1 = null; // a second copy, or not a whole block: hash the piece whole at the end
                return;
            }
            ahead.set(begin / BLOCK);
            for (int b = hashedTo / BLOCK; ahead.get(b); b++) {
                ahead.clear(b);
                int n = Math.min(BLOCK, size - hashedTo);
                sha1.update(aligned.slice(hashedTo, n));
                hashedTo += n;
            }
        }

        boolean hashedWhole() {
            return sha1 != null && hashedTo == size;
        }
    }

    private Slab start(int piece) {
        PieceStore.DirectTarget target = own.limit() == 0 || directOff || closed ? null
                : store.directTarget(piece, ALIGN);
        if (target == null) {
            return null;
        }
        int size = store.layout().pieceSize(piece);
        if (size < MIN_PIECE || !own.tryTake(size)) {
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
        Slab slab = new Slab(owner, size, target, stream);
        held.put(piece, slab);
        return slab;
    }

    private void free(Slab slab) {
        synchronized (slab) {
            if (!slab.freed) {
                slab.freed = true;
                own.give(slab.size);
                shared.give(slab.size);
                slab.owner.release();
            }
        }
    }

    /** Writes a verified piece directly; through the page cache once direct writes are refused. */
    private void write(int piece, PieceStore.DirectTarget target, ByteBuffer data) throws IOException {
        FileChannel ch = directOff ? null : channel(target.file());
        if (ch != null) {
            try {
                ByteBuffer src = data.duplicate();
                for (long at = target.position(); src.hasRemaining(); ) {
                    at += ch.write(src, at);
                }
                return;
            } catch (IOException e) {
                // the write below says whether the file is at fault; if it lands, direct I/O was
                refuse(target.file().location(), e);
            }
        }
        store.writeBlock(piece, 0, data.duplicate());
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
            Slab slab = held.remove(piece);
            if (slab != null) {
                free(slab);
            }
        }
    }
}
