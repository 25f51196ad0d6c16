package io.lodestone.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * The messages of the peer wire after the handshake: BEP 3, the BEP 5 {@code port}, the BEP 6
 * fast extension and the BEP 10 {@code extended} envelope; any other id is an
 * {@link UnknownMessage}, which a session may ignore. {@link PeerMessageCodec} puts them on the
 * wire, {@link FrameDecoder} takes them off.
 *
 * <p>Every record checks its components, so one that exists can be encoded. Piece indices, offsets
 * and lengths are unsigned 32-bit on the wire; values of 2^31 and more fit no torrent and are
 * rejected. Arrays are copied in and out: a record never shares its bytes.
 */
public sealed interface PeerMessage {

    int CHOKE = 0;
    int UNCHOKE = 1;
    int INTERESTED = 2;
    int NOT_INTERESTED = 3;
    int HAVE = 4;
    int BITFIELD = 5;
    int REQUEST = 6;
    int PIECE = 7;
    int CANCEL = 8;
    int PORT = 9;
    int SUGGEST_PIECE = 0x0D;
    int HAVE_ALL = 0x0E;
    int HAVE_NONE = 0x0F;
    int REJECT_REQUEST = 0x10;
    int ALLOWED_FAST = 0x11;
    int EXTENDED = 20;

    /**
     * Largest block a request, reject, cancel or piece may name. BEP 3: clients use 16 KiB and
     * close connections asking for more, but some ask for 32 KiB or more; the codec accepts up to
     * 128 KiB and leaves the stricter policy to the session.
     */
    int MAX_BLOCK_LENGTH = 128 * 1024;

    /** A length-0 frame; keeps an idle connection open. */
    record KeepAlive() implements PeerMessage {
    }

    record Choke() implements PeerMessage {
    }

    record Unchoke() implements PeerMessage {
    }

    record Interested() implements PeerMessage {
    }

    record NotInterested() implements PeerMessage {
    }

    record Have(int piece) implements PeerMessage {
        public Have {
            checkIndex(piece, "have piece");
        }
    }

    /** One bit per piece, high bit of the first byte is piece 0; its length is the session's to check. */
    record Bitfield(byte[] bits) implements PeerMessage {
        public Bitfield {
            bits = Objects.requireNonNull(bits, "bits").clone();
        }

        @Override
        public byte[] bits() {
            return bits.clone();
        }

        public int byteLength() {
            return bits.length;
        }

        /** Whether the bit of {@code piece} is set; false past the end. */
        public boolean has(int piece) {
            return piece >= 0 && piece / 8 < bits.length && (bits[piece / 8] & (0x80 >>> (piece % 8))) != 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bitfield b && Arrays.equals(bits, b.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            return "Bitfield[" + bits.length + " bytes]";
        }
    }

    record Request(int piece, int begin, int length) implements PeerMessage {
        public Request {
            checkBlock(piece, begin, length, "request");
        }
    }

    record Piece(int piece, int begin, byte[] block) implements PeerMessage {
        public Piece {
            Objects.requireNonNull(block, "block");
            checkBlock(piece, begin, block.length, "piece");
            block = block.clone();
        }

        @Override
        public byte[] block() {
            return block.clone();
        }

        public int length() {
            return block.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Piece p && p.piece == piece && p.begin == begin && Arrays.equals(block, p.block);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * piece + begin) + Arrays.hashCode(block);
        }

        @Override
        public String toString() {
            return "Piece[piece=" + piece + ", begin=" + begin + ", " + block.length + " bytes]";
        }
    }

    record Cancel(int piece, int begin, int length) implements PeerMessage {
        public Cancel {
            checkBlock(piece, begin, length, "cancel");
        }
    }

    /** BEP 5: the UDP port of the sender's DHT node. */
    record Port(int port) implements PeerMessage {
        public Port {
            if (port < 0 || port > 0xFFFF) {
                throw new WireFormatException("port " + port + " outside 0..65535");
            }
        }
    }

    /** BEP 6. */
    record SuggestPiece(int piece) implements PeerMessage {
        public SuggestPiece {
            checkIndex(piece, "suggest piece");
        }
    }

    /** BEP 6. */
    record HaveAll() implements PeerMessage {
    }

    /** BEP 6. */
    record HaveNone() implements PeerMessage {
    }

    /** BEP 6: the answer to a request that will not be served. */
    record RejectRequest(int piece, int begin, int length) implements PeerMessage {
        public RejectRequest {
            checkBlock(piece, begin, length, "reject request");
        }
    }

    /** BEP 6. */
    record AllowedFast(int piece) implements PeerMessage {
        public AllowedFast {
            checkIndex(piece, "allowed fast piece");
        }
    }

    /** BEP 10: an extension message; id 0 is the extension handshake, others as the peer assigned. */
    record Extended(int extendedId, byte[] payload) implements PeerMessage {
        public Extended {
            Objects.requireNonNull(payload, "payload");
            if (extendedId < 0 || extendedId > 0xFF) {
                throw new WireFormatException("extended message id " + extendedId + " outside 0..255");
            }
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        public int payloadLength() {
            return payload.length;
        }

        public boolean isHandshake() {
            return extendedId == 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Extended e && e.extendedId == extendedId && Arrays.equals(payload, e.payload);
        }

        @Override
        public int hashCode() {
            return 31 * extendedId + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Extended[id=" + extendedId + ", " + payload.length + " bytes]";
        }
    }

    /** A message id this codec does not know (BEP 52's hash messages among them), kept whole. */
    record UnknownMessage(int id, byte[] payload) implements PeerMessage {
        public UnknownMessage {
            Objects.requireNonNull(payload, "payload");
            if (id < 0 || id > 0xFF) {
                throw new WireFormatException("message id " + id + " outside 0..255");
            }
            if (PeerMessageCodec.isKnown(id)) {
                // it would encode as one message and decode as another
                throw new WireFormatException("message id " + id + " is a known message");
            }
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        public int payloadLength() {
            return payload.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UnknownMessage u && u.id == id && Arrays.equals(payload, u.payload);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "UnknownMessage[id=" + id + ", " + payload.length + " bytes]";
        }
    }

    private static void checkIndex(int piece, String what) {
        if (piece < 0) {
            throw new WireFormatException(what + " index " + Integer.toUnsignedString(piece) + " is 2^31 or more");
        }
    }

    private static void checkBlock(int piece, int begin, int length, String what) {
        checkIndex(piece, what);
        if (begin < 0) {
            throw new WireFormatException(what + " offset " + Integer.toUnsignedString(begin) + " is 2^31 or more");
        }
        if (length < 1 || length > MAX_BLOCK_LENGTH) {
            throw new WireFormatException(what + " length " + Integer.toUnsignedString(length) + " outside 1.."
                    + MAX_BLOCK_LENGTH);
        }
    }
}
