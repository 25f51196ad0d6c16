package io.lodestone.types;

import java.net.InetSocketAddress;
import java.util.Objects;

/** A DHT node as the compact {@code nodes}/{@code nodes6} strings carry it: id, IP and UDP port. */
public record NodeInfo(NodeId id, InetSocketAddress address) {
    public NodeInfo {
        Objects.requireNonNull(id, "id");
        CompactPeer.checkSendable(address);
    }
}
