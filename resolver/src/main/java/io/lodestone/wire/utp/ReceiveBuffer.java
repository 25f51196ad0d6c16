package io.lodestone.wire.utp;

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
    private final ByteQueue ready = new ByteQueue();
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
            ready.addOwned(p);
        }
    }

    int read(byte[] dst, int off, int len) {
        return ready.read(dst, off, len);
    }

    int available() {
        return ready.size();
    }

    /** The peer's FIN and everything before it arrived. */
    boolean eof() {
        return eof;
    }

    int window() {
        return Math.max(0, capacity - ready.size() - earlyBytes);
    }

    int heldBytes() {
        return ready.size() + earlyBytes;
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
