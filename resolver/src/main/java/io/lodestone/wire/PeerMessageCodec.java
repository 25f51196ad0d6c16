package io.lodestone.wire;

import static io.lodestone.wire.BigEndian.readInt;
import static io.lodestone.wire.BigEndian.writeInt;

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

import java.util.Arrays;

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
    /** Where a frame's message id sits: right after its length prefix. */
    private static final int ID = LENGTH_PREFIX;

    private PeerMessageCodec() {
    }

    /** Whether {@code id} is a message this codec decodes into its own record. */
    public static boolean isKnown(int id) {
        return (id >= PeerMessage.CHOKE && id <= PeerMessage.PORT)
                || (id >= PeerMessage.SUGGEST_PIECE && id <= PeerMessage.ALLOWED_FAST)
                || id == PeerMessage.EXTENDED;
    }

    /**
     * The whole frame, length prefix included. Written byte by byte into the array rather than
     * through a {@code ByteBuffer}: the same bytes, in a method small enough to compile quickly and
     * cheap enough to run before it is compiled (a resolve sends its first frames then).
     */
    public static byte[] encode(PeerMessage m) {
        int length = bodyLength(m);
        byte[] out = new byte[LENGTH_PREFIX + length];
        writeInt(out, 0, length);
        switch (m) {
            case KeepAlive k -> { }
            case Choke c -> out[ID] = PeerMessage.CHOKE;
            case Unchoke u -> out[ID] = PeerMessage.UNCHOKE;
            case Interested i -> out[ID] = PeerMessage.INTERESTED;
            case NotInterested n -> out[ID] = PeerMessage.NOT_INTERESTED;
            case HaveAll a -> out[ID] = PeerMessage.HAVE_ALL;
            case HaveNone n -> out[ID] = PeerMessage.HAVE_NONE;
            case Have h -> index(out, PeerMessage.HAVE, h.piece());
            case SuggestPiece s -> index(out, PeerMessage.SUGGEST_PIECE, s.piece());
            case AllowedFast a -> index(out, PeerMessage.ALLOWED_FAST, a.piece());
            case Request r -> block(out, PeerMessage.REQUEST, r.piece(), r.begin(), r.length());
            case Cancel c -> block(out, PeerMessage.CANCEL, c.piece(), c.begin(), c.length());
            case RejectRequest r -> block(out, PeerMessage.REJECT_REQUEST, r.piece(), r.begin(), r.length());
            case Port p -> {
                out[ID] = PeerMessage.PORT;
                out[ID + 1] = (byte) (p.port() >>> 8);
                out[ID + 2] = (byte) p.port();
            }
            case Bitfield b -> payload(out, PeerMessage.BITFIELD, b.bits(), ID + 1);
            case Piece p -> {
                index(out, PeerMessage.PIECE, p.piece());
                writeInt(out, ID + 1 + INDEX_PAYLOAD, p.begin());
                byte[] block = p.block();
                System.arraycopy(block, 0, out, ID + 1 + PIECE_HEADER, block.length);
            }
            case Extended e -> {
                out[ID + 1] = (byte) e.extendedId();
                payload(out, PeerMessage.EXTENDED, e.payload(), ID + 2);
            }
            case UnknownMessage u -> payload(out, u.id(), u.payload(), ID + 1);
        }
        return out;
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
        int id = body[offset] & 0xFF;
        int at = offset + 1; // the payload, after the id
        int n = length - 1;
        return switch (id) {
            case PeerMessage.CHOKE -> empty(n, id, new Choke());
            case PeerMessage.UNCHOKE -> empty(n, id, new Unchoke());
            case PeerMessage.INTERESTED -> empty(n, id, new Interested());
            case PeerMessage.NOT_INTERESTED -> empty(n, id, new NotInterested());
            case PeerMessage.HAVE_ALL -> empty(n, id, new HaveAll());
            case PeerMessage.HAVE_NONE -> empty(n, id, new HaveNone());
            case PeerMessage.HAVE -> new Have(readInt(body, exactly(n, id, INDEX_PAYLOAD, at)));
            case PeerMessage.SUGGEST_PIECE -> new SuggestPiece(readInt(body, exactly(n, id, INDEX_PAYLOAD, at)));
            case PeerMessage.ALLOWED_FAST -> new AllowedFast(readInt(body, exactly(n, id, INDEX_PAYLOAD, at)));
            case PeerMessage.REQUEST -> new Request(readInt(body, exactly(n, id, BLOCK_PAYLOAD, at)),
                    readInt(body, at + 4), readInt(body, at + 8));
            case PeerMessage.CANCEL -> new Cancel(readInt(body, exactly(n, id, BLOCK_PAYLOAD, at)),
                    readInt(body, at + 4), readInt(body, at + 8));
            case PeerMessage.REJECT_REQUEST -> new RejectRequest(readInt(body, exactly(n, id, BLOCK_PAYLOAD, at)),
                    readInt(body, at + 4), readInt(body, at + 8));
            case PeerMessage.PORT ->
                    new Port(((body[exactly(n, id, PORT_PAYLOAD, at)] & 0xFF) << 8) | (body[at + 1] & 0xFF));
            case PeerMessage.BITFIELD -> new Bitfield(Arrays.copyOfRange(body, at, at + n));
            case PeerMessage.PIECE -> {
                if (n < PIECE_HEADER) {
                    throw new WireFormatException("piece carries " + n + " bytes, less than its 8-byte header");
                }
                yield new Piece(readInt(body, at), readInt(body, at + 4),
                        Arrays.copyOfRange(body, at + PIECE_HEADER, at + n));
            }
            case PeerMessage.EXTENDED -> {
                if (n == 0) {
                    throw new WireFormatException("extended message without an extended id");
                }
                yield new Extended(body[at] & 0xFF, Arrays.copyOfRange(body, at + 1, at + n));
            }
            default -> new UnknownMessage(id, Arrays.copyOfRange(body, at, at + n));
        };
    }

    /** A whole frame, length prefix included, holding exactly one message. */
    public static PeerMessage decodeFrame(byte[] frame) {
        if (frame.length < LENGTH_PREFIX) {
            throw new WireFormatException("a frame has at least 4 bytes, not " + frame.length);
        }
        long declared = readInt(frame, 0) & 0xFFFF_FFFFL;
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

    private static <T extends PeerMessage> T empty(int payload, int id, T message) {
        exactly(payload, id, 0, 0);
        return message;
    }

    /** {@code at}, once the payload is known to have exactly {@code expected} bytes. */
    private static int exactly(int payload, int id, int expected, int at) {
        if (payload != expected) {
            throw new WireFormatException(name(id) + " carries " + payload + " payload bytes, not " + expected);
        }
        return at;
    }

    private static void index(byte[] out, int id, int piece) {
        out[ID] = (byte) id;
        writeInt(out, ID + 1, piece);
    }

    private static void block(byte[] out, int id, int piece, int begin, int length) {
        index(out, id, piece);
        writeInt(out, ID + 5, begin);
        writeInt(out, ID + 9, length);
    }

    private static void payload(byte[] out, int id, byte[] bytes, int at) {
        out[ID] = (byte) id;
        System.arraycopy(bytes, 0, out, at, bytes.length);
    }

}
