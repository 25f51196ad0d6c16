package io.lodestone.wire.utp;

import java.util.Arrays;
import java.util.Objects;

/**
 * One uTP packet (BEP 29 header, extensions and payload). Sequence and ack numbers, the connection
 * id and both timestamps are unsigned and kept in an int within their field's width.
 *
 * @param type            what the packet is
 * @param connectionId    16-bit connection id
 * @param timestampMicros 32-bit send time, microseconds of the sender's clock
 * @param timestampDiff   32-bit delay the sender measured on the last packet it received
 * @param windowSize      32-bit receive window the sender advertises, bytes
 * @param seqNr           16-bit sequence number
 * @param ackNr           16-bit last in-order sequence number received
 * @param selectiveAck    BEP 29 selective-ack bitmask (bit 0 of byte 0 is {@code ackNr + 2}); null when absent
 * @param payload         DATA payload; empty for the other types
 */
public record UtpPacket(Type type, int connectionId, int timestampMicros, int timestampDiff, long windowSize,
                        int seqNr, int ackNr, byte[] selectiveAck, byte[] payload) {

    /** BEP 29 packet types, by their 4-bit code. */
    public enum Type {
        DATA, FIN, STATE, RESET, SYN;

        public int code() {
            return ordinal();
        }

        static Type of(int code) {
            return code >= 0 && code < VALUES.length ? VALUES[code] : null;
        }

        private static final Type[] VALUES = values();
    }

    public UtpPacket {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        check(connectionId, 0xFFFF, "connectionId");
        check(seqNr, 0xFFFF, "seqNr");
        check(ackNr, 0xFFFF, "ackNr");
        if (windowSize < 0 || windowSize > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("windowSize out of 32 bits: " + windowSize);
        }
        if (selectiveAck != null && (selectiveAck.length == 0 || selectiveAck.length % 4 != 0
                || selectiveAck.length > UtpCodec.MAX_SACK_BYTES)) {
            throw new IllegalArgumentException("selective ack must be 4.." + UtpCodec.MAX_SACK_BYTES
                    + " bytes in steps of 4: " + selectiveAck.length);
        }
        if (type != Type.DATA && payload.length > 0) {
            throw new IllegalArgumentException(type + " carries no payload");
        }
        if (payload.length > UtpCodec.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload over " + UtpCodec.MAX_PAYLOAD + " bytes");
        }
    }

    private static void check(int v, int max, String name) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(name + " out of range: " + v);
        }
    }

    /** Whether the selective ack marks {@code seq} as received. */
    public boolean sacked(int seq) {
        if (selectiveAck == null) {
            return false;
        }
        int bit = (seq - ackNr - 2) & 0xFFFF;
        return bit < selectiveAck.length * 8 && (selectiveAck[bit >> 3] & (1 << (bit & 7))) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UtpPacket p && type == p.type && connectionId == p.connectionId
                && timestampMicros == p.timestampMicros && timestampDiff == p.timestampDiff
                && windowSize == p.windowSize && seqNr == p.seqNr && ackNr == p.ackNr
                && Arrays.equals(selectiveAck, p.selectiveAck) && Arrays.equals(payload, p.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, connectionId, seqNr, ackNr) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "UtpPacket[" + type + " id=" + connectionId + " seq=" + seqNr + " ack=" + ackNr + " wnd=" + windowSize
                + (selectiveAck == null ? "" : " sack=" + selectiveAck.length * 8) + " len=" + payload.length + "]";
    }
}
