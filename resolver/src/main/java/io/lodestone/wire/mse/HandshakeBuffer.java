package io.lodestone.wire.mse;

import java.util.Arrays;

/**
 * The bytes a handshake state machine has received and not yet consumed. It holds at most one
 * handshake's worth plus the last chunk fed, since each state consumes what it parsed.
 */
final class HandshakeBuffer {

    private byte[] buf = new byte[256];
    private int start;
    private int end;

    void append(byte[] in, int off, int len) {
        if (start > 0 && end - start + len > buf.length - start) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + len));
        }
        System.arraycopy(in, off, buf, end, len);
        end += len;
    }

    int available() {
        return end - start;
    }

    byte get(int i) {
        return buf[start + i];
    }

    /** Consumes and returns the next {@code n} bytes. */
    byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(buf, start, start + n);
        start += n;
        return out;
    }

    void skip(int n) {
        start += n;
    }

    /** Index (relative to what is unconsumed) of {@code needle} starting at or before {@code maxStart}, or -1. */
    int find(byte[] needle, int maxStart) {
        int to = Math.min(end, start + maxStart + needle.length);
        int k = Mse.indexOf(buf, start, to, needle);
        return k < 0 ? -1 : k - start;
    }

    /** Everything unconsumed, which empties the buffer. */
    byte[] rest() {
        return take(available());
    }
}
