package io.lodestone.client.storage;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.BitSet;

/**
 * A piece gathered in memory by {@link PieceAssembly}: a pooled direct buffer (the engine's
 * allocator, so it is reused and freed at release rather than whenever the collector gets to it)
 * and the aligned view of it. Freed once, by whoever took it out of the assembly's held pieces; a
 * writer checks under its lock.
 * <p>
 * A v1 piece is hashed as its blocks come in order, each right after its copy, while its bytes
 * are still in the cache; a block ahead of the rest waits in the buffer for the gap to close.
 * A block over bytes already hashed (a second copy) stops that: the piece is hashed whole at
 * its end instead.
 */
final class HeldPiece {

    private static final int BLOCK = TorrentLayout.BLOCK_SIZE;

    final int piece;
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
    /** Told once the piece is on disk, when it verified and then waited for a neighbour. */
    PieceAssembly.Landed landed;
    /** When it began to wait ({@link System#nanoTime}). */
    long waitingSince;
    /** Made ready ahead of its first block (see {@link PieceAssembly#expect}), and when ({@link System#nanoTime}). */
    boolean expected;
    long expectedAt;
    /** Whether any of its bytes came; set under its lock. */
    boolean touched;

    HeldPiece(int piece, ByteBuf owner, int size, PieceStore.DirectTarget target, boolean stream) {
        this.piece = piece;
        this.owner = owner;
        this.aligned = owner.nioBuffer(0, size + PieceAssembly.ALIGN).alignedSlice(PieceAssembly.ALIGN).limit(size)
                .slice();
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

    /** The piece's bytes, all of them. */
    ByteBuffer data() {
        return aligned.duplicate().clear();
    }
}
