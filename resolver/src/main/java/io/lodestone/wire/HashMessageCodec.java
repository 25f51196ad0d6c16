package io.lodestone.wire;

import io.lodestone.wire.HashMessage.HashReject;
import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * BEP 52 hash message payloads: {@code <32-byte pieces root><base layer><index><length>
 * <proof layers>}, four big-endian 32-bit integers, and for {@code hashes} the hashes and then the
 * uncle hashes. Request and reject have exactly the 48-byte header. Stateless; the frames travel
 * as {@link PeerMessage.UnknownMessage}, so {@link PeerMessageCodec} and {@link FrameDecoder} carry
 * them unchanged.
 */
public final class HashMessageCodec {

    /** Pieces root and the four integers: all of a request or reject, the head of hashes. */
    public static final int HEADER_LENGTH = HashMessage.HASH_LENGTH + 4 * Integer.BYTES;
    /** The largest hashes payload any valid request can draw: the most hashes and every uncle. */
    public static final int MAX_PAYLOAD_LENGTH =
            HEADER_LENGTH + (HashMessage.MAX_HASHES + HashMessage.MAX_TREE_HEIGHT) * HashMessage.HASH_LENGTH;

    private HashMessageCodec() {
    }

    /** Whether {@code id} is one of BEP 52's three hash messages. */
    public static boolean isHashMessage(int id) {
        return id == HashMessage.HASH_REQUEST || id == HashMessage.HASHES || id == HashMessage.HASH_REJECT;
    }

    /** The message id of {@code m}. */
    public static int id(HashMessage m) {
        return switch (m) {
            case HashRequest r -> HashMessage.HASH_REQUEST;
            case Hashes h -> HashMessage.HASHES;
            case HashReject r -> HashMessage.HASH_REJECT;
        };
    }

    /** The payload of {@code m}, without frame length and id. */
    public static byte[] encode(HashMessage m) {
        HashRequest r = m.request();
        int extra = m instanceof Hashes h ? (r.length() + r.uncleCount()) * HashMessage.HASH_LENGTH : 0;
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + extra);
        out.put(r.piecesRoot()).putInt(r.baseLayer()).putInt(r.index()).putInt(r.length()).putInt(r.proofLayers());
        if (m instanceof Hashes h) {
            out.put(h.hashes()).put(h.proof());
        }
        return out.array();
    }

    /** {@code m} as the peer message it travels in. */
    public static PeerMessage.UnknownMessage toMessage(HashMessage m) {
        return new PeerMessage.UnknownMessage(id(m), encode(m));
    }

    /** The whole frame of {@code m}, length prefix included. */
    public static byte[] encodeFrame(HashMessage m) {
        return PeerMessageCodec.encode(toMessage(m));
    }

    /**
     * The hash message in {@code m}, or empty when its id is none of BEP 52's (another unknown
     * message, to be ignored). A hash message that is malformed throws.
     */
    public static Optional<HashMessage> fromUnknown(PeerMessage.UnknownMessage m) {
        return isHashMessage(m.id()) ? Optional.of(decode(m.id(), m.payload())) : Optional.empty();
    }

    /**
     * One payload of message {@code id} (21, 22 or 23). Everything the header declares is checked
     * before the hashes are copied: a hashes payload must be exactly as long as its request implies.
     */
    public static HashMessage decode(int id, byte[] payload) {
        if (!isHashMessage(id)) {
            throw new WireFormatException("message id " + id + " is not a BEP 52 hash message");
        }
        String name = name(id);
        if (payload.length < HEADER_LENGTH) {
            throw new WireFormatException(name + " carries " + payload.length + " bytes, less than its "
                    + HEADER_LENGTH + "-byte header");
        }
        if (payload.length > MAX_PAYLOAD_LENGTH) {
            throw new WireFormatException(name + " of " + payload.length + " bytes exceeds the limit of "
                    + MAX_PAYLOAD_LENGTH);
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        byte[] root = new byte[HashMessage.HASH_LENGTH];
        in.get(root);
        HashRequest request = new HashRequest(root, in.getInt(), in.getInt(), in.getInt(), in.getInt());
        int rest = in.remaining();
        if (id != HashMessage.HASHES) {
            if (rest != 0) {
                throw new WireFormatException(name + " followed by " + rest + " bytes");
            }
            return id == HashMessage.HASH_REQUEST ? request : new HashReject(request);
        }
        int base = request.length() * HashMessage.HASH_LENGTH;
        int uncles = request.uncleCount() * HashMessage.HASH_LENGTH;
        if (rest != base + uncles) {
            throw new WireFormatException(name + " carries " + rest + " bytes of hashes, not " + (base + uncles) + " for "
                    + request.length() + " hashes and " + request.uncleCount() + " uncles");
        }
        return new Hashes(request, Arrays.copyOfRange(payload, HEADER_LENGTH, HEADER_LENGTH + base),
                Arrays.copyOfRange(payload, HEADER_LENGTH + base, payload.length));
    }

    static String name(int id) {
        return switch (id) {
            case HashMessage.HASH_REQUEST -> "hash request";
            case HashMessage.HASHES -> "hashes";
            case HashMessage.HASH_REJECT -> "hash reject";
            default -> "message " + id;
        };
    }
}
