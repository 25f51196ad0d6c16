package io.lodestone.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Canonical bencode encoder. Dictionaries are written in key order, integers without padding.
 * Decoded values are re-encoded from their content, not copied from their span, so the output is
 * canonical whatever the input was.
 */
public final class BencodeEncoder {
    private BencodeEncoder() {
    }

    public static byte[] encode(BValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        write(value, out);
        return out.toByteArray();
    }

    public static void write(BValue value, ByteArrayOutputStream out) {
        switch (value) {
            case BString s -> writeString(s.raw(), out);
            case BInt i -> ascii("i" + i.value() + "e", out);
            case BList l -> {
                out.write('l');
                for (BValue item : l.items()) {
                    write(item, out);
                }
                out.write('e');
            }
            case BDict d -> {
                out.write('d');
                for (Map.Entry<BString, BValue> e : d.entries().entrySet()) {
                    writeString(e.getKey().raw(), out);
                    write(e.getValue(), out);
                }
                out.write('e');
            }
        }
    }

    private static void writeString(byte[] bytes, ByteArrayOutputStream out) {
        ascii(bytes.length + ":", out);
        out.write(bytes, 0, bytes.length);
    }

    private static void ascii(String s, ByteArrayOutputStream out) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }
}
