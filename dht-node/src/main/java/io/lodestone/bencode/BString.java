package io.lodestone.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A byte string. Ordered by unsigned bytes, the order bencode dictionaries sort their keys by. */
public final class BString implements BValue, Comparable<BString> {
    private final byte[] bytes;
    private final Span span;

    BString(byte[] bytes, Span span) {
        this.bytes = bytes;
        this.span = span;
    }

    public static BString of(byte[] bytes) {
        return new BString(bytes.clone(), null);
    }

    public static BString of(String utf8) {
        return new BString(utf8.getBytes(StandardCharsets.UTF_8), null);
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public byte byteAt(int i) {
        return bytes[i];
    }

    /** The bytes as UTF-8; malformed sequences become U+FFFD. */
    public String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether the bytes are well-formed UTF-8. */
    public boolean isValidUtf8() {
        return Utf8.isValid(bytes);
    }

    @Override
    public byte[] encoded() {
        return span != null ? span.copy() : BencodeEncoder.encode(this);
    }

    @Override
    public Span span() {
        return span;
    }

    @Override
    public int compareTo(BString o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    boolean contentEquals(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    byte[] raw() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BString s && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return Utf8.isValid(bytes) ? '"' + utf8() + '"' : "0x" + java.util.HexFormat.of().formatHex(bytes);
    }
}
