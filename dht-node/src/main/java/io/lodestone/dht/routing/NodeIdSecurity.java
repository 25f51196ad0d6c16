package io.lodestone.dht.routing;

import io.lodestone.types.NodeId;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32C;

/**
 * BEP 42 node ids: the top 21 bits are a CRC32C of the node's external address (masked, salted
 * with 3 random bits), so a node cannot pick an id near a target without owning many addresses.
 * The salt byte is the id's last byte. Local and private addresses are exempt: their ids are
 * always accepted, as libtorrent's {@code verify_id} does.
 */
public final class NodeIdSecurity {

    /** BEP 42: the IPv4 address is masked with 03 0f 3f ff before hashing. */
    private static final int V4_MASK = 0x030f3fff;
    /** BEP 42: the top 64 bits of an IPv6 address are masked with 01 03 07 0f 1f 3f 7f ff. */
    private static final long V6_MASK = 0x0103070f1f3f7fffL;
    /** The 3 salt bits go into the top of the masked address (IPv4: bits 29..31). */
    private static final int V4_SALT_SHIFT = 29;
    /** IPv6: bits 61..63 of the masked 64-bit prefix. */
    private static final int V6_SALT_SHIFT = 61;
    private static final int SALT_BITS_MASK = 0x7;
    /** Only the top 5 bits of the third id byte come from the CRC: 8 + 8 + 5 = 21 bits. */
    private static final int THIRD_BYTE_CHECKED = 0xf8;
    private static final int SALT_BYTE = NodeId.LENGTH - 1;
    private static final int IPV6_PREFIX_BYTES = 8;
    private static final int SALT_VALUES = 256;
    /** ::ffff:a.b.c.d is 10 zero bytes, two 0xff bytes, then the IPv4 address. */
    private static final int MAPPED_ZERO_BYTES = 10;

    private NodeIdSecurity() {
    }

    /** A fresh id valid for {@code external}: CRC prefix, random middle, random salt as last byte. */
    public static NodeId generate(InetAddress external, RandomGenerator random) {
        return generate(external, random.nextInt(SALT_VALUES), random);
    }

    /** As {@link #generate(InetAddress, RandomGenerator)} with a chosen salt byte (0..255). */
    static NodeId generate(InetAddress external, int salt, RandomGenerator random) {
        byte[] id = new byte[NodeId.LENGTH];
        random.nextBytes(id);
        int crc = crc(external, salt);
        id[0] = (byte) (crc >>> 24);
        id[1] = (byte) (crc >>> 16);
        id[2] = (byte) (((crc >>> 8) & THIRD_BYTE_CHECKED) | (id[2] & ~THIRD_BYTE_CHECKED));
        id[SALT_BYTE] = (byte) salt;
        return NodeId.of(id);
    }

    /** Whether {@code id} may be used from {@code address}: its top 21 bits match, or the address is exempt. */
    public static boolean isValid(NodeId id, InetAddress address) {
        if (isExempt(address)) {
            return true;
        }
        byte[] b = id.bytes();
        int crc = crc(address, b[SALT_BYTE] & 0xff);
        return b[0] == (byte) (crc >>> 24)
                && b[1] == (byte) (crc >>> 16)
                && ((b[2] ^ (crc >>> 8)) & THIRD_BYTE_CHECKED) == 0;
    }

    /**
     * BEP 42's exemptions: addresses that are not the node's public one anyway (IPv4 10/8,
     * 172.16/12, 192.168/16, 169.254/16, 127/8; IPv6 loopback, link-local fe80::/10, unique
     * local fc00::/7). IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
     */
    public static boolean isExempt(InetAddress address) {
        InetAddress a = unmapped(address);
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xff;
            int o1 = b[1] & 0xff;
            return o0 == 10 || o0 == 127
                    || (o0 == 172 && (o1 & 0xf0) == 16)
                    || (o0 == 192 && o1 == 168)
                    || (o0 == 169 && o1 == 254);
        }
        return a.isLoopbackAddress()
                || ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80)
                || (b[0] & 0xfe) == 0xfc;
    }

    /** CRC32C of the masked, salted address prefix (4 bytes for IPv4, 8 for IPv6). */
    private static int crc(InetAddress address, int salt) {
        InetAddress a = unmapped(address);
        byte[] b = a.getAddress();
        long r = salt & SALT_BITS_MASK;
        byte[] input;
        if (a instanceof Inet4Address) {
            int ip = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            int v = (ip & V4_MASK) | (int) (r << V4_SALT_SHIFT);
            input = new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        } else {
            long prefix = 0;
            for (int i = 0; i < IPV6_PREFIX_BYTES; i++) {
                prefix = (prefix << 8) | (b[i] & 0xff);
            }
            long v = (prefix & V6_MASK) | (r << V6_SALT_SHIFT);
            input = new byte[IPV6_PREFIX_BYTES];
            for (int i = IPV6_PREFIX_BYTES - 1; i >= 0; i--) {
                input[i] = (byte) v;
                v >>>= 8;
            }
        }
        CRC32C c = new CRC32C();
        c.update(input);
        return (int) c.getValue();
    }

    /** A dual-stack socket shows IPv4 peers as ::ffff:a.b.c.d; such a node hashed its IPv4 address. */
    static InetAddress unmapped(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a;
        }
        byte[] b = a.getAddress();
        for (int i = 0; i < MAPPED_ZERO_BYTES; i++) {
            if (b[i] != 0) {
                return a;
            }
        }
        if (b[MAPPED_ZERO_BYTES] != (byte) 0xff || b[MAPPED_ZERO_BYTES + 1] != (byte) 0xff) {
            return a;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, MAPPED_ZERO_BYTES + 2, b.length));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }
}
