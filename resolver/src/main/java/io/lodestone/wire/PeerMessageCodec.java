package io.lodestone.wire;

import io.lodestone.wire.PeerMessage.AllowedFast;
import io.lodestone.wire.PeerMessage.Bitfield;
import io.lodestone.wire.PeerMessage.Cancel;
import io.lodestone.wire.PeerMessage.Choke;
import io.lodestone.wire.PeerMessage.Extended;
import io.lodestone.wire.PeerMessage.Have;
import io.lodestone.wire.PeerMessage.HaveAll;
import io.lodestone.wire.PeerMessage.HaveNone;
import io.lodestone.wire.PeerMessage.Interested;
import io.lodestone.wire.PeerMessage.KeepAlive;
import io.lodestone.wire.PeerMessage.NotInterested;
import io.lodestone.wire.PeerMessage.Piece;
import io.lodestone.wire.PeerMessage.Port;
import io.lodestone.wire.PeerMessage.RejectRequest;
import io.lodestone.wire.PeerMessage.Request;
import io.lodestone.wire.PeerMessage.SuggestPiece;
import io.lodestone.wire.PeerMessage.Unchoke;
import io.lodestone.wire.PeerMessage.UnknownMessage;

import java.nio.ByteBuffer;

/**
 * Frames peer messages: {@code <4-byte big-endian length><1-byte id><payload>}, the length
 * counting id and payload; a length of 0 is a keep-alive. Stateless; {@link FrameDecoder} cuts a
 * TCP stream into frames and hands each body to {@link #decodeBody}.
 */
public final class PeerMessageCodec {

    /** The length prefix in front of every frame. */
    public static final int LENGTH_PREFIX = 4;
    /** Payload of have, suggest and allowed fast: a piece index. */
    static final int INDEX_PAYLOAD = 4;
    /** Payload of request, cancel and reject: index, begin, length. */
    static final int BLOCK_PAYLOAD = 12;
    /** Index and begin in front of a piece's block. */
    static final int PIECE_HEADER = 8;
    static final int PORT_PAYLOAD = 2;

    private PeerMessageCodec() {
    }

    /** Whether {@code id} is a message this codec decodes into its own record. */
    public static boolean isKnown(int id) {
        return (id >= PeerMessage.CHOKE && id <= PeerMessage.PORT)
                || (id >= PeerMessage.SUGGEST_PIECE && id <= PeerMessage.ALLOWED_FAST)
                || id == PeerMessage.EXTENDED;
    }

    /** The whole frame, length prefix included. */
    public static byte[] encode(PeerMessage m) {
        int length = bodyLength(m);
        ByteBuffer out = ByteBuffer.allocate(LENGTH_PREFIX + length);
        out.putInt(length);
        switch (m) {
            case KeepAlive k -> { }
            case Choke c -> out.put((byte) PeerMessage.CHOKE);
            case Unchoke u -> out.put((byte) PeerMessage.UNCHOKE);
            case Interested i -> out.put((byte) PeerMessage.INTERESTED);
            case NotInterested n -> out.put((byte) PeerMessage.NOT_INTERESTED);
            case Have h -> out.put((byte) PeerMessage.HAVE).putInt(h.piece());
            case Bitfield b -> out.put((byte) PeerMessage.BITFIELD).put(b.bits());
            case Request r -> out.put((byte) PeerMessage.REQUEST).putInt(r.piece()).putInt(r.begin()).putInt(r.length());
            case Piece p -> out.put((byte) PeerMessage.PIECE).putInt(p.piece()).putInt(p.begin()).put(p.block());
            case Cancel c -> out.put((byte) PeerMessage.CANCEL).putInt(c.piece()).putInt(c.begin()).putInt(c.length());
            case Port p -> out.put((byte) PeerMessage.PORT).putShort((short) p.port());
            case SuggestPiece s -> out.put((byte) PeerMessage.SUGGEST_PIECE).putInt(s.piece());
            case HaveAll a -> out.put((byte) PeerMessage.HAVE_ALL);
            case HaveNone n -> out.put((byte) PeerMessage.HAVE_NONE);
            case RejectRequest r ->
                    out.put((byte) PeerMessage.REJECT_REQUEST).putInt(r.piece()).putInt(r.begin()).putInt(r.length());
            case AllowedFast a -> out.put((byte) PeerMessage.ALLOWED_FAST).putInt(a.piece());
            case Extended e -> out.put((byte) PeerMessage.EXTENDED).put((byte) e.extendedId()).put(e.payload());
            case UnknownMessage u -> out.put((byte) u.id()).put(u.payload());
        }
        return out.array();
    }

    /** What the length prefix of {@code m}'s frame says: id and payload, not the prefix itself. */
    public static int bodyLength(PeerMessage m) {
        return switch (m) {
            case KeepAlive k -> 0;
            case Choke c -> 1;
            case Unchoke u -> 1;
            case Interested i -> 1;
            case NotInterested n -> 1;
            case HaveAll a -> 1;
            case HaveNone n -> 1;
            case Have h -> 1 + INDEX_PAYLOAD;
            case SuggestPiece s -> 1 + INDEX_PAYLOAD;
            case AllowedFast a -> 1 + INDEX_PAYLOAD;
            case Request r -> 1 + BLOCK_PAYLOAD;
            case Cancel c -> 1 + BLOCK_PAYLOAD;
            case RejectRequest r -> 1 + BLOCK_PAYLOAD;
            case Port p -> 1 + PORT_PAYLOAD;
            case Bitfield b -> 1 + b.byteLength();
            case Piece p -> 1 + PIECE_HEADER + p.length();
            case Extended e -> 2 + e.payloadLength();
            case UnknownMessage u -> 1 + u.payloadLength();
        };
    }

