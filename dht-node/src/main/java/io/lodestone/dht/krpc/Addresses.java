package io.lodestone.dht.krpc;

import io.lodestone.types.CompactPeer;
import io.lodestone.types.NodeInfo;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;

/** Checks on the addresses records carry, so encoding never meets one it cannot write. */
final class Addresses {

    private static final int MAX_PORT = 0xffff;

    private Addresses() {
    }

    static InetSocketAddress requireSendable(InetSocketAddress a, String what) {
        if (a == null || a.isUnresolved() || a.getPort() < 1 || a.getPort() > MAX_PORT) {
            throw new IllegalArgumentException(what + " needs a resolved address with a port, not " + a);
        }
        return a;
    }

    /** BEP 5 {@code nodes} hold only IPv4 nodes and BEP 32 {@code nodes6} only IPv6 ones. */
    static List<NodeInfo> requireFamily(List<NodeInfo> nodes, boolean v6, String what) {
        List<NodeInfo> copy = List.copyOf(nodes);
        for (NodeInfo n : copy) {
            boolean isV6 = n.address().getAddress() instanceof Inet6Address;
            if (isV6 != v6) {
                throw new IllegalArgumentException("'" + what + "' holds only IPv" + (v6 ? 6 : 4) + " nodes, not " + n);
            }
        }
        return copy;
    }

    static List<InetSocketAddress> requirePeers(List<InetSocketAddress> peers, String what) {
        List<InetSocketAddress> copy = List.copyOf(peers);
        copy.forEach(p -> requireSendable(p, what));
        return copy;
    }

    /**
     * BEP 42 {@code ip}: a compact IPv4 or IPv6 address and port, or null when it is not one of
     * those (wrong length, port 0). It is a hint about ourselves, so a bad one is dropped, not fatal.
     */
    static InetSocketAddress readIp(byte[] b) {
        if (b.length != CompactPeer.IPV4_LENGTH && b.length != CompactPeer.IPV6_LENGTH) {
            return null;
        }
        if (b[b.length - 2] == 0 && b[b.length - 1] == 0) {
            return null;
        }
        return CompactPeer.decode(b);
    }
}
