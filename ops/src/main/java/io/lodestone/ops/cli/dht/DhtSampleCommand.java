package io.lodestone.ops.cli.dht;

import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.SampleInfohashesResponse;
import io.lodestone.dht.node.DhtNode;
import io.lodestone.types.NodeId;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Asks DHT nodes for a sample of the info-hashes they store (BEP 51).")
final class DhtSampleCommand extends DhtQueryCommand {
    @Option(names = "--target", paramLabel = "HEX", description = "40 hex digits; default: random")
    String target;

    private NodeId targetId;

    @Override
    void validate() {
        targetId = target == null ? NodeId.random(new SplittableRandom()) : DhtFindNodeCommand.nodeId(target);
    }

    @Override
    KnownQuery query(DhtNode node) {
        return node.sampleInfohashes(targetId);
    }

    @Override
    void describe(KrpcResponse response, ObjectNode out) {
        out.put("target", targetId.hex());
        switch (response) {
            case SampleInfohashesResponse r -> {
                out.put("sampling", true);
                out.put("interval", r.interval());
                out.put("num", r.num());
                ArrayNode s = out.putArray("samples");
                r.samples().forEach(h -> s.add(h.hex()));
                DhtNodesJson.nodes(out, "nodes", r.nodes());
                DhtNodesJson.nodes(out, "nodes6", r.nodes6());
            }
            case FindNodeResponse r -> { // the node does not know BEP 51 and answered like find_node
                out.put("sampling", false);
                DhtNodesJson.nodes(out, "nodes", r.nodes());
                DhtNodesJson.nodes(out, "nodes6", r.nodes6());
            }
            default -> out.put("sampling", false);
        }
    }
}
