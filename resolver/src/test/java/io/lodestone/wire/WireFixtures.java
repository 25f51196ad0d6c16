package io.lodestone.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Small helpers shared by the wire tests. */
final class WireFixtures {
    private WireFixtures() {
    }

    static final HexFormat HEX = HexFormat.of();

    /** Hex with spaces allowed between bytes, for readable vectors. */
    static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.replace(" ", ""));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) c);
        return b;
    }

    /** The frames of {@code messages}, back to back, as one stream. */
    static byte[] stream(List<PeerMessage> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        messages.forEach(m -> out.writeBytes(PeerMessageCodec.encode(m)));
        return out.toByteArray();
    }
}
