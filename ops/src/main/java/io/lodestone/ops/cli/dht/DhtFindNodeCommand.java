package io.lodestone.ops.cli.dht;

import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.node.DhtNode;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.types.NodeId;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "find-node", mixinStandardHelpOptions = true,
        description = "Asks DHT nodes for the nodes closest to a target (BEP 5).")
final class DhtFindNodeCommand extends DhtQueryCommand {
    @Option(names = "--target", paramLabel = "HEX", description = "40 hex digits; default: random")
    String target;

    private NodeId targetId;

    @Override
    void validate() {
        targetId = target == null ? NodeId.random(new SplittableRandom()) : nodeId(target);
    }

    static NodeId nodeId(String hex) {
        try {
            return NodeId.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--target must be 40 hex digits: " + e.getMessage());
        }
    }

    @Override
    KnownQuery query(DhtNode node) {
        return node.findNode(targetId);
    }

    @Override
    void describe(KrpcResponse response, ObjectNode out) {
        out.put("target", targetId.hex());
        if (response instanceof FindNodeResponse r) {
            DhtNodesJson.nodes(out, "nodes", r.nodes());
            DhtNodesJson.nodes(out, "nodes6", r.nodes6());
        }
    }
}
