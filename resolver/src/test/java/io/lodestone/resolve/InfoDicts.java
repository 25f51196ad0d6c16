package io.lodestone.resolve;

import io.lodestone.types.InfoHash;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/** Synthetic v1 info dicts for the fake peer: valid single-file dicts of any size. */
final class InfoDicts {

    static final int PIECE_LENGTH = 16 * 1024;

    private InfoDicts() {
    }

    /** A single-file v1 info dict with {@code pieces} pieces (20 bytes of hash each) of random hashes. */
    static byte[] singleFile(String name, int pieces, long seed) {
        byte[] hashes = new byte[pieces * 20];
        new Random(seed).nextBytes(hashes);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("d6:lengthi" + (long) pieces * PIECE_LENGTH + "e4:name" + nameBytes.length + ":")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(nameBytes);
        out.writeBytes(("12:piece lengthi" + PIECE_LENGTH + "e6:pieces" + hashes.length + ":")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(hashes);
        out.write('e');
        return out.toByteArray();
    }

    static InfoHash sha1(byte[] info) {
        try {
            return InfoHash.v1(MessageDigest.getInstance("SHA-1").digest(info));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
