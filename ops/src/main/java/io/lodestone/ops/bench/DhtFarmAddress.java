package io.lodestone.ops.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Where a locally bound socket is reached from this machine. */
final class DhtFarmAddress {
    private DhtFarmAddress() {
    }

    static InetSocketAddress loopback(InetSocketAddress bound) {
        return bound.getAddress().isAnyLocalAddress()
                ? new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.getPort()) : bound;
    }
}
