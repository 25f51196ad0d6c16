package io.lodestone.dht.net;

import java.net.InetSocketAddress;

/**
 * Sees every datagram a farm node hands to its socket: for measurements such as packets per
 * destination in interop tests. Called on the node's event loop, so it must be quick and must not
 * block or throw.
 */
@FunctionalInterface
public interface OutboundTap {

    void sent(InetSocketAddress to, int length);

    OutboundTap NONE = (to, length) -> { };
}
