package io.lodestone.bencode;

import java.util.Arrays;

/**
 * Writes bencode tokens straight into a growable byte array: no intermediate values, no strings
 * for numbers. The caller is responsible for structure and for writing dictionary keys in sorted
 * order; {@link BencodeEncoder} uses it for values, the KRPC codec for messages it lays out itself.
 * Not thread-safe.
 */
public final class BencodeWriter {
    /** Digits of Long.MIN_VALUE with its sign. */
    private static final int MAX_LONG_CHARS = 20;

    private byte[] buf;
    private int size;

    public BencodeWriter(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    public BencodeWriter() {
        this(256);
    }

    /** A byte string: its length, a colon, the bytes. */
    public BencodeWriter string(byte[] bytes) {
        return string(bytes, 0, bytes.length);
    }

    public BencodeWriter string(byte[] bytes, int offset, int length) {
        ensure(MAX_LONG_CHARS + 1 + length);
        decimal(length);
        buf[size++] = ':';
        System.arraycopy(bytes, offset, buf, size, length);
        size += length;
        return this;
    }

    /** An ASCII string, typically a dictionary key. */
    public BencodeWriter ascii(String s) {
        int n = s.length();
        ensure(MAX_LONG_CHARS + 1 + n);
        decimal(n);
        buf[size++] = ':';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("not ASCII: " + s);
            }
            buf[size++] = (byte) c;
        }
        return this;
    }

    /** Bytes that are already bencode, copied as they are. */
    public BencodeWriter raw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, size, length);
        size += length;
        return this;
    }

    public BencodeWriter integer(long value) {
        ensure(MAX_LONG_CHARS + 2);
        buf[size++] = 'i';
        decimal(value);
        buf[size++] = 'e';
        return this;
    }

    public BencodeWriter beginDict() {
        return token('d');
    }

    public BencodeWriter beginList() {
        return token('l');
    }

    public BencodeWriter end() {
        return token('e');
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private BencodeWriter token(char c) {
        ensure(1);
        buf[size++] = (byte) c;
        return this;
    }

    /** Writes {@code v} in decimal; the caller has ensured room for {@value #MAX_LONG_CHARS} bytes. */
    private void decimal(long v) {
        if (v >= 0 && v < 10) {
            buf[size++] = (byte) ('0' + v);
            return;
        }
        if (v == Long.MIN_VALUE) {
            byte[] min = Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, buf, size, min.length);
            size += min.length;
            return;
        }
        if (v < 0) {
            buf[size++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long p = 10; p <= v && digits < 19; p *= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += digits;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
