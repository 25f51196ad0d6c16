package io.lodestone.tracker;

import io.lodestone.types.InfoHash;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Test helpers that write tracker answers byte by byte, as they appear on the wire. */
final class Wire {

    static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    /** A peer id with bytes that must be escaped and bytes that must not. */
    static final byte[] PEER_ID = bytes("-LS0100-", new byte[] {0x00, 0x20, '~', '.', '_', '-', (byte) 0xff,
            (byte) 0x80, 'A', 'z', '0', '%'});
    static final String PEER_ID_ENCODED = "-LS0100-%00%20~._-%FF%80Az0%25";
    static final String HASH_ENCODED = "%01%23Eg%89%AB%CD%EF%01%23Eg%89%AB%CD%EF%01%23Eg";

    private Wire() {
    }

    /** Strings as ISO-8859-1 (one byte per char) and byte arrays, concatenated. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof byte[] b) {
                out.writeBytes(b);
            } else {
                out.writeBytes(p.toString().getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return out.toByteArray();
    }

    /** A bencoded byte string. */
    static byte[] str(byte[] b) {
        return bytes(b.length + ":", b);
    }

    static byte[] str(String s) {
        return str(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static AnnounceRequest request(AnnounceRequest.Event event, int numWant, Long key) {
        return new AnnounceRequest(HASH, PEER_ID, 6881, 1000, 2000, 3000, event, numWant, key);
    }
}
