package io.lodestone.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A byte string. Ordered by unsigned bytes, the order bencode dictionaries sort their keys by. */
public final class BString implements BValue, Comparable<BString> {
    /** Up to this many bytes compared byte by byte. */
    private static final int SHORT = 16;

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
        byte[] a = bytes;
        byte[] b = o.bytes;
        int n = Math.min(a.length, b.length);
        if (n > SHORT) {
            return Arrays.compareUnsigned(a, b);
        }
        // dict keys are a few bytes, where a plain loop beats the vectorized mismatch's set-up
        for (int i = 0; i < n; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            if (d != 0) {
                return d;
            }
        }
        return a.length - b.length;
    }

    boolean contentEquals(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    /** Whether the bytes are {@code s} in UTF-8; for ASCII (every KRPC key) without encoding it. */
    boolean contentEquals(String s) {
        int n = s.length();
        if (n > bytes.length) {
            return false; // UTF-8 takes at least one byte per char (a lone surrogate becomes '?')
        }
        if (n == bytes.length) {
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    return Arrays.equals(bytes, s.getBytes(StandardCharsets.UTF_8)); // as String.getBytes has it
                }
                if (bytes[i] != (byte) c) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return Arrays.equals(bytes, s.getBytes(StandardCharsets.UTF_8));
            }
        }
        return false; // ASCII text is as long in bytes as in chars
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
