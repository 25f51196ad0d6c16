package io.lodestone.dht.krpc;

import io.lodestone.types.NodeId;
import java.util.Objects;

/** The answer to {@code announce_peer}: just the id, like a ping's. */
public record AnnouncePeerResponse(NodeId id) implements KrpcResponse {

    public AnnouncePeerResponse {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public QueryMethod method() {
        return QueryMethod.ANNOUNCE_PEER;
    }
}
