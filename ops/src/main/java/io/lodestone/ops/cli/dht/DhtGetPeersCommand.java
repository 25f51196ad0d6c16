package io.lodestone.ops.cli.dht;

import io.lodestone.dht.krpc.GetPeersResponse;
import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.node.DhtNode;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.types.InfoHash;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "get-peers", mixinStandardHelpOptions = true,
        description = "Asks DHT nodes for peers of an info-hash (BEP 5).")
final class DhtGetPeersCommand extends DhtQueryCommand {
    @Option(names = "--info-hash", required = true, paramLabel = "HASH",
            description = "40 or 64 hex digits, 32 base32 characters, or a magnet")
    String infoHash;

    private InfoHash key;

    @Override
    void validate() {
        key = MagnetUri.parseAny(infoHash).dhtInfoHash();
    }

    @Override
    KnownQuery query(DhtNode node) {
        return node.getPeers(key);
    }

    @Override
    void describe(KrpcResponse response, ObjectNode out) {
        out.put("infoHash", key.hex());
        if (response instanceof GetPeersResponse r) {
            r.token().ifPresent(t -> out.put("token", HexFormat.of().formatHex(t.bytes())));
            DhtNodesJson.peers(out, "values", r.values());
            DhtNodesJson.nodes(out, "nodes", r.nodes());
            DhtNodesJson.nodes(out, "nodes6", r.nodes6());
        }
    }
}
