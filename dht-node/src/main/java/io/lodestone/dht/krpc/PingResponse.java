package io.lodestone.dht.krpc;

import io.lodestone.types.NodeId;
import java.util.Objects;

/** The answer to {@code ping}: just the id. */
public record PingResponse(NodeId id) implements KrpcResponse {

    public PingResponse {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public QueryMethod method() {
        return QueryMethod.PING;
    }
}
