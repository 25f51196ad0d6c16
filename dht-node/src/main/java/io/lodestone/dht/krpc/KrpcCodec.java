package io.lodestone.dht.krpc;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeDecoder;
import io.lodestone.bencode.BencodeException;
import io.lodestone.bencode.BencodeLimits;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * KRPC datagrams to messages and back. Pure and thread-safe. See the package documentation for the
 * rules; in short, {@link #decode} returns a message or throws {@link KrpcFormatException}, and
 * {@link #encode} writes canonical bencode, the same bytes for equal messages.
 */
public final class KrpcCodec {

    /**
     * libtorrent reads datagrams into a 1500-byte buffer, so nothing larger reaches a libtorrent
     * node intact and no conforming peer sends one; we drop them before parsing, and refuse to
     * encode them.
     */
    public static final int MAX_DATAGRAM_BYTES = 1500;
    /** libtorrent's DHT bdecode depth limit; deep BEP 44 values in unknown queries still parse. */
    public static final int MAX_DEPTH = 10;
    /** libtorrent's DHT bdecode token limit; a full 1500-byte get_peers answer needs under 200. */
    public static final int MAX_ITEMS = 500;

    private static final BencodeDecoder DECODER =
            new BencodeDecoder(new BencodeLimits(MAX_DEPTH, MAX_ITEMS, MAX_DATAGRAM_BYTES));

    private static final String T = "t";
    private static final String Y = "y";
    private static final String V = "v";
    private static final String Q = "q";
    private static final String A = "a";
    private static final String R = "r";
    private static final String E = "e";
    private static final String IP = "ip";
    private static final String RO = "ro";
    private static final BString Y_QUERY = BString.of(Q);
    private static final BString Y_RESPONSE = BString.of(R);
    private static final BString Y_ERROR = BString.of(E);

    private KrpcCodec() {
    }

    /** @throws KrpcFormatException for any datagram that is not a message we accept */
    public static KrpcMessage decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    /**
     * Decodes {@code length} bytes at {@code offset}. They are copied first, so the caller may reuse
     * its receive buffer while the message lives on.
     *
     * @throws KrpcFormatException for any datagram that is not a message we accept
     */
    public static KrpcMessage decode(byte[] buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        if (length > MAX_DATAGRAM_BYTES) {
            throw new KrpcFormatException(
                    "datagram of " + length + " bytes exceeds " + MAX_DATAGRAM_BYTES, null, false);
        }
        BValue v;
        try {
            v = DECODER.decode(Arrays.copyOfRange(buf, offset, offset + length));
        } catch (BencodeException e) {
            throw new KrpcFormatException("not bencode: " + e.getMessage(), null, false);
        }
        if (!(v instanceof BDict top)) {
            throw new KrpcFormatException("not a dictionary", null, false);
        }
        // read leniently first, so that a failure below still says what it could
        boolean query = Y_QUERY.equals(top.get(Y));
        Tid tid = top.get(T) instanceof BString t && t.length() >= 1 && t.length() <= Tid.MAX_LENGTH
                ? Tid.of(t.bytes()) : null;
        try {
            return decode(top, tid);
        } catch (Malformed | BencodeException | IllegalArgumentException e) {
            throw new KrpcFormatException(e.getMessage(), tid, query);
        }
    }

    private static KrpcMessage decode(BDict top, Tid tid) {
        BString t = top.require(T, BString.class);
        if (tid == null) {
            throw new Malformed("'t' must be 1.." + Tid.MAX_LENGTH + " bytes, not " + t.length());
        }
        BString y = top.require(Y, BString.class);
        Optional<ClientVersion> version = version(top);
        if (y.equals(Y_QUERY)) {
            BString q = top.require(Q, BString.class);
            BDict a = top.require(A, BDict.class);
            KrpcQuery query = QueryCodec.decode(new String(q.bytes(), StandardCharsets.ISO_8859_1), a);
            // BEP 43 puts "ro" at the top level; one inside "a" is ignored, as libtorrent does
            return new QueryMessage(tid, version, Fields.flag(top, RO), query);
        }
        if (y.equals(Y_RESPONSE)) {
            BDict r = top.require(R, BDict.class);
            Fields.requireId(r, Fields.ID);
            return new ResponseMessage(tid, version, ip(top), r);
        }
        if (y.equals(Y_ERROR)) {
            return new ErrorMessage(tid, version, ip(top), error(top.require(E, BList.class)));
        }
        throw new Malformed("'y' must be \"q\", \"r\" or \"e\"");
    }

    /** Informational: a {@code v} of a length no client sends is dropped rather than kept. */
    private static Optional<ClientVersion> version(BDict top) {
        BString v = top.getString(V);
        return v != null && ClientVersion.validLength(v.length())
                ? Optional.of(ClientVersion.of(v.bytes())) : Optional.empty();
    }

    private static Optional<InetSocketAddress> ip(BDict top) {
        BString ip = top.getString(IP);
        return ip == null ? Optional.empty() : Optional.ofNullable(Addresses.readIp(ip.bytes()));
    }

    /**
     * BEP 5: {@code [code, message]}. Items past those two are ignored, and a missing message reads
     * as empty: the error already failed its transaction, the text is only for logs.
     */
    private static KrpcError error(BList e) {
        if (e.size() < 1 || !(e.get(0) instanceof BInt code)) {
            throw new Malformed("'e' must start with an integer code");
        }
        if (code.value() < Integer.MIN_VALUE || code.value() > Integer.MAX_VALUE) {
            throw new Malformed("error code out of range: " + code.value());
        }
        String message = "";
        if (e.size() > 1) {
            if (!(e.get(1) instanceof BString m)) {
                throw new Malformed("the error message must be a string");
            }
            message = m.utf8();
        }
        return new KrpcError((int) code.value(), message);
    }

    /**
     * Canonical bencode of {@code message}.
     *
     * @throws IllegalArgumentException when it would exceed {@value #MAX_DATAGRAM_BYTES} bytes, which
     *                                  libtorrent could not read: the caller sends fewer nodes or peers
     */
    public static byte[] encode(KrpcMessage message) {
        return checkSize(switch (message) {
            case QueryMessage q -> MessageWriter.query(q);
            case ResponseMessage r -> MessageWriter.response(r);
            case ErrorMessage e -> MessageWriter.error(e);
        });
    }

    /**
     * The same bytes as {@code encode(ResponseMessage.of(tid, version, ip, response))}, written
     * without building the {@code r} dictionary first: the way a node answers queries.
     *
     * @throws IllegalArgumentException as {@link #encode}, and for an {@code ip} that cannot be sent
     */
    public static byte[] encodeResponse(Tid tid, Optional<ClientVersion> version, Optional<InetSocketAddress> ip,
                                        KrpcResponse response) {
        Objects.requireNonNull(tid, "tid");
        Objects.requireNonNull(response, "response");
        ip.ifPresent(a -> Addresses.requireSendable(a, "ip"));
        return checkSize(MessageWriter.response(tid, version, ip, response));
    }

    private static byte[] checkSize(byte[] out) {
        if (out.length > MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("message of " + out.length + " bytes exceeds " + MAX_DATAGRAM_BYTES);
        }
        return out;
    }
}
