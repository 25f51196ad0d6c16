package io.lodestone.client.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Whether a piece's bytes hash to what the torrent says: its SHA-1 (v1), its merkle subtree (v2),
 * or both (hybrid), wherever the bytes come from: the files on disk, or a piece held in memory.
 * Streams them in 16 KiB blocks through the calling thread's {@link PieceHasher}.
 */
final class PieceCheck {

    /** Fills {@code dst} with the piece's bytes from offset {@code at}; false when they are missing. */
    interface PieceBytes {
        boolean fill(int at, ByteBuffer dst) throws IOException;
    }

    private final TorrentLayout layout;
    private final byte[] v1Pieces;
    private final V2Hashes v2;

    PieceCheck(TorrentLayout layout, byte[] v1Pieces, V2Hashes v2) {
        this.layout = layout;
        this.v1Pieces = v1Pieces;
        this.v2 = v2;
    }

    /** The piece's v2 target (null without v2); throws when nothing can check the piece yet. */
    V2Hashes.Target checkable(int piece) {
        V2Hashes.Target target = v2 == null ? null : v2.target(piece);
        if (target != null && target.expected() == null && v1Pieces == null) {
            throw new IllegalStateException("piece " + piece + " cannot be checked before the piece layer of "
                    + String.join("/", target.file().path()) + " is known");
        }
        return target;
    }

    /** Whether the piece's bytes from {@code bytes} match the torrent; false when some are missing. */
    boolean matches(int piece, PieceBytes bytes) throws IOException {
        V2Hashes.Target target = checkable(piece);
        boolean checkV2 = target != null && target.expected() != null;
        PieceHasher h = PieceHasher.get();
        long start = layout.pieceOffset(piece);
        int size = layout.pieceSize(piece);
        long v2End = checkV2 ? target.file().end() : 0;
        ByteBuffer buf = ByteBuffer.wrap(h.block);
        for (int at = 0; at < size; at += TorrentLayout.BLOCK_SIZE) {
            int n = Math.min(TorrentLayout.BLOCK_SIZE, size - at);
            buf.clear().limit(n);
            if (!bytes.fill(at, buf)) {
                return false;
            }
            if (v1Pieces != null) {
                h.sha1.update(h.block, 0, n);
            }
            long inFile = Math.min(n, v2End - (start + at));
            if (checkV2 && inFile > 0) {
                h.leaf((int) inFile); // hybrid: the pad after a file's end is not part of its tree
            }
        }
        if (v1Pieces != null && !h.sha1Matches(v1Pieces, piece)) {
            return false;
        }
        return !checkV2 || h.leavesMatch(target.leafWidth(), target.expected());
    }
}