    /**
     * One frame body: {@code length} bytes of {@code body} from {@code offset}, id first. Length 0
     * is a keep-alive. Fixed-size messages must have exactly their size.
     */
    public static PeerMessage decodeBody(byte[] body, int offset, int length) {
        if (offset < 0 || length < 0 || length > body.length - offset) {
            throw new IllegalArgumentException("range outside the array");
        }
        if (length == 0) {
            return new KeepAlive();
        }
        ByteBuffer in = ByteBuffer.wrap(body, offset + 1, length - 1);
        int id = body[offset] & 0xFF;
        return switch (id) {
            case PeerMessage.CHOKE -> empty(in, id, new Choke());
            case PeerMessage.UNCHOKE -> empty(in, id, new Unchoke());
            case PeerMessage.INTERESTED -> empty(in, id, new Interested());
            case PeerMessage.NOT_INTERESTED -> empty(in, id, new NotInterested());
            case PeerMessage.HAVE_ALL -> empty(in, id, new HaveAll());
            case PeerMessage.HAVE_NONE -> empty(in, id, new HaveNone());
            case PeerMessage.HAVE -> new Have(size(in, id, INDEX_PAYLOAD).getInt());
            case PeerMessage.SUGGEST_PIECE -> new SuggestPiece(size(in, id, INDEX_PAYLOAD).getInt());
            case PeerMessage.ALLOWED_FAST -> new AllowedFast(size(in, id, INDEX_PAYLOAD).getInt());
            case PeerMessage.REQUEST -> new Request(size(in, id, BLOCK_PAYLOAD).getInt(), in.getInt(), in.getInt());
            case PeerMessage.CANCEL -> new Cancel(size(in, id, BLOCK_PAYLOAD).getInt(), in.getInt(), in.getInt());
            case PeerMessage.REJECT_REQUEST ->
                    new RejectRequest(size(in, id, BLOCK_PAYLOAD).getInt(), in.getInt(), in.getInt());
            case PeerMessage.PORT -> new Port(size(in, id, PORT_PAYLOAD).getShort() & 0xFFFF);
            case PeerMessage.BITFIELD -> new Bitfield(rest(in));
            case PeerMessage.PIECE -> {
                if (in.remaining() < PIECE_HEADER) {
                    throw new WireFormatException("piece carries " + in.remaining() + " bytes, less than its 8-byte header");
                }
                int piece = in.getInt();
                int begin = in.getInt();
                yield new Piece(piece, begin, rest(in));
            }
            case PeerMessage.EXTENDED -> {
                if (!in.hasRemaining()) {
                    throw new WireFormatException("extended message without an extended id");
                }
                int extendedId = in.get() & 0xFF;
                yield new Extended(extendedId, rest(in));
            }
            default -> new UnknownMessage(id, rest(in));
        };
    }

    /** A whole frame, length prefix included, holding exactly one message. */
    public static PeerMessage decodeFrame(byte[] frame) {
        if (frame.length < LENGTH_PREFIX) {
            throw new WireFormatException("a frame has at least 4 bytes, not " + frame.length);
        }
        long declared = ByteBuffer.wrap(frame).getInt() & 0xFFFF_FFFFL;
        if (declared != frame.length - LENGTH_PREFIX) {
            throw new WireFormatException("frame length prefix says " + declared + " but " + (frame.length - LENGTH_PREFIX)
                    + " bytes follow");
        }
        return decodeBody(frame, LENGTH_PREFIX, frame.length - LENGTH_PREFIX);
    }

    static String name(int id) {
        return switch (id) {
            case PeerMessage.CHOKE -> "choke";
            case PeerMessage.UNCHOKE -> "unchoke";
            case PeerMessage.INTERESTED -> "interested";
            case PeerMessage.NOT_INTERESTED -> "not interested";
            case PeerMessage.HAVE -> "have";
            case PeerMessage.REQUEST -> "request";
            case PeerMessage.CANCEL -> "cancel";
            case PeerMessage.PORT -> "port";
            case PeerMessage.SUGGEST_PIECE -> "suggest piece";
            case PeerMessage.HAVE_ALL -> "have all";
            case PeerMessage.HAVE_NONE -> "have none";
            case PeerMessage.REJECT_REQUEST -> "reject request";
            case PeerMessage.ALLOWED_FAST -> "allowed fast";
            default -> "message " + id;
        };
    }

    private static <T extends PeerMessage> T empty(ByteBuffer in, int id, T message) {
        size(in, id, 0);
        return message;
    }

    private static ByteBuffer size(ByteBuffer in, int id, int expected) {
        if (in.remaining() != expected) {
            throw new WireFormatException(name(id) + " carries " + in.remaining() + " payload bytes, not " + expected);
        }
        return in;
    }

    private static byte[] rest(ByteBuffer in) {
        byte[] b = new byte[in.remaining()];
        in.get(b);
        return b;
    }
}
