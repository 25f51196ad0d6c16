package io.lodestone.wire.utp;

import java.util.ArrayDeque;
import java.util.Arrays;

/** A queue of byte chunks read from the front in any sizes: the send queue and the reader's data. */
final class ByteQueue {

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int head;
    private int size;

    /** Adds a copy of the range. */
    void add(byte[] b, int off, int len) {
        addOwned(Arrays.copyOfRange(b, off, off + len));
    }

    /** Adds the array itself, which the caller no longer touches. */
    void addOwned(byte[] b) {
        if (b.length > 0) {
            chunks.add(b);
            size += b.length;
        }
    }

    int size() {
        return size;
    }

    int read(byte[] dst, int off, int len) {
        int n = 0;
        while (n < len && !chunks.isEmpty()) {
            byte[] first = chunks.peek();
            int c = Math.min(len - n, first.length - head);
            System.arraycopy(first, head, dst, off + n, c);
            n += c;
            head += c;
            if (head == first.length) {
                chunks.poll();
                head = 0;
            }
        }
        size -= n;
        return n;
    }

    byte[] take(int n) {
        byte[] out = new byte[n];
        read(out, 0, n);
        return out;
    }

    void clear() {
        chunks.clear();
        head = 0;
        size = 0;
    }
}
