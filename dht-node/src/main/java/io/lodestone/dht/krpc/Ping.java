package io.lodestone.dht.krpc;

import io.lodestone.types.NodeId;
import java.util.Objects;

/** BEP 5 {@code ping}. */
public record Ping(NodeId id) implements KnownQuery {

    public Ping {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public QueryMethod method() {
        return QueryMethod.PING;
    }
}
