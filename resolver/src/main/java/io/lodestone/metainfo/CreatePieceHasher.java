package io.lodestone.metainfo;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** BEP 3 piece hashes: SHA-1 of each piece of the v1 byte stream, fed in chunks of any size. */
final class CreatePieceHasher {

    /** Pad files are fed from this; they are at most a piece long, but any length works. */
    private static final byte[] ZEROS = new byte[64 * 1024];

    private final int pieceLength;
    private final MessageDigest sha1;
    private final ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    private int pieceFill;

    CreatePieceHasher(int pieceLength) {
        this.pieceLength = pieceLength;
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    void update(byte[] data, int offset, int count) {
        while (count > 0) {
            int n = Math.min(count, pieceLength - pieceFill);
            sha1.update(data, offset, n);
            pieceFill += n;
            offset += n;
            count -= n;
            if (pieceFill == pieceLength) {
                pieces.writeBytes(sha1.digest());
                pieceFill = 0;
            }
        }
    }

    /** Feeds {@code count} zero bytes: a BEP 47 pad file. */
    void zeros(long count) {
        while (count > 0) {
            int n = (int) Math.min(count, ZEROS.length);
            update(ZEROS, 0, n);
            count -= n;
        }
    }

    /** The concatenated hashes; a last, shorter piece is hashed as it is. */
    byte[] finish() {
        if (pieceFill > 0) {
            pieces.writeBytes(sha1.digest());
            pieceFill = 0;
        }
        return pieces.toByteArray();
    }
}
