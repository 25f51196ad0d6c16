package io.lodestone.dht.net;

import io.lodestone.dht.lookup.LookupConfig;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.types.HostPort;
import java.net.InetAddress;
import java.util.List;

/**
 * A node farm: {@code nodes} DHT nodes in one process on a shared event loop group.
 *
 * @param nodes          how many nodes
 * @param bindAddresses  one address: every node on it, node i on {@code port + i}; as many as
 *                       nodes: node i on address i and {@code port} (each node its own IP)
 * @param port           first UDP port; 0 lets the system choose one per node
 * @param bind6          an IPv6 address for a second socket per node (BEP 32), or null for none
 * @param bootstrap      where to start; names are resolved once at start
 * @param threads        event loop threads shared by all nodes
 * @param node           the configuration of every node
 * @param lookup         how every node's lookups run
 * @param secureIds      take BEP 42 ids once the external address is known (loopback and
 *                       private addresses are exempt, so this never changes ids on a testnet)
 */
public record FarmConfig(int nodes, List<InetAddress> bindAddresses, int port, InetAddress bind6,
                         List<HostPort> bootstrap, int threads, DhtConfig node, LookupConfig lookup,
                         boolean secureIds) {

    public static final int MAX_NODES = 1024;
    /** libtorrent's and most clients' default DHT port. */
    public static final int DEFAULT_PORT = 6881;
    /** The public routers users bootstrap from; never used by tests. */
    public static final List<HostPort> PUBLIC_ROUTERS = List.of(
            new HostPort("router.bittorrent.com", 6881),
            new HostPort("dht.transmissionbt.com", 6881),
            new HostPort("router.utorrent.com", 6881),
            new HostPort("dht.libtorrent.org", 25401));

    public FarmConfig {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be 1.." + MAX_NODES + ", not " + nodes);
        }
        bindAddresses = List.copyOf(bindAddresses);
        if (bindAddresses.size() != 1 && bindAddresses.size() != nodes) {
            throw new IllegalArgumentException("give one bind address, or one per node (" + nodes + ")");
        }
        if (port < 0 || port > 65535 || (port > 0 && bindAddresses.size() == 1 && port + nodes - 1 > 65535)) {
            throw new IllegalArgumentException("ports " + port + ".." + (port + nodes - 1) + " do not fit 1..65535");
        }
        bootstrap = List.copyOf(bootstrap);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive");
        }
    }

    public static FarmConfig defaults() {
        return new FarmConfig(1, List.of(anyIpv4()), DEFAULT_PORT, null, PUBLIC_ROUTERS,
                Math.max(1, Runtime.getRuntime().availableProcessors()), DhtConfig.defaults(), LookupConfig.defaults(), true);
    }

    public FarmConfig withNodes(int n) {
        return new FarmConfig(n, bindAddresses, port, bind6, bootstrap, threads, node, lookup, secureIds);
    }

    public FarmConfig withBind(List<InetAddress> addresses, int p) {
        return new FarmConfig(nodes, addresses, p, bind6, bootstrap, threads, node, lookup, secureIds);
    }

    public FarmConfig withBind6(InetAddress a) {
        return new FarmConfig(nodes, bindAddresses, port, a, bootstrap, threads, node, lookup, secureIds);
    }

    public FarmConfig withBootstrap(List<HostPort> b) {
        return new FarmConfig(nodes, bindAddresses, port, bind6, b, threads, node, lookup, secureIds);
    }

    public FarmConfig withThreads(int t) {
        return new FarmConfig(nodes, bindAddresses, port, bind6, bootstrap, t, node, lookup, secureIds);
    }

    public FarmConfig withNode(DhtConfig c) {
        return new FarmConfig(nodes, bindAddresses, port, bind6, bootstrap, threads, c, lookup, secureIds);
    }

    public FarmConfig withLookup(LookupConfig l) {
        return new FarmConfig(nodes, bindAddresses, port, bind6, bootstrap, threads, node, l, secureIds);
    }

    public FarmConfig withSecureIds(boolean on) {
        return new FarmConfig(nodes, bindAddresses, port, bind6, bootstrap, threads, node, lookup, on);
    }

    static InetAddress anyIpv4() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    InetAddress addressOf(int i) {
        return bindAddresses.size() == 1 ? bindAddresses.get(0) : bindAddresses.get(i);
    }

    int portOf(int i) {
        return port == 0 ? 0 : bindAddresses.size() == 1 ? port + i : port;
    }
}
