package io.lodestone.resolve;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Which peer addresses a public client drops: loopback, private, link-local and the like. */
final class PeerAddresses {
    /** IPv6 unique local addresses, fc00::/7. */
    private static final int ULA_MASK = 0xfe;
    private static final int ULA_PREFIX = 0xfc;

    private PeerAddresses() {
    }

    static boolean isPrivate(InetAddress a) {
        if (a == null) {
            return true;
        }
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        return a instanceof Inet6Address && (a.getAddress()[0] & ULA_MASK) == ULA_PREFIX;
    }
}
