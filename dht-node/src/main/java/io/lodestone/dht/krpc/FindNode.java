package io.lodestone.dht.krpc;

import io.lodestone.types.NodeId;
import java.util.Objects;
import java.util.Optional;

/** BEP 5 {@code find_node}, with BEP 32 {@code want}. */
public record FindNode(NodeId id, NodeId target, Optional<Want> want) implements KnownQuery {

    public FindNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(want, "want");
    }

    public FindNode(NodeId id, NodeId target) {
        this(id, target, Optional.empty());
    }

    @Override
    public QueryMethod method() {
        return QueryMethod.FIND_NODE;
    }
}
