package io.lodestone.bencode;

import java.io.ByteArrayOutputStream;
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
        BencodeWriter out = new BencodeWriter(128);
        write(value, out);
        return out.toByteArray();
    }

    public static void write(BValue value, ByteArrayOutputStream out) {
        byte[] b = encode(value);
        out.write(b, 0, b.length);
    }

    public static void write(BValue value, BencodeWriter out) {
        switch (value) {
            case BString s -> out.string(s.raw());
            case BInt i -> out.integer(i.value());
            case BList l -> {
                out.beginList();
                for (BValue item : l.items()) {
                    write(item, out);
                }
                out.end();
            }
            case BDict d -> {
                out.beginDict();
                for (Map.Entry<BString, BValue> e : d.entries().entrySet()) {
                    out.string(e.getKey().raw());
                    write(e.getValue(), out);
                }
                out.end();
            }
        }
    }
}
