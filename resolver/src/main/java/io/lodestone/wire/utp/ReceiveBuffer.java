package io.lodestone.wire.utp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The receiving half of a connection: payloads delivered in order to the reader, early ones held
 * in a bounded reorder buffer, the FIN's place remembered. Everything held, in order or not, counts
 * against one capacity, and what is left of it is the window we advertise; a packet that does not
 * fit, or lies beyond the reorder reach, is dropped and will come again.
 */
final class ReceiveBuffer {

    /** What became of an offered packet. */
    enum Offer { ACCEPTED, DUPLICATE, DROPPED }

    private final int capacity;
    private final int reach;
    private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
    private int headOffset;
    private int readyBytes;
    private final Map<Integer, byte[]> early = new HashMap<>();
    private int earlyBytes;
    private int ackNr;
    private int finSeq = -1;
    private boolean eof;

    ReceiveBuffer(int capacity, int reach, int ackNr) {
        this.capacity = capacity;
        this.reach = reach;
        this.ackNr = ackNr;
    }

    /** The last sequence number received in order. */
    int ackNr() {
        return ackNr;
    }

    /** Rebases on the peer's first sequence number (the initiator learns it from the SYN's answer). */
    void startAt(int ackNr) {
        this.ackNr = ackNr;
    }

    Offer offer(int seq, byte[] payload) {
        int d = Seq.diff(seq, ackNr);
        if (d <= 0 || early.containsKey(seq)) {
            return Offer.DUPLICATE;
        }
        if (d > reach || (finSeq >= 0 && Seq.diff(seq, finSeq) >= 0) || payload.length > window()) {
            return Offer.DROPPED;
        }
        early.put(seq, payload);
        earlyBytes += payload.length;
        advance();
        return Offer.ACCEPTED;
    }

    /** The peer's FIN: the stream ends after everything before {@code seq}. */
    Offer fin(int seq) {
        int d = Seq.diff(seq, ackNr);
        if (d <= 0) {
            return Offer.DUPLICATE;
        }
        if (d > reach || (finSeq >= 0 && finSeq != seq)) {
            return Offer.DROPPED;
        }
        finSeq = seq;
        advance();
        return Offer.ACCEPTED;
    }

    private void advance() {
        while (true) {
            int next = Seq.next(ackNr);
            if (next == finSeq) {
                ackNr = next;
                eof = true;
                early.clear(); // nothing after the FIN counts
                earlyBytes = 0;
                return;
            }
            byte[] p = early.remove(next);
            if (p == null) {
                return;
            }
            earlyBytes -= p.length;
            ackNr = next;
            if (p.length > 0) {
                ready.add(p);
                readyBytes += p.length;
            }
        }
    }

    int read(byte[] dst, int off, int len) {
        int n = 0;
        while (n < len && !ready.isEmpty()) {
            byte[] head = ready.peek();
            int k = Math.min(len - n, head.length - headOffset);
            System.arraycopy(head, headOffset, dst, off + n, k);
            n += k;
            headOffset += k;
            if (headOffset == head.length) {
                ready.poll();
                headOffset = 0;
            }
        }
        readyBytes -= n;
        return n;
    }

    int available() {
        return readyBytes;
    }

    /** The peer's FIN and everything before it arrived. */
    boolean eof() {
        return eof;
    }

    int window() {
        return Math.max(0, capacity - readyBytes - earlyBytes);
    }

    int heldBytes() {
        return readyBytes + earlyBytes;
    }

    /** The selective-ack bitmask for what arrived past a gap, or null when nothing did. */
    byte[] selectiveAck() {
        if (early.isEmpty()) {
            return null;
        }
        int top = 0;
        for (int seq : early.keySet()) {
            top = Math.max(top, Seq.diff(seq, ackNr) - 2);
        }
        int bytes = Math.min(UtpCodec.MAX_SACK_BYTES, (top / 32 + 1) * 4);
        byte[] mask = new byte[bytes];
        for (int seq : early.keySet()) {
            int bit = Seq.diff(seq, ackNr) - 2;
            if (bit >= 0 && bit < bytes * 8) {
                mask[bit >> 3] |= (byte) (1 << (bit & 7));
            }
        }
        return mask;
    }
}
