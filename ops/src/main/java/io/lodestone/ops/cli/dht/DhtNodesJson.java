package io.lodestone.ops.cli.dht;

import io.lodestone.types.HostPort;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Nodes and peers as JSON. */
final class DhtNodesJson {
    private DhtNodesJson() {
    }

    static void nodes(ObjectNode out, String key, List<NodeInfo> nodes) {
        ArrayNode a = out.putArray(key);
        for (NodeInfo n : nodes) {
            a.addObject().put("id", n.id().hex()).put("address", HostPort.of(n.address()).toString());
        }
    }

    static void peers(ObjectNode out, String key, List<InetSocketAddress> peers) {
        ArrayNode a = out.putArray(key);
        peers.forEach(p -> a.add(HostPort.of(p).toString()));
    }
}
