package io.lodestone.ops.cli.dht;

import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.node.DhtNode;
import picocli.CommandLine.Command;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "ping", mixinStandardHelpOptions = true, description = "Pings DHT nodes (BEP 5).")
final class DhtPingCommand extends DhtQueryCommand {
    @Override
    KnownQuery query(DhtNode node) {
        return node.ping();
    }

    @Override
    void describe(KrpcResponse response, ObjectNode out) {
    }
}
