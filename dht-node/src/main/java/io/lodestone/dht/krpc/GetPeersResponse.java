package io.lodestone.dht.krpc;

import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to {@code get_peers}.
 *
 * @param token  the announce token; optional because libtorrent withholds it when its peer store
 *               is full, to push announces on to its neighbours
 * @param values peers of either family (BEP 5 6-byte and BEP 32 18-byte entries in one list)
 * @param scrape BEP 33 {@code BFsd} and {@code BFpe}, when asked for and the responder stores peers
 */
public record GetPeersResponse(NodeId id, Optional<Token> token, List<InetSocketAddress> values,
                               List<NodeInfo> nodes, List<NodeInfo> nodes6, Optional<ScrapeFilters> scrape)
        implements KrpcResponse {

    public GetPeersResponse(NodeId id, Optional<Token> token, List<InetSocketAddress> values, List<NodeInfo> nodes,
                            List<NodeInfo> nodes6) {
        this(id, token, values, nodes, nodes6, Optional.empty());
    }

    public GetPeersResponse {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(scrape, "scrape");
        values = Addresses.requirePeers(values, "values");
        nodes = Addresses.requireFamily(nodes, false, "nodes");
        nodes6 = Addresses.requireFamily(nodes6, true, "nodes6");
    }

    @Override
    public QueryMethod method() {
        return QueryMethod.GET_PEERS;
    }
}
