package io.lodestone.dht.krpc;

import java.util.Objects;
import java.util.Optional;

/**
 * A query ({@code y} = "q").
 *
 * @param readOnly BEP 43: the top-level {@code ro} flag. A read-only node must not be added to
 *                 routing tables. Read as any non-zero integer (like libtorrent), written as 1.
 */
public record QueryMessage(Tid tid, Optional<ClientVersion> version, boolean readOnly, KrpcQuery query)
        implements KrpcMessage {

    public QueryMessage {
        Objects.requireNonNull(tid, "tid");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(query, "query");
    }

    /** No version, not read-only. */
    public static QueryMessage of(Tid tid, KrpcQuery query) {
        return new QueryMessage(tid, Optional.empty(), false, query);
    }
}
