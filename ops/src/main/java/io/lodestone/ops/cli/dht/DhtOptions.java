package io.lodestone.ops.cli.dht;

import io.lodestone.dht.net.FarmConfig;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.types.HostPort;
import java.util.ArrayList;
import java.util.List;

/** Parsing shared by the dht commands. */
public final class DhtOptions {
    private DhtOptions() {
    }

    /** "H:P,H:P" (or repeated options) to host-ports; none given means the public routers. */
    public static List<HostPort> bootstrap(List<String> values) {
        if (values == null || values.isEmpty()) {
            return FarmConfig.PUBLIC_ROUTERS;
        }
        List<HostPort> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(hostPort(part));
                }
            }
        }
        return out;
    }

    public static HostPort hostPort(String s) {
        try {
            return HostPort.parse(s);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    static List<HostPort> targets(List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new BadInputException("give at least one node address H:P");
        }
        return values.stream().map(DhtOptions::hostPort).toList();
    }

    /** The {@code --peer H:P} values as socket addresses; a name is looked up once, here. */
    public static List<java.net.InetSocketAddress> peerAddresses(List<String> values) {
        List<java.net.InetSocketAddress> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String v : values) {
            HostPort hp = hostPort(v);
            java.net.InetSocketAddress a = hp.isLiteral() ? hp.toSocketAddress()
                    : new java.net.InetSocketAddress(hp.host(), hp.port());
            if (a.isUnresolved()) {
                throw new io.lodestone.ops.cli.BadInputException("--peer " + v + ": unknown host");
            }
            out.add(a);
        }
        return out;
    }
}
