package io.lodestone.wire.utp;

import java.util.ArrayDeque;
import java.util.Arrays;

/** Bytes written and not yet cut into packets, taken from the front in packet-sized pieces. */
final class ByteQueue {

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int head;
    private int size;

    void add(byte[] b, int off, int len) {
        if (len > 0) {
            chunks.add(Arrays.copyOfRange(b, off, off + len));
            size += len;
        }
    }

    int size() {
        return size;
    }

    byte[] take(int n) {
        byte[] out = new byte[n];
        int k = 0;
        while (k < n) {
            byte[] first = chunks.peek();
            int c = Math.min(n - k, first.length - head);
            System.arraycopy(first, head, out, k, c);
            k += c;
            head += c;
            if (head == first.length) {
                chunks.poll();
                head = 0;
            }
        }
        size -= n;
        return out;
    }

    void clear() {
        chunks.clear();
        head = 0;
        size = 0;
    }
}
