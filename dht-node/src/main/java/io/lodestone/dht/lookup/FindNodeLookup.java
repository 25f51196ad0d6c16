package io.lodestone.dht.lookup;

import io.lodestone.dht.krpc.FindNode;
import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.util.List;

/**
 * A find_node lookup (BEP 5): the k nodes closest to a target that answered. What bootstrap,
 * bucket refreshes and our own-id lookups run.
 */
public final class FindNodeLookup extends Traversal<FindNodeLookup.Result> {

    /** The answering nodes closest to {@code target}, closest first (at most k). */
    public record Result(NodeId target, List<NodeInfo> closest, LookupStats stats) {
        public Result {
            closest = List.copyOf(closest);
        }
    }

    private final FindNode query;

    /** Seeded from the routing table; call {@link #start()} to run it. */
    public FindNodeLookup(LookupContext ctx, NodeId target) {
        super(ctx, target);
        this.query = new FindNode(ctx.table().ownId(), target);
    }

    @Override
    KnownQuery query(NodeInfo to) {
        return query;
    }

    @Override
    List<NodeInfo> nodesOf(KrpcResponse response) {
        return response instanceof FindNodeResponse r ? ctx.ourFamily(r.nodes(), r.nodes6()) : null;
    }

    @Override
    Result result(LookupStats stats) {
        return new Result(lookup.target(), lookup.closestResponded(ctx.config().k()), stats);
    }
}
