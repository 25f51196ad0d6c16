package io.lodestone.dht.krpc;

import io.lodestone.types.NodeId;
import java.util.Objects;
import java.util.Optional;

/** BEP 51 {@code sample_infohashes}, with BEP 32 {@code want}. */
public record SampleInfohashes(NodeId id, NodeId target, Optional<Want> want) implements KnownQuery {

    public SampleInfohashes {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(want, "want");
    }

    public SampleInfohashes(NodeId id, NodeId target) {
        this(id, target, Optional.empty());
    }

    @Override
    public QueryMethod method() {
        return QueryMethod.SAMPLE_INFOHASHES;
    }
}
