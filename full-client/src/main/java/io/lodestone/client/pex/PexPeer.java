package io.lodestone.client.pex;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A peer named in a ut_pex {@code added} list, with its BEP 11 flag byte.
 *
 * @param address a resolved IPv4 or IPv6 address with a non-zero port
 * @param flags   the {@code added.f} / {@code added6.f} byte, bits as the constants below
 */
public record PexPeer(InetSocketAddress address, int flags) {

    /** The peer prefers encrypted connections. */
    public static final int PREFERS_ENCRYPTION = 0x01;
    /** The peer is a seed or upload-only. */
    public static final int SEED = 0x02;
    public static final int SUPPORTS_UTP = 0x04;
    public static final int SUPPORTS_HOLEPUNCH = 0x08;
    /** The sender reached the peer by an outgoing connection, so it is reachable. */
    public static final int REACHABLE = 0x10;

    public PexPeer {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved() || address.getPort() == 0) {
            throw new IllegalArgumentException("a PEX peer needs a resolved address and a port: " + address);
        }
        if (flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("flags are one byte, not " + flags);
        }
    }

    public static PexPeer of(InetSocketAddress address) {
        return new PexPeer(address, 0);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
