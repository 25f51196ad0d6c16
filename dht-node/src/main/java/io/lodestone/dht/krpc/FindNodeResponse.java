package io.lodestone.dht.krpc;

import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.util.List;
import java.util.Objects;

/**
 * The answer to {@code find_node}: the closest nodes the responder knows, IPv4 ones in BEP 5
 * {@code nodes} and IPv6 ones in BEP 32 {@code nodes6}. Also what a node without BEP 51 sends back
 * for {@code sample_infohashes}.
 */
public record FindNodeResponse(NodeId id, List<NodeInfo> nodes, List<NodeInfo> nodes6) implements KrpcResponse {

    public FindNodeResponse {
        Objects.requireNonNull(id, "id");
        nodes = Addresses.requireFamily(nodes, false, "nodes");
        nodes6 = Addresses.requireFamily(nodes6, true, "nodes6");
    }

    @Override
    public QueryMethod method() {
        return QueryMethod.FIND_NODE;
    }
}
