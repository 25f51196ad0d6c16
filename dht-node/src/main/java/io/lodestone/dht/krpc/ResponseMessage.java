package io.lodestone.dht.krpc;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BencodeException;
import io.lodestone.types.NodeId;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A response ({@code y} = "r"). The wire does not say which query it answers, only the transaction
 * table knows, so decoding checks what every response has (a 20-byte {@code id}) and keeps the rest
 * of {@code r} as received; {@link #typed} reads it as the answer to a given method.
 *
 * @param ip   BEP 42: our address as the responder saw it
 * @param body the {@code r} dict; unknown keys are kept and re-encoded
 */
public record ResponseMessage(Tid tid, Optional<ClientVersion> version, Optional<InetSocketAddress> ip, BDict body)
        implements KrpcMessage {

    public ResponseMessage {
        Objects.requireNonNull(tid, "tid");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(body, "body");
        ip.ifPresent(a -> Addresses.requireSendable(a, "ip"));
        try {
            Fields.requireId(body, Fields.ID);
        } catch (Malformed | BencodeException e) {
            throw new IllegalArgumentException("a response body needs a 20-byte id: " + e.getMessage());
        }
    }

    public static ResponseMessage of(Tid tid, Optional<ClientVersion> version, Optional<InetSocketAddress> ip,
                                     KrpcResponse response) {
        return new ResponseMessage(tid, version, ip, ResponseCodec.encode(response));
    }

    /** No version, no {@code ip}. */
    public static ResponseMessage of(Tid tid, KrpcResponse response) {
        return of(tid, Optional.empty(), Optional.empty(), response);
    }

    /** The responder's id. */
    public NodeId id() {
        return Fields.requireId(body, Fields.ID);
    }

    /**
     * The body read as the answer to {@code method}. For {@link QueryMethod#SAMPLE_INFOHASHES} this
     * is a {@link FindNodeResponse} when {@code samples} is missing: a node without BEP 51 answered
     * as if asked {@code find_node}; its nodes are still good.
     *
     * @throws KrpcFormatException when a field the method needs is missing or wrong
     */
    public KrpcResponse typed(QueryMethod method) {
        try {
            return ResponseCodec.typed(method, body);
        } catch (Malformed | BencodeException | IllegalArgumentException e) {
            throw new KrpcFormatException(e.getMessage(), tid, false);
        }
    }
}
