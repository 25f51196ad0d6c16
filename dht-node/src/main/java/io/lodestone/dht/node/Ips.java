package io.lodestone.dht.node;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Address rules of a DHT node: one canonical form per endpoint, and which addresses a public node
 * talks to. A dual-stack socket shows IPv4 peers as {@code ::ffff:a.b.c.d}; every table, token and
 * limiter here keys on the plain IPv4 form, so one peer cannot count as two.
 */
public final class Ips {

    private static final int MAX_PORT = 0xffff;
    /** {@code ::ffff:a.b.c.d}: 10 zero bytes, two 0xff bytes, the IPv4 address. */
    private static final int MAPPED_ZERO_BYTES = 10;
    private static final int IPV6_BYTES = 16;
    /** IPv4 0.0.0.0/8 ("this network") is never a peer's address. */
    private static final int THIS_NETWORK_OCTET = 0;
    /** IPv4 240.0.0.0/4 is reserved, 255.255.255.255 the broadcast address: nobody to talk to. */
    private static final int RESERVED_FIRST_OCTET = 240;
    /** IPv6 unique local addresses fc00::/7: the IPv6 private range, which Java does not flag. */
    private static final int ULA_MASK = 0xfe;
    private static final int ULA_PREFIX = 0xfc;

    private Ips() {
    }

    /** {@code a} with an IPv4-mapped IPv6 address turned into the IPv4 address it carries. */
    public static InetAddress unmapped(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a;
        }
        byte[] b = a.getAddress();
        if (!isMapped(b)) {
            return a;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, MAPPED_ZERO_BYTES + 2, IPV6_BYTES));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }

    /** {@code a} with its address {@link #unmapped}; the same object when nothing changes. */
    public static InetSocketAddress normalize(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        InetAddress plain = unmapped(ip);
        return plain == ip ? a : new InetSocketAddress(plain, a.getPort());
    }

    /** Whether {@code a} is an IPv6 address carrying an IPv4 one. */
    public static boolean isMapped(InetAddress a) {
        return a instanceof Inet6Address && isMapped(a.getAddress());
    }

    private static boolean isMapped(byte[] b) {
        if (b.length != IPV6_BYTES) {
            return false;
        }
        for (int i = 0; i < MAPPED_ZERO_BYTES; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[MAPPED_ZERO_BYTES] == (byte) 0xff && b[MAPPED_ZERO_BYTES + 1] == (byte) 0xff;
    }

    /** A resolved address with a port 1..65535: something a datagram can come from or go to. */
    public static boolean isEndpoint(InetSocketAddress a) {
        return a != null && !a.isUnresolved() && a.getPort() >= 1 && a.getPort() <= MAX_PORT;
    }

    /**
     * Whether {@code a} may be a public DHT node: not unspecified, loopback, link-local, private
     * (RFC 1918, IPv6 fc00::/7, the deprecated fec0::/10), multicast, reserved or broadcast. Public clients
     * neither talk to nor route such addresses; a testnet on loopback allows them by configuration.
     */
    public static boolean isPublic(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            return first != THIS_NETWORK_OCTET && first < RESERVED_FIRST_OCTET;
        }
        return (b[0] & ULA_MASK) != ULA_PREFIX;
    }

    /** The family of {@code a} once unmapped. */
    public static StandardProtocolFamily family(InetAddress a) {
        return unmapped(a) instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    public static boolean isV4(InetAddress a) {
        return unmapped(a) instanceof Inet4Address;
    }
}
