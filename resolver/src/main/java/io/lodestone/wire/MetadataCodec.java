package io.lodestone.wire;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeDecoder;
import io.lodestone.bencode.BencodeEncoder;
import io.lodestone.bencode.BencodeLimits;
import io.lodestone.wire.MetadataMessage.Data;
import io.lodestone.wire.MetadataMessage.Reject;
import io.lodestone.wire.MetadataMessage.Request;
import io.lodestone.wire.MetadataMessage.Unknown;

import java.util.Arrays;

/**
 * ut_metadata payloads (BEP 9): a bencoded dict with {@code msg_type} and {@code piece}, and for
 * data {@code total_size} and then the piece's raw bytes. Strict bencode; extra keys are ignored
 * (libtorrent adds {@code total_size} to requests and rejects too).
 */
public final class MetadataCodec {

    /** A full piece plus room for its dict; libtorrent drops ut_metadata messages over 17 KiB too. */
    public static final int MAX_PAYLOAD_LENGTH = MetadataMessage.PIECE_SIZE + 1024;
    /** The dicts are flat; a little depth tolerates harmless extensions of them. */
    static final BencodeLimits LIMITS = new BencodeLimits(8, 256, MAX_PAYLOAD_LENGTH);

    private MetadataCodec() {
    }

    /** The extended message payload (without the extended id). */
    public static byte[] encode(MetadataMessage m) {
        BDict.Builder d = BDict.builder();
        byte[] trailer = new byte[0];
        switch (m) {
            case Request r -> d.put("msg_type", MetadataMessage.REQUEST).put("piece", r.piece());
            case Reject r -> d.put("msg_type", MetadataMessage.REJECT).put("piece", r.piece());
            case Data x -> {
                d.put("msg_type", MetadataMessage.DATA).put("piece", x.piece()).put("total_size", x.totalSize());
                trailer = x.data();
            }
            case Unknown u -> d.put("msg_type", u.msgType());
        }
        byte[] dict = BencodeEncoder.encode(d.build());
        byte[] out = Arrays.copyOf(dict, dict.length + trailer.length);
        System.arraycopy(trailer, 0, out, dict.length, trailer.length);
        return out;
    }

    /** As an extended message to a peer that gave ut_metadata the id {@code extendedId}. */
    public static PeerMessage.Extended toMessage(int extendedId, MetadataMessage m) {
        if (extendedId == 0) {
            throw new IllegalArgumentException("extended id 0 is the handshake; ut_metadata needs the peer's id");
        }
        return new PeerMessage.Extended(extendedId, encode(m));
    }

    /** With the default size limit and no size known from the handshake. */
    public static MetadataMessage decode(byte[] payload) {
        return decode(payload, null, MetadataMessage.DEFAULT_MAX_METADATA_SIZE);
    }

    /**
     * An extended message payload. A data message's {@code total_size} must be within
     * 1..{@code maxMetadataSize} and, when the peer's handshake gave {@code metadata_size}
     * ({@code handshakeSize} not null), equal to it.
     */
    public static MetadataMessage decode(byte[] payload, Long handshakeSize, int maxMetadataSize) {
        if (payload.length > MAX_PAYLOAD_LENGTH) {
            throw new WireFormatException("ut_metadata message of " + payload.length + " bytes exceeds the limit of "
                    + MAX_PAYLOAD_LENGTH);
        }
        BencodeDecoder.Decoded decoded = WireBencode.decodePrefix(payload, LIMITS, "ut_metadata message");
        BDict d = (BDict) decoded.value();
        int trailing = payload.length - decoded.end();
        long type = requireInt(d, "msg_type");
        if (type < MetadataMessage.REQUEST || type > MetadataMessage.REJECT) {
            return new Unknown(type);
        }
        long piece = requireInt(d, "piece");
        if (piece < 0 || piece > Integer.MAX_VALUE) {
            throw new WireFormatException("ut_metadata piece " + piece + " outside 0..2^31-1");
        }
        if (type != MetadataMessage.DATA) {
            if (trailing != 0) {
                throw new WireFormatException("ut_metadata " + (type == MetadataMessage.REQUEST ? "request" : "reject")
                        + " followed by " + trailing + " bytes");
            }
            return type == MetadataMessage.REQUEST ? new Request((int) piece) : new Reject((int) piece);
        }
        long total = requireInt(d, "total_size");
        if (total < 1 || total > maxMetadataSize) {
            throw new WireFormatException("ut_metadata total_size " + total + " outside 1.." + maxMetadataSize);
        }
        if (handshakeSize != null && total != handshakeSize) {
            throw new WireFormatException("ut_metadata total_size " + total + " differs from metadata_size "
                    + handshakeSize + " in the handshake");
        }
        // Data checks piece range and length against total_size before anything else is kept
        return new Data((int) piece, (int) total, Arrays.copyOfRange(payload, decoded.end(), payload.length));
    }

    private static long requireInt(BDict d, String key) {
        BValue v = d.get(key);
        if (v == null) {
            throw new WireFormatException("ut_metadata message without '" + key + "'");
        }
        if (!(v instanceof BInt i)) {
            throw new WireFormatException("ut_metadata '" + key + "' is not an integer");
        }
        return i.value();
    }
}
