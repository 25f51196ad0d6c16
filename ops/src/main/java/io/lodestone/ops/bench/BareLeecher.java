package io.lodestone.ops.bench;

import io.lodestone.client.storage.TorrentLayout;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.PeerId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench's yardstick, not a client: the least work a leecher that verifies and keeps what it
 * downloads can do against one seeder. One connection, requests in piece order kept 500 deep,
 * every block copied once into its piece's buffer and fed to SHA-1 in order, each verified piece
 * written by one writer thread with O_DIRECT. No picker, no choking, no other peers, no resume.
 * What it reaches is what the seeder and the machine allow any leecher; how far a real client
 * falls short of it is that client's own overhead. Single-file v1 (or hybrid) torrents only.
 */
final class BareLeecher {

    static final int DEPTH = 500;
    static final int REQUEST_BATCH = 32;
    static final int READ_BUFFER = 8 << 20;
    static final int SOCKET_BUFFER = 4 << 20;
    /** Piece buffers kept at once: the writer may lag this far behind the socket. */
    static final long STAGE_BYTES = 128L << 20;
    private static final int ALIGN = 4096;
    private static final int LENGTH_PREFIX = 4;
    private static final int PIECE_HEADER = 9;
    private static final int HANDSHAKE_LENGTH = 68;

    private final Metainfo meta;
    private final TorrentLayout layout;
    private final AtomicLong verifiedBytes = new AtomicLong();
    private volatile boolean wroteDirect;

    BareLeecher(Metainfo meta) {
        if (meta.infoHashV1() == null || meta.files().size() != 1) {
            throw new IllegalArgumentException("the bare leecher takes single-file v1 or hybrid torrents");
        }
        this.meta = meta;
        this.layout = TorrentLayout.of(meta);
    }

    /** Whether the last download wrote with O_DIRECT; the file system may refuse it. */
    boolean wroteDirect() {
        return wroteDirect;
    }

    /** Bytes verified so far: the progress a sampler reads while {@link #download} runs. */
    long verified() {
        return verifiedBytes.get();
    }

