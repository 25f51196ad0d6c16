package io.lodestone.wire.utp;

import io.lodestone.wire.utp.UtpPacket.Type;
import java.nio.ByteBuffer;

/**
 * BEP 29 packet codec: pure, bytes to {@link UtpPacket} and back. A decoder that finds anything
 * out of place (short header, wrong version, unknown type, an extension running past the end, a
 * malformed selective ack, payload where none belongs) drops the datagram with a reason rather than
 * guessing, as libtorrent's {@code utp_socket_manager} does.
 */
public final class UtpCodec {

    /** The fixed header: type/version, extension, connection id, 2 timestamps, window, seq, ack. */
    public static final int HEADER_LENGTH = 20;
    public static final int VERSION = 1;
    /** Selective ack, the one extension we read and write. */
    public static final int EXT_SACK = 1;
    /** Legacy extension bits (libutp sends 8 bytes of them); read past, never written. */
    public static final int EXT_BITS = 2;
    /** libutp sends at most 32 bytes; we allow room for a 512-packet reorder window. */
    public static final int MAX_SACK_BYTES = 64;
    /** A chain longer than this is not a real client's. */
    public static final int MAX_EXTENSIONS = 8;
    /** The largest UDP payload over IPv4 minus our header: nothing bigger can arrive. */
    public static final int MAX_PAYLOAD = 65_507 - HEADER_LENGTH;

    private UtpCodec() {
    }

    public static byte[] encode(UtpPacket p) {
        int sack = p.selectiveAck() == null ? 0 : 2 + p.selectiveAck().length;
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + sack + p.payload().length);
        b.put((byte) (p.type().code() << 4 | VERSION));
        b.put((byte) (sack == 0 ? 0 : EXT_SACK));
        b.putShort((short) p.connectionId());
        b.putInt(p.timestampMicros());
        b.putInt(p.timestampDiff());
        b.putInt((int) p.windowSize());
        b.putShort((short) p.seqNr());
        b.putShort((short) p.ackNr());
        if (sack != 0) {
            b.put((byte) 0); // no further extension
            b.put((byte) p.selectiveAck().length);
            b.put(p.selectiveAck());
        }
        b.put(p.payload());
        return b.array();
    }

    public static UtpDecoded decode(byte[] d) {
        return decode(d, 0, d.length);
    }

    /** Decodes {@code len} bytes of {@code d} from {@code off}; never throws on any input. */
    public static UtpDecoded decode(byte[] d, int off, int len) {
        if (len < HEADER_LENGTH) {
            return drop("datagram of " + len + " bytes is shorter than the " + HEADER_LENGTH + "-byte header");
        }
        if (len - HEADER_LENGTH > MAX_PAYLOAD) {
            return drop("datagram of " + len + " bytes is larger than UDP allows");
        }
        ByteBuffer b = ByteBuffer.wrap(d, off, len);
        int first = b.get() & 0xFF;
        if ((first & 0x0F) != VERSION) {
            return drop("version " + (first & 0x0F) + ", not " + VERSION);
        }
        Type type = Type.of(first >>> 4);
        if (type == null) {
            return drop("unknown packet type " + (first >>> 4));
        }
        int ext = b.get() & 0xFF;
        int connectionId = b.getShort() & 0xFFFF;
        int ts = b.getInt();
        int tsDiff = b.getInt();
        long wnd = b.getInt() & 0xFFFF_FFFFL;
        int seq = b.getShort() & 0xFFFF;
        int ack = b.getShort() & 0xFFFF;
        byte[] sack = null;
        int count = 0;
        while (ext != 0) {
            if (++count > MAX_EXTENSIONS) {
                return drop("more than " + MAX_EXTENSIONS + " extensions");
            }
            if (b.remaining() < 2) {
                return drop("extension " + ext + " header past the end");
            }
            int next = b.get() & 0xFF;
            int extLen = b.get() & 0xFF;
            if (extLen > b.remaining()) {
                return drop("extension " + ext + " of " + extLen + " bytes past the end");
            }
            if (ext == EXT_SACK) {
                if (sack != null) {
                    return drop("two selective acks");
                }
                if (extLen == 0 || extLen % 4 != 0 || extLen > MAX_SACK_BYTES) {
                    return drop("selective ack of " + extLen + " bytes (must be 4.." + MAX_SACK_BYTES
                            + " in steps of 4)");
                }
                sack = new byte[extLen];
                b.get(sack);
            } else {
                b.position(b.position() + extLen); // unknown extensions are skipped, as BEP 29 says
            }
            ext = next;
        }
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        if (type != Type.DATA && payload.length > 0) {
            return drop(type + " packet with " + payload.length + " payload bytes");
        }
        return new UtpDecoded.Packet(new UtpPacket(type, connectionId, ts, tsDiff, wnd, seq, ack, sack, payload));
    }

    /** Whether a datagram looks like uTP at all; a DHT message starts with {@code d} (0x64) instead. */
    public static boolean looksLikeUtp(byte[] d, int len) {
        return len >= HEADER_LENGTH && (d[0] & 0x0F) == VERSION && (d[0] & 0xFF) >>> 4 <= Type.SYN.code();
    }

    private static UtpDecoded drop(String reason) {
        return new UtpDecoded.Dropped(reason);
    }
}
