package io.lodestone.dht.krpc;

import io.lodestone.types.NodeId;
import java.util.Objects;
import java.util.Optional;

/**
 * A query of a method we do not type (BEP 44 {@code get}/{@code put}, future extensions). BEP 5
 * answers these with error 204, but libtorrent answers one that carries a 20-byte {@code target}
 * (or failing that {@code info_hash}) like {@code find_node}, so that new methods still help
 * lookups. This keeps what either answer needs.
 *
 * @param method the {@code q} bytes, one char per byte (ISO-8859-1) so they re-encode exactly
 * @param target {@code target}, else {@code info_hash}, when a 20-byte string; never fatal, since
 *               an unknown method may give these keys any meaning
 * @param want   BEP 32 {@code want} when a list; anything else there is ignored, as in libtorrent
 */
public record UnknownQuery(String method, NodeId id, Optional<NodeId> target, Optional<Want> want)
        implements KrpcQuery {

    private static final char MAX_BYTE_CHAR = 0xff;

    public UnknownQuery {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(want, "want");
        if (QueryMethod.fromWire(method).isPresent()) {
            // it would encode as a known query and decode as another record
            throw new IllegalArgumentException("'" + method + "' is a known method");
        }
        if (method.chars().anyMatch(c -> c > MAX_BYTE_CHAR)) {
            throw new IllegalArgumentException("method chars stand for bytes, so must be at most U+00FF");
        }
    }

    @Override
    public String methodName() {
        return method;
    }
}