    /** Downloads the torrent from {@code seeder} into {@code file}; throws on any failure or after {@code timeout}. */
    void download(InetSocketAddress seeder, Path file, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Files.createDirectories(file.getParent());
        int slots = (int) Math.max(2, Math.min(64, STAGE_BYTES / meta.pieceLength()));
        try (SocketChannel ch = SocketChannel.open(); Selector selector = Selector.open();
             Writer writer = new Writer(file, slots)) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            ch.connect(seeder);
            ch.write(ByteBuffer.wrap(Handshake.of(meta.infoHashV1(), PeerId.generate()).encode()));
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 2})); // interested
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            wroteDirect = writer.direct != null;
            new Session(ch, selector, writer, slots, deadline).run();
            writer.finish();
        }
    }

    /** The receive loop's state: one connection, one pass over the torrent. */
    private final class Session {
        final SocketChannel ch;
        final Selector selector;
        final Writer writer;
        final long deadline;
        final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
        final ByteBuffer requests = ByteBuffer.allocate(REQUEST_BATCH * 17);
        final byte[] block = new byte[TorrentLayout.BLOCK_SIZE];
        final MessageDigest[] digests;
        final int[] hashedTo;
        final BitSet[] waiting;
        final int pieces = meta.pieceCount();
        int nextPiece;
        int nextBlock;
        int outstanding;
        int verifiedPieces;
        boolean handshaken;
        boolean unchoked;

        Session(SocketChannel ch, Selector selector, Writer writer, int slots, long deadline) {
            this.ch = ch;
            this.selector = selector;
            this.writer = writer;
            this.deadline = deadline;
            this.digests = new MessageDigest[slots];
            this.hashedTo = new int[slots];
            this.waiting = new BitSet[slots];
            for (int i = 0; i < slots; i++) {
                digests[i] = sha1();
                waiting[i] = new BitSet();
            }
        }

        void run() throws IOException, InterruptedException {
            while (verifiedPieces < pieces) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("timed out with " + verifiedPieces + " of " + pieces + " pieces");
                }
                request();
                selector.select(1000);
                selector.selectedKeys().clear();
                int n = ch.read(in);
                if (n < 0) {
                    throw new IOException("the seeder closed after " + verifiedPieces + " of " + pieces + " pieces");
                }
                in.flip();
                parse();
                in.compact();
            }
        }

        /** Tops the pipeline up in batches, in piece order. */
        void request() throws IOException {
            if (!unchoked || outstanding > DEPTH - REQUEST_BATCH || nextPiece >= pieces) {
                return;
            }
            requests.clear();
            while (outstanding < DEPTH && nextPiece < pieces && requests.remaining() >= 17) {
                requests.putInt(13).put((byte) 6).putInt(nextPiece)
                        .putInt(nextBlock * TorrentLayout.BLOCK_SIZE).putInt(layout.blockSize(nextPiece, nextBlock));
                outstanding++;
                if (++nextBlock == layout.blockCount(nextPiece)) {
                    nextBlock = 0;
                    nextPiece++;
                }
            }
            requests.flip();
            while (requests.hasRemaining()) {
                ch.write(requests);
            }
        }

        void parse() throws IOException, InterruptedException {
            if (!handshaken) {
                if (in.remaining() < HANDSHAKE_LENGTH) {
                    return;
                }
                byte[] hs = new byte[HANDSHAKE_LENGTH];
                in.get(hs);
                if (!Arrays.equals(hs, 28, 48, meta.infoHashV1().bytes(), 0, 20)) {
                    throw new IOException("the seeder answered for another torrent");
                }
                handshaken = true;
            }
            while (in.remaining() >= LENGTH_PREFIX) {
                int start = in.position();
                int length = in.getInt(start);
                if (length < 0 || length > in.capacity() - LENGTH_PREFIX) {
                    throw new IOException("message of " + length + " bytes");
                }
                if (in.remaining() < LENGTH_PREFIX + length) {
                    return;
                }
                if (length > 0) {
                    byte id = in.get(start + LENGTH_PREFIX);
                    switch (id) {
                        case 0 -> unchoked = false;
                        case 1 -> unchoked = true;
                        case 7 -> block(start + LENGTH_PREFIX + 1, length - PIECE_HEADER);
                        default -> { } // bitfield, have, extensions: a seeder has everything
                    }
                }
                in.position(start + LENGTH_PREFIX + length);
            }
        }

        /** A block: into its piece's buffer, and through SHA-1 once every block before it has been. */
        void block(int at, int length) throws IOException, InterruptedException {
            int piece = in.getInt(at);
            int offset = in.getInt(at + 4);
            if (piece < 0 || piece >= pieces || offset < 0 || offset % TorrentLayout.BLOCK_SIZE != 0
                    || offset / TorrentLayout.BLOCK_SIZE >= layout.blockCount(piece)
                    || length != layout.blockSize(piece, offset / TorrentLayout.BLOCK_SIZE)) {
                throw new IOException("unrequested block " + piece + "@" + offset);
            }
            outstanding--;
            int slot = piece % digests.length;
            ByteBuffer stage = writer.stage(piece);
            stage.put(offset, in, at + 8, length);
            if (offset != hashedTo[slot]) {
                waiting[slot].set(offset / TorrentLayout.BLOCK_SIZE);
                return;
            }
            in.get(at + 8, block, 0, length);
            digests[slot].update(block, 0, length);
            hashedTo[slot] += length;
            int size = layout.pieceSize(piece);
            while (hashedTo[slot] < size && waiting[slot].get(hashedTo[slot] / TorrentLayout.BLOCK_SIZE)) {
                int n = Math.min(TorrentLayout.BLOCK_SIZE, size - hashedTo[slot]);
                stage.get(hashedTo[slot], block, 0, n);
                digests[slot].update(block, 0, n);
                hashedTo[slot] += n;
            }
            if (hashedTo[slot] == size) {
                byte[] sha = digests[slot].digest();
                if (!Arrays.equals(sha, 0, 20, meta.v1Pieces(), piece * 20, piece * 20 + 20)) {
                    throw new IOException("piece " + piece + " failed its hash");
                }
                hashedTo[slot] = 0;
                waiting[slot].clear();
                verifiedPieces++;
                verifiedBytes.addAndGet(size);
                writer.write(piece);
            }
        }
    }

    /** Verified pieces to disk on one thread, O_DIRECT where the length allows, from a ring of aligned buffers. */
    private final class Writer implements AutoCloseable {
        final FileChannel direct;
        final FileChannel buffered;
        final ByteBuffer[] stages;
        final Semaphore[] free;
        final int[] stagedPiece;
        final BlockingQueue<Integer> queue;
        final Thread thread;
        volatile IOException failed;

        Writer(Path file, int slots) throws IOException {
            this.buffered = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            this.direct = openDirect(file);
            this.stages = new ByteBuffer[slots];
            this.free = new Semaphore[slots];
            this.stagedPiece = new int[slots];
            Arrays.fill(stagedPiece, -1);
            for (int i = 0; i < slots; i++) {
                stages[i] = ByteBuffer.allocateDirect((int) meta.pieceLength() + ALIGN).alignedSlice(ALIGN);
                free[i] = new Semaphore(1);
            }
            this.queue = new ArrayBlockingQueue<>(slots + 1);
            this.thread = Thread.ofPlatform().name("bare-writer").daemon().start(this::drain);
        }

        /** The buffer for {@code piece}, once the writer is done with the piece that held it before. */
        ByteBuffer stage(int piece) throws InterruptedException, IOException {
            int slot = piece % stages.length;
            if (stagedPiece[slot] != piece) {
                while (!free[slot].tryAcquire(1, TimeUnit.SECONDS)) {
                    check();
                }
                stagedPiece[slot] = piece;
            }
            return stages[slot];
        }

        void write(int piece) throws InterruptedException, IOException {
            check();
            queue.put(piece);
        }

        private void drain() {
            try {
                for (int piece; (piece = queue.take()) >= 0; ) {
                    int slot = piece % stages.length;
                    int size = layout.pieceSize(piece);
                    long position = layout.pieceOffset(piece);
                    int aligned = direct == null ? 0 : size - size % ALIGN;
                    ByteBuffer b = stages[slot].duplicate().position(0).limit(aligned);
                    while (b.hasRemaining()) {
                        direct.write(b, position + b.position());
                    }
                    b.limit(size);
                    while (b.hasRemaining()) {
                        buffered.write(b, position + b.position());
                    }
                    free[slot].release();
                }
            } catch (IOException e) {
                failed = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** O_DIRECT, or null where the file system refuses it (tmpfs on older kernels): then every write is buffered. */
        private static FileChannel openDirect(Path file) throws IOException {
            try {
                return FileChannel.open(file, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT);
            } catch (UnsupportedOperationException | IOException e) {
                return null;
            }
        }

        private void check() throws IOException {
            if (failed != null) {
                throw failed;
            }
        }

        /** Waits for every queued piece to be written. */
        void finish() throws InterruptedException, IOException {
            queue.put(-1);
            thread.join();
            check();
        }

        @Override
        public void close() throws IOException {
            thread.interrupt();
            try (buffered) {
                if (direct != null) {
                    direct.close();
                }
            }
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
