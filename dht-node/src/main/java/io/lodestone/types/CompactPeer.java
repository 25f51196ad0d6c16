package io.lodestone.types;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compact peer addresses: 4-byte IPv4 or 16-byte IPv6 address, then a 2-byte big-endian port.
 * BEP 5 {@code values} is a list of such strings (18-byte ones per BEP 32); BEP 23 {@code peers}
 * and {@code peers6} concatenate them into one string. Addresses are built from bytes, never DNS.
 *
 * <p>An IPv6 entry always decodes to an {@link Inet6Address}, even an IPv4-mapped one, so that it
 * re-encodes to the same 18 bytes.
 */
public final class CompactPeer {

    public static final int IPV4_ADDRESS = 4;
    public static final int IPV6_ADDRESS = 16;
    public static final int PORT = 2;
    public static final int IPV4_LENGTH = IPV4_ADDRESS + PORT;
    public static final int IPV6_LENGTH = IPV6_ADDRESS + PORT;

    private CompactPeer() {
    }

    /** One 6- or 18-byte entry. Port 0 is an error here, as there is no list to drop it from. */
    public static InetSocketAddress decode(byte[] entry) {
        if (entry.length != IPV4_LENGTH && entry.length != IPV6_LENGTH) {
            throw new CompactFormatException("a compact peer has 6 or 18 bytes, not " + entry.length);
        }
        InetSocketAddress a = read(entry, 0, entry.length - PORT);
        if (a == null) {
            throw new CompactFormatException("compact peer with port 0");
        }
        return a;
    }

    /** The 6 bytes of an IPv4 peer or the 18 of an IPv6 one. */
    public static byte[] encode(InetSocketAddress peer) {
        checkSendable(peer);
        byte[] out = new byte[addressLength(peer) + PORT];
        write(peer, out, 0);
        return out;
    }

    /** BEP 5 {@code values}: each string one peer of either family. */
    public static CompactDecoded<InetSocketAddress> decodeValues(List<byte[]> values) {
        List<InetSocketAddress> out = new ArrayList<>(values.size());
        int dropped = 0;
        for (byte[] v : values) {
            if (v.length != IPV4_LENGTH && v.length != IPV6_LENGTH) {
                throw new CompactFormatException("a 'values' entry has 6 or 18 bytes, not " + v.length);
            }
            InetSocketAddress a = read(v, 0, v.length - PORT);
            if (a == null) {
                dropped++;
            } else {
                out.add(a);
            }
        }
        return new CompactDecoded<>(out, dropped);
    }

    public static List<byte[]> encodeValues(List<InetSocketAddress> peers) {
        List<byte[]> out = new ArrayList<>(peers.size());
        for (InetSocketAddress p : peers) {
            out.add(encode(p));
        }
        return out;
    }

    /** BEP 23 {@code peers}: concatenated 6-byte IPv4 entries. */
    public static CompactDecoded<InetSocketAddress> decodePeers(byte[] s) {
        return decodeConcatenated(s, IPV4_ADDRESS, "peers");
    }

    /** BEP 23 / BEP 32 {@code peers6}: concatenated 18-byte IPv6 entries. */
    public static CompactDecoded<InetSocketAddress> decodePeers6(byte[] s) {
        return decodeConcatenated(s, IPV6_ADDRESS, "peers6");
    }

    public static byte[] encodePeers(List<InetSocketAddress> peers) {
        return encodeConcatenated(peers, IPV4_ADDRESS);
    }

    public static byte[] encodePeers6(List<InetSocketAddress> peers) {
        return encodeConcatenated(peers, IPV6_ADDRESS);
    }

    private static CompactDecoded<InetSocketAddress> decodeConcatenated(byte[] s, int addressLength, String what) {
        int entry = addressLength + PORT;
        checkMultiple(s.length, entry, what);
        List<InetSocketAddress> out = new ArrayList<>(s.length / entry);
        int dropped = 0;
        for (int off = 0; off < s.length; off += entry) {
            InetSocketAddress a = read(s, off, addressLength);
            if (a == null) {
                dropped++;
            } else {
                out.add(a);
            }
        }
        return new CompactDecoded<>(out, dropped);
    }

    private static byte[] encodeConcatenated(List<InetSocketAddress> peers, int addressLength) {
        int entry = addressLength + PORT;
        byte[] out = new byte[peers.size() * entry];
        for (int i = 0; i < peers.size(); i++) {
            InetSocketAddress p = peers.get(i);
            checkSendable(p);
            if (addressLength(p) != addressLength) {
                throw new IllegalArgumentException("expected only IPv" + (addressLength == IPV4_ADDRESS ? 4 : 6)
                        + " addresses, got " + p);
            }
            write(p, out, i * entry);
        }
        return out;
    }

    static void checkMultiple(int length, int entry, String what) {
        if (length % entry != 0) {
            throw new CompactFormatException("'" + what + "' is " + length + " bytes, not a multiple of " + entry);
        }
    }

    /** The address at {@code off} and the port after it; null when the port is 0. */
    static InetSocketAddress read(byte[] b, int off, int addressLength) {
        int port = ((b[off + addressLength] & 0xff) << 8) | (b[off + addressLength + 1] & 0xff);
        if (port == 0) {
            return null;
        }
        byte[] ip = java.util.Arrays.copyOfRange(b, off, off + addressLength);
        try {
            InetAddress a = addressLength == IPV4_ADDRESS
                    ? InetAddress.getByAddress(ip)
                    : Inet6Address.getByAddress(null, ip, -1); // keeps IPv4-mapped ones IPv6
            return new InetSocketAddress(a, port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** Writes address then port at {@code off}; the caller sized {@code out}. */
    static void write(InetSocketAddress a, byte[] out, int off) {
        byte[] ip = a.getAddress().getAddress();
        System.arraycopy(ip, 0, out, off, ip.length);
        out[off + ip.length] = (byte) (a.getPort() >>> 8);
        out[off + ip.length + 1] = (byte) a.getPort();
    }

    static int addressLength(InetSocketAddress a) {
        return a.getAddress() instanceof Inet4Address ? IPV4_ADDRESS : IPV6_ADDRESS;
    }

    /** A resolved address with a port others can reach: what we are willing to encode. */
    static void checkSendable(InetSocketAddress a) {
        if (a == null || a.isUnresolved()) {
            throw new IllegalArgumentException("need a resolved address, not " + a);
        }
        if (a.getPort() == 0) {
            throw new IllegalArgumentException("port 0 is not reachable: " + a);
        }
    }
}
