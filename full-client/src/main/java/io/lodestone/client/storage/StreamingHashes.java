package io.lodestone.client.storage;

import io.lodestone.metainfo.MerkleTree;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hashes a piece's blocks as they are written, so a completed piece is verified without reading it
 * back from disk: v1 by a SHA-1 fed in block order, v2 by the SHA-256 leaf of each 16 KiB block
 * and then its subtree. A block written ahead of the ones before it waits (it is on disk) and is
 * read back only when the gap closes. Anything unusual (a block written twice, misaligned, a
 * failed write, a pad file in the piece, too many pieces in progress) gives up on the piece, and
 * {@link #finish} then answers {@link Outcome#UNKNOWN}: the caller reads the piece back with
 * {@link PieceStore#verifyPiece}. Thread-safe: blocks of one piece may land on several threads.
 */
public final class StreamingHashes {

    /** Pieces hashed at once; more in progress are verified by reading back (bounds memory). */
    static final int MAX_PIECES_IN_PROGRESS = 512;

    /** What the streamed hash says about a completed piece. */
    public enum Outcome { PASSED, FAILED, UNKNOWN }

    private static final int BLOCK = TorrentLayout.BLOCK_SIZE;
    private static final int HASH = MerkleTree.HASH_LENGTH;
    /** A block's bytes on the heap: digests hash arrays fastest, and a direct block is copied once, not per digest. */
    private static final ThreadLocal<byte[]> BLOCK_COPY = ThreadLocal.withInitial(() -> new byte[BLOCK]);

    private final PieceStore store;
    private final TorrentLayout layout;
    private final byte[] v1Pieces;
    private final V2Hashes v2;
    private final Map<Integer, Progress> pieces = new ConcurrentHashMap<>();

    public StreamingHashes(PieceStore store) {
        this.store = store;
        this.layout = store.layout();
        this.v1Pieces = store.v1Pieces();
        this.v2 = store.v2Hashes();
    }

    /** One piece's hashing so far; guarded by its own lock. */
    private static final class Progress {
        final MessageDigest sha1;
        final MessageDigest sha256;
        /** Bytes past this offset of the piece belong to no v2 file (hybrid padding); 0 without v2. */
        final int v2End;
        final byte[] leaves;
        int leafCount;
        /** Bytes of the piece fed to the digests, in order from its start. */
        int hashedTo;
        /** Blocks (by index) written past {@link #hashedTo}, waiting for the gap to close. */
        final BitSet waiting = new BitSet();
        boolean abandoned;

        Progress(boolean v1, int v2End, int blocks) {
            this.sha1 = v1 ? PieceHasher.digest("SHA-1") : null;
            this.v2End = v2End;
            this.sha256 = v2End > 0 ? PieceHasher.digest("SHA-256") : null;
            this.leaves = v2End > 0 ? new byte[blocks * HASH] : null;
        }
    }

    /**
     * Notes a block that has just been written: {@code data} holds exactly its bytes (position to
     * limit of each part, in order; left unchanged). Call only after the write succeeded.
     */
    public void written(int piece, int begin, ByteBuffer... data) {
        Progress p = progress(piece);
        if (p == null) {
            return;
        }
        int size = layout.pieceSize(piece);
        synchronized (p) {
            if (p.abandoned) {
                return;
            }
            int block = begin / BLOCK;
            int n = 0;
            for (ByteBuffer part : data) {
                n += part.remaining();
            }
            if (begin % BLOCK != 0 || n != Math.min(BLOCK, size - begin)
                    || begin < p.hashedTo || p.waiting.get(block)) {
                p.abandoned = true; // not a block of ours, or a second copy: trust only a read-back
                return;
            }
            if (begin != p.hashedTo) {
                p.waiting.set(block);
                return;
            }
            byte[] buf = BLOCK_COPY.get();
            int at = 0;
            for (ByteBuffer part : data) {
                int k = part.remaining();
                part.duplicate().get(buf, at, k);
                at += k;
            }
            // one call site of feed: the JIT inlines the digests (and their non-intrinsic
            // fallbacks) once, where a second site for the catch-up doubled a 1 s compile
            for (int len = n; len > 0; len = catchUp(p, piece, size, buf)) {
                feed(p, buf, len);
            }
        }
    }

    /** Gives up on a piece whose write failed: its bytes on disk are unknown. */
    public void writeFailed(int piece) {
        Progress p = pieces.get(piece);
        if (p != null) {
            synchronized (p) {
                p.abandoned = true;
            }
        }
    }

    /**
     * The verdict on a piece whose every block has been written, forgetting its state; UNKNOWN
     * when it was not hashed whole (read it back then).
     */
    public Outcome finish(int piece) {
        Progress p = pieces.remove(piece);
        if (p == null) {
            return Outcome.UNKNOWN;
        }
        synchronized (p) {
            if (p.abandoned || p.hashedTo != layout.pieceSize(piece)) {
                return Outcome.UNKNOWN;
            }
            byte[] expected = p.leaves == null ? null : v2.target(piece).expected();
            if (p.sha1 == null && expected == null) {
                return Outcome.UNKNOWN; // nothing to check against yet: the read-back path says why
            }
            if (p.sha1 != null && !PieceHasher.sha1Matches(p.sha1, v1Pieces, piece)) {
                return Outcome.FAILED;
            }
            if (expected != null && !PieceHasher.subtreeMatches(p.sha256, p.leaves, p.leafCount,
                    v2.target(piece).leafWidth(), expected)) {
                return Outcome.FAILED;
            }
            return Outcome.PASSED;
        }
    }

    /** Drops a piece's state (its blocks will be written again). */
    public void forget(int piece) {
        pieces.remove(piece);
    }

    /** Pieces being hashed now. */
    int inProgress() {
        return pieces.size();
    }

    private Progress progress(int piece) {
        Progress p = pieces.get(piece);
        if (p != null || pieces.size() >= MAX_PIECES_IN_PROGRESS || store.touchesPad(piece)) {
            return p;
        }
        int v2End = v2 == null ? 0
                : (int) Math.min(layout.pieceSize(piece), v2.target(piece).file().end() - layout.pieceOffset(piece));
        int blocks = layout.blockCount(piece);
        return pieces.computeIfAbsent(piece, k -> new Progress(v1Pieces != null, v2End, blocks));
    }

    /** Feeds the next block, whose bytes are {@code data[0 .. length)}. */
    private static void feed(Progress p, byte[] data, int length) {
        int begin = p.hashedTo;
        if (p.sha1 != null) {
            p.sha1.update(data, 0, length);
        }
        int inFile = Math.min(length, p.v2End - begin);
        if (p.sha256 != null && inFile > 0) {
            p.sha256.update(data, 0, inFile);
            try {
                p.sha256.digest(p.leaves, p.leafCount * HASH, HASH);
            } catch (DigestException e) {
                throw new IllegalStateException(e); // the array has room for every block's leaf
            }
            p.leafCount++;
        }
        p.hashedTo = begin + length;
    }

    /**
     * Reads back into {@code buf} the next block if it was written ahead and so now follows on;
     * its length, or 0 when there is none (or it could not be read: the piece is given up).
     */
    private int catchUp(Progress p, int piece, int size, byte[] buf) {
        if (p.hashedTo >= size || !p.waiting.get(p.hashedTo / BLOCK)) {
            return 0;
        }
        p.waiting.clear(p.hashedTo / BLOCK);
        ByteBuffer b = ByteBuffer.wrap(buf, 0, Math.min(BLOCK, size - p.hashedTo));
        try {
            store.readBlock(piece, p.hashedTo, b);
        } catch (IOException | RuntimeException e) {
            p.abandoned = true;
            return 0;
        }
        return b.position();
    }
}
