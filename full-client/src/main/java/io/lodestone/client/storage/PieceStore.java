package io.lodestone.client.storage;

import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.TorrentVersion;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A torrent's pieces on disk, in the files the torrent names under a download directory.
 *
 * <ul>
 *   <li>Paths are checked before anything is created (see {@link UnsafePathException}); pad files
 *       are never written (reads of them give zeros), empty files are created, and files grow
 *       sparse as blocks land unless {@link StorageConfig#fullLengthAtOpen()}.</li>
 *   <li>Reads and writes are positional on cached {@link FileChannel}s, so concurrent calls for
 *       different pieces do not contend beyond the handle cache's short lock.</li>
 *   <li>{@link #verifyPiece} is blocking and streams the piece in 16 KiB blocks through per-thread
 *       digests: call it from a worker pool, never a network thread. v1 pieces are checked by SHA-1,
 *       v2 pieces by their merkle subtree against the piece layer or pieces root, hybrid pieces
 *       both ways (v1 only while a v2 layer is unknown).</li>
 *   <li>{@link #recheck} trusts nothing on disk that does not hash right: it is how a download
 *       resumes after a crash.</li>
 * </ul>
 */
public final class PieceStore implements AutoCloseable {

    /** Pieces one recheck task hashes before the next task is picked up. */
    private static final int RECHECK_BATCH = 16;

    private final TorrentLayout layout;
    private final TorrentVersion version;
    private final List<StoredFile> files;
    /** End offset of each file, non-decreasing: finds the first file at a position by binary search. */
    private final long[] ends;
    private final byte[] v1Pieces;
    private final V2Hashes v2;
    private final FileHandles handles;
    private final WriteBehind writeBehind;
    private final PieceAssembly assembly;
    private final PieceCheck check;

    private PieceStore(Metainfo m, TorrentLayout layout, List<StoredFile> files, StorageConfig config,
                       PieceMemory memory) {
        this.layout = layout;
        this.version = m.version();
        this.files = List.copyOf(files);
        this.ends = new long[files.size()];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = files.get(i).end();
        }
        this.v1Pieces = version.hasV1() ? m.v1Pieces() : null;
        if (v1Pieces != null && v1Pieces.length != layout.pieceCount() * PieceHasher.SHA1_LENGTH) {
            throw new IllegalArgumentException("the torrent has " + v1Pieces.length / PieceHasher.SHA1_LENGTH
                    + " piece hashes for " + layout.pieceCount() + " pieces");
        }
        this.v2 = version.hasV2() ? new V2Hashes(m, files) : null;
        this.handles = new FileHandles(this.files, config.openFiles());
        this.check = new PieceCheck(layout, v1Pieces, v2);
        this.writeBehind = new WriteBehind(config.writeBehindBytes(), this::forceData,
                task -> Thread.ofVirtual().name("write-behind").start(task));
        this.assembly = new PieceAssembly(this, config.directPieceBytes(), memory, PieceAssembly::openDirect,
                PieceAssembly::pooledBuffer);
    }

    /**
     * Checks every path of the torrent, then creates its directories and files under
     * {@code downloadDir} (existing files are kept as they are, for resume).
     *
     * @throws UnsafePathException when a path would leave the directory or pass a symbolic link;
     *                             nothing has been created then
     */
    public static PieceStore open(Metainfo m, Path downloadDir, StorageConfig config) throws IOException {
        return open(m, downloadDir, config, PieceMemory.of(config));
    }

    /**
     * {@link #open(Metainfo, Path, StorageConfig)}, gathering whole pieces within {@code memory},
     * which other stores of the process share.
     */
    public static PieceStore open(Metainfo m, Path downloadDir, StorageConfig config, PieceMemory memory)
            throws IOException {
        Objects.requireNonNull(m, "metainfo");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(memory, "memory");
        Path root = downloadDir.toAbsolutePath().normalize();
        TorrentLayout layout = TorrentLayout.of(m);
        List<StoredFile> files = FileTree.plan(m, root);
        PieceStore store = new PieceStore(m, layout, files, config, memory); // checks hashes against the layout
        FileTree.create(files, root, config.fullLengthAtOpen());
        return store;
    }

    public TorrentLayout layout() {
        return layout;
    }

    /** Whole pieces gathered in memory and written directly once they verify. */
    public PieceAssembly assembly() {
        return assembly;
    }

    /**
     * Writes a block (any byte range inside a piece); bytes that fall in pad files are dropped.
     * Consumes {@code data}: its position ends at its limit.
     */
    public void writeBlock(int piece, int begin, ByteBuffer data) throws IOException {
        long start = checkRange(piece, begin, data.remaining());
        int length = data.remaining();
        int base = data.position();
        int done = 0;
        for (int i = firstFile(start); done < length; i++) {
            StoredFile f = fileAt(i, start + done);
            if (f == null) {
                continue;
            }
            int n = (int) Math.min(length - done, f.end() - (start + done));
            if (!f.pad()) {
                ByteBuffer src = data.duplicate();
                src.limit(base + done + n).position(base + done);
                writeFully(f, src, start + done - f.offset());
            }
            done += n;
        }
        data.position(data.limit());
    }

    /**
     * Reads {@code dst.remaining()} bytes of a piece from {@code begin} (to send to a peer); pad
     * bytes read as zeros.
     *
     * @throws EOFException when the data is not on disk (the file is shorter)
     */
    public void readBlock(int piece, int begin, ByteBuffer dst) throws IOException {
        long start = checkRange(piece, begin, dst.remaining());
        read(start, dst, true);
    }

    /** Whether a piece can be verified now: false only for a v2-only piece whose piece layer is still unknown. */
    public boolean canVerify(int piece) {
        return version != TorrentVersion.V2 || v2.target(piece).expected() != null;
    }

    /**
     * Hashes the piece on disk and compares it with the torrent. Blocking: call it off the network
     * threads. False when data is missing or wrong.
     *
     * @throws IllegalStateException when {@link #canVerify} is false
     */
    public boolean verifyPiece(int piece) throws IOException {
        layout.pieceOffset(piece); // range check
        check.checkable(piece);
        if (!onDisk(piece)) {
            return false;
        }
        long start = layout.pieceOffset(piece);
        return check.matches(piece, (at, dst) -> read(start + at, dst, false));
    }

    /**
     * Hashes a whole piece held in memory ({@code data}, position to limit, left unchanged) and
     * compares it with the torrent, as {@link #verifyPiece(int)} does with the piece on disk.
     */
    public boolean verifyPiece(int piece, ByteBuffer data) {
        if (data.remaining() != layout.pieceSize(piece)) {
            throw new IllegalArgumentException(data.remaining() + " bytes for piece " + piece + " of "
                    + layout.pieceSize(piece));
        }
        int base = data.position();
        try {
            return check.matches(piece, (at, dst) -> {
                dst.put(data.slice(base + at, dst.remaining()));
                return true;
            });
        } catch (IOException e) {
            throw new IllegalStateException(e); // memory does not fail to read
        }
    }

    /** {@link #verifyPiece} on {@code executor}. */
    public CompletableFuture<Boolean> verifyAsync(int piece, Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return verifyPiece(piece);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }

    /**
     * Which pieces verify on disk, hashed on {@code pool}: resume after a crash. Pieces whose
     * files are missing or too short are skipped without reading; pieces that cannot be checked
     * yet (v2 layer unknown) count as missing.
     */
    public BitSet recheck(ExecutorService pool) throws IOException {
        List<Future<BitSet>> batches = new ArrayList<>();
        for (int from = 0; from < layout.pieceCount(); from += RECHECK_BATCH) {
            int first = from;
            int last = Math.min(layout.pieceCount(), from + RECHECK_BATCH);
            batches.add(pool.submit(() -> {
                BitSet ok = new BitSet();
                for (int p = first; p < last; p++) {
                    if (canVerify(p) && verifyPiece(p)) {
                        ok.set(p);
                    }
                }
                return ok;
            }));
        }
        BitSet result = new BitSet(layout.pieceCount());
        try {
            for (Future<BitSet> f : batches) {
                result.or(f.get());
            }
        } catch (InterruptedException e) {
            batches.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("recheck interrupted");
        } catch (ExecutionException e) {
            batches.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("recheck failed: " + e.getCause(), e.getCause());
        }
        return result;
    }

    /** SHA-1 of every v1 piece, or null for a v2-only torrent; for {@link StreamingHashes}. */
    byte[] v1Pieces() {
        return v1Pieces;
    }

    /** The v2 hashes, or null for a v1-only torrent; for {@link StreamingHashes}. */
    V2Hashes v2Hashes() {
        return v2;
    }

    /** Where a direct write of a whole piece goes: one file, and the piece's offset in it. */
    record DirectTarget(StoredFile file, long position) {
    }

    /**
     * The file and offset for writing {@code piece} whole and directly: only a piece that lies
     * inside one file, at an offset and of a length that are multiples of {@code align}; null for
     * the rest (a piece across files or pads, the last piece of a file whose size is not aligned).
     */
    DirectTarget directTarget(int piece, int align) {
        long start = layout.pieceOffset(piece);
        int size = layout.pieceSize(piece);
        StoredFile f = files.get(firstFile(start));
        long position = start - f.offset();
        if (f.pad() || f.offset() > start || start + size > f.end() || position % align != 0 || size % align != 0) {
            return null;
        }
        return new DirectTarget(f, position);
    }

    /** Whether any pad file lies in the piece: its pad bytes hash as zeros whatever a peer sent. */
    boolean touchesPad(int piece) {
        long start = layout.pieceOffset(piece);
        long end = start + layout.pieceSize(piece);
        for (int i = firstFile(start); i < files.size() && files.get(i).offset() < end; i++) {
            if (files.get(i).pad() && files.get(i).size() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Roots of v2 files whose piece layer is still needed (a magnet's hashes come from peers). */
    public List<byte[]> missingPieceLayers() {
        return v2 == null ? List.of() : v2.missingLayers();
    }

    /** Adds a piece layer received from a peer; false unless it hashes up to one of our files' roots. */
    public boolean addPieceLayer(byte[] piecesRoot, byte[] layer) {
        return v2 != null && v2.addLayer(piecesRoot, layer);
    }

    /**
     * Forces every file's data to the storage device (fsync): a download is reported complete
     * only after this, so a crash or power cut right after cannot lose what was verified.
     */
    public void sync() throws IOException {
        for (StoredFile f : files) {
            if (f.pad() || f.size() == 0) {
                continue;
            }
            FileChannel ch = handles.acquire(f.index());
            try {
                ch.force(true);
            } finally {
                handles.release(f.index());
            }
        }
        throwWriteBehindFailure();
    }

    private void throwWriteBehindFailure() throws IOException {
        IOException e = writeBehind.failure();
        if (e != null) {
            throw new IOException("writing data to the device failed: " + e.getMessage(), e);
        }
    }

    /** Forces one file's data, not its metadata: the background pass; {@link #sync} does both. */
    private void forceData(int file) throws IOException {
        FileChannel ch = handles.acquire(file);
        try {
            ch.force(false);
        } finally {
            handles.release(file);
        }
    }

    @Override
    public void close() {
        writeBehind.stop();
        assembly.close();
        handles.close();
    }

    /** File channels open now; the cache keeps it near {@link StorageConfig#openFiles()}. */
    int openChannels() {
        return handles.openCount();
    }

    // ---- mapping the piece space onto files ----

    private long checkRange(int piece, int begin, int length) {
        int size = layout.pieceSize(piece);
        if (begin < 0 || length < 0 || (long) begin + length > size) {
            throw new IllegalArgumentException("bytes " + begin + "+" + length + " are outside piece " + piece
                    + " of " + size + " bytes");
        }
        return layout.pieceOffset(piece) + begin;
    }

    /** The index of the first file ending after {@code position}. */
    private int firstFile(long position) {
        int lo = 0;
        int hi = ends.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** File {@code i} if it holds {@code position}; null for an empty file to step over. */
    private StoredFile fileAt(int i, long position) {
        if (i >= files.size()) {
            throw new IllegalStateException("position " + position + " lies past the last file");
        }
        StoredFile f = files.get(i);
        if (f.size() == 0) {
            return null;
        }
        if (f.offset() > position) {
            throw new IllegalStateException("position " + position + " lies in no file"); // layouts never split a piece this way
        }
        return f;
    }

    /**
     * Fills {@code dst} from the piece space at {@code start}. Pads read as zeros. A file that is
     * shorter than needed: EOFException when {@code strict}, else false.
     */
    private boolean read(long start, ByteBuffer dst, boolean strict) throws IOException {
        int length = dst.remaining();
        int base = dst.position();
        int done = 0;
        for (int i = firstFile(start); done < length; i++) {
            StoredFile f = fileAt(i, start + done);
            if (f == null) {
                continue;
            }
            int n = (int) Math.min(length - done, f.end() - (start + done));
            ByteBuffer part = dst.duplicate();
            part.limit(base + done + n).position(base + done);
            if (f.pad()) {
                while (part.hasRemaining()) {
                    part.put((byte) 0);
                }
            } else if (!readFully(f, part, start + done - f.offset())) {
                if (strict) {
                    throw new EOFException(String.join("/", f.path()) + " ends before byte " + (start + done + n - f.offset()));
                }
                return false;
            }
            done += n;
        }
        dst.position(base + length);
        return true;
    }

    private void writeFully(StoredFile f, ByteBuffer src, long position) throws IOException {
        FileChannel ch = handles.acquire(f.index());
        try {
            long at = position;
            while (src.hasRemaining()) {
                at += ch.write(src, at);
            }
            writeBehind.wrote(f.index(), at - position);
        } catch (NonWritableChannelException e) {
            throw new IOException(f.location() + " is read-only", e);
        } finally {
            handles.release(f.index());
        }
    }

    private boolean readFully(StoredFile f, ByteBuffer dst, long position) throws IOException {
        FileChannel ch = handles.acquire(f.index());
        try {
            long at = position;
            while (dst.hasRemaining()) {
                int n = ch.read(dst, at);
                if (n < 0) {
                    return false;
                }
                at += n;
            }
            return true;
        } finally {
            handles.release(f.index());
        }
    }

    /** Whether every file the piece touches exists and reaches far enough; reads no data. */
    private boolean onDisk(int piece) throws IOException {
        long start = layout.pieceOffset(piece);
        long end = start + layout.pieceSize(piece);
        for (int i = firstFile(start); i < files.size() && files.get(i).offset() < end; i++) {
            StoredFile f = files.get(i);
            if (f.pad() || f.size() == 0) {
                continue;
            }
            long needed = Math.min(end, f.end()) - f.offset();
            try {
                BasicFileAttributes a = Files.readAttributes(f.location(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile() || a.size() < needed) {
                    return false;
                }
            } catch (NoSuchFileException e) {
                return false;
            }
        }
        return true;
    }
}
