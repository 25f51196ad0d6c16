package io.lodestone.dht.node;

import java.net.InetSocketAddress;

/** Where a node's outgoing datagrams go: a UDP socket in production, a virtual network in tests. */
@FunctionalInterface
public interface DatagramSink {
    void send(InetSocketAddress to, byte[] datagram);
}
