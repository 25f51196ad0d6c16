package io.lodestone.client.pex;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One ut_pex message (BEP 11): peers the sender connected to and peers it lost since its last
 * message. Both address families in one list each; the codec splits them into {@code added} /
 * {@code added6} and {@code dropped} / {@code dropped6}.
 */
public record PexMessage(List<PexPeer> added, List<InetSocketAddress> dropped) {

    public PexMessage {
        added = List.copyOf(Objects.requireNonNull(added, "added"));
        dropped = List.copyOf(Objects.requireNonNull(dropped, "dropped"));
    }

    public static final PexMessage EMPTY = new PexMessage(List.of(), List.of());

    public boolean isEmpty() {
        return added.isEmpty() && dropped.isEmpty();
    }

    static boolean isIpv4(InetSocketAddress a) {
        return a.getAddress() instanceof Inet4Address;
    }
}
