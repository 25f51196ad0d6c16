package io.lodestone.dht.net;

import io.lodestone.dht.node.DhtListener;
import io.lodestone.dht.node.DhtMetrics;
import io.lodestone.dht.node.DhtNode;
import io.lodestone.dht.node.RateLimits;
import io.lodestone.dht.routing.NetworkSizeEstimator;
import io.lodestone.time.Clock;
import io.lodestone.types.HostPort;
import io.lodestone.types.NodeId;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N DHT nodes in one process on a shared Netty event loop group, ids spread over the key space,
 * each on its own port or its own address, sharing one set of per-IP rate limits.
 */
public final class DhtFarm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhtFarm.class);
    /** How often each node's timers run (transactions, tokens, pings, refresh). */
    public static final long TICK_MILLIS = 100;
    /** Socket buffers large enough for bursts on loopback (libtorrent's testnet uses 4 MiB too). */
    static final int SOCKET_BUFFER = 4 << 20;
    /** Lookups the network-size estimate pools: a few hours of a farm's bucket refreshes. */
    static final int SIZE_SAMPLES = 512;

    private final FarmConfig config;
    private final EventLoopGroup group;
    private final RateLimits limits;
    private final List<FarmNode> nodes;
    private final List<NodeRuntime> runtimes;
    private final List<ScheduledFuture<?>> tickers = new ArrayList<>();
    private final List<InetSocketAddress> bootstrap;
    private final NetworkSizeEstimator sizes;

    private DhtFarm(FarmConfig config, EventLoopGroup group, RateLimits limits, List<FarmNode> nodes,
                    List<NodeRuntime> runtimes, List<InetSocketAddress> bootstrap, NetworkSizeEstimator sizes) {
        this.config = config;
        this.group = group;
        this.limits = limits;
        this.nodes = List.copyOf(nodes);
        this.runtimes = List.copyOf(runtimes);
        this.bootstrap = List.copyOf(bootstrap);
        this.sizes = sizes;
    }

    /** Binds every node's sockets and starts their timers and bootstrap. */
    public static DhtFarm start(FarmConfig config, DhtListener listener) throws InterruptedException {
        return start(config, listener, OutboundTap.NONE);
    }

    /** As {@link #start(FarmConfig, DhtListener)}, with every datagram sent shown to {@code tap}. */
    public static DhtFarm start(FarmConfig config, DhtListener listener, OutboundTap tap) throws InterruptedException {
        EventLoopGroup group = Transports.newGroup(config.threads(), "dht");
        RateLimits limits = RateLimits.create(config.node().rateLimits(), Clock.system());
        List<FarmNode> nodes = new ArrayList<>();
        List<NodeRuntime> runtimes = new ArrayList<>();
        SecureRandom seeds = new SecureRandom();
        List<NodeId> ids = FarmIds.spread(config.nodes(), new SplittableRandom(seeds.nextLong()));
        NetworkSizeEstimator sizes = new NetworkSizeEstimator(SIZE_SAMPLES);
        try {
            for (int i = 0; i < config.nodes(); i++) {
                EventLoop loop = group.next();
                NodeSockets sockets = new NodeSockets(tap);
                DhtMetrics metrics = new DhtMetrics();
                SplittableRandom random = new SplittableRandom(seeds.nextLong());
                java.util.function.Function<NodeId, DhtNode> factory = id -> new DhtNode(config.node(), id,
                        Clock.system(), random.split(), sockets, listener, limits, metrics);
                FarmNode farmNode = new FarmNode(i, factory.apply(ids.get(i)), loop, sockets, factory);
                InboundHandler handler = new InboundHandler(farmNode, sockets);
                sockets.attach(bind(loop, handler, new InetSocketAddress(config.addressOf(i), config.portOf(i))), false);
                if (config.bind6() != null) {
                    sockets.attach(bind(loop, handler, new InetSocketAddress(config.bind6(), config.portOf(i))), true);
                }
                limits.addOwnEndpoint(reachable(farmNode.address()));
                nodes.add(farmNode);
                NodeRuntime rt = new NodeRuntime(farmNode, config.lookup(), seeds.nextLong(), config.secureIds(), sizes);
                farmNode.attach(rt);
                runtimes.add(rt);
            }
        } catch (InterruptedException | RuntimeException e) {
            nodes.forEach(FarmNode::closeSockets);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        DhtFarm farm = new DhtFarm(config, group, limits, nodes, runtimes, resolve(config.bootstrap()), sizes);
        farm.startTimers();
        return farm;
    }

    private static Channel bind(EventLoop loop, InboundHandler handler, InetSocketAddress at) throws InterruptedException {
        try {
            return Transports.configureDatagram(new Bootstrap(), at.getAddress())
                    .group(loop)
                    .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                    .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                    .handler(handler)
                    .bind(at).sync().channel();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot bind UDP " + at + ": " + e.getMessage(), e);
        }
    }

    /** Resolves bootstrap names once; a name that does not resolve is skipped with a warning. */
    static List<InetSocketAddress> resolve(List<HostPort> hosts) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (HostPort h : hosts) {
            InetSocketAddress a = h.toSocketAddress();
            if (!a.isUnresolved()) {
                out.add(a);
                continue;
            }
            try {
                for (InetAddress ip : InetAddress.getAllByName(h.host())) {
                    out.add(new InetSocketAddress(ip, h.port()));
                }
            } catch (UnknownHostException e) {
                LOG.warn("bootstrap host {} does not resolve: {}", h.host(), e.getMessage());
            }
        }
        return out;
    }

    /**
     * The first node bootstraps from the routers; the others wait until it knows a few nodes and
     * bootstrap from those, so N nodes do not all hit the same router at once (the shared per-IP
     * limit would refuse most of their queries) and the load spreads over many addresses.
     */
    private void startTimers() {
        for (NodeRuntime rt : runtimes) {
            FarmNode n = rt.node();
            tickers.add(n.loop().scheduleAtFixedRate(n::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS));
        }
        FarmNode first = nodes.get(0);
        first.loop().execute(() -> runtimes.get(0).bootstrap(bootstrap));
        if (nodes.size() > 1) {
            scheduleSiblingBootstrap(first, System.nanoTime());
        }
    }

    private void scheduleSiblingBootstrap(FarmNode first, long since) {
        first.loop().schedule(() -> {
            List<InetSocketAddress> known = first.node().routingTable4().closest(first.id(), SiblingBootstrap.ROUTERS)
                    .stream().map(io.lodestone.types.NodeInfo::address).toList();
            if (!SiblingBootstrap.ready(known.size(), System.nanoTime() - since)) {
                scheduleSiblingBootstrap(first, since);
                return;
            }
            for (int i = 1; i < runtimes.size(); i++) {
                NodeRuntime rt = runtimes.get(i);
                List<InetSocketAddress> routers = SiblingBootstrap.routers(i, known, bootstrap);
                rt.node().loop().schedule(() -> rt.bootstrap(routers), SiblingBootstrap.delayNanos(i),
                        TimeUnit.NANOSECONDS);
            }
        }, 100, TimeUnit.MILLISECONDS);
    }

    /** A wildcard-bound socket is reached on loopback from inside the process. */
    public static InetSocketAddress reachable(InetSocketAddress a) {
        return a.getAddress().isAnyLocalAddress()
                ? new InetSocketAddress(InetAddress.getLoopbackAddress(), a.getPort()) : a;
    }

    public List<FarmNode> nodes() {
        return nodes;
    }

    public FarmNode node(int i) {
        return nodes.get(i);
    }

    public List<InetSocketAddress> bootstrapAddresses() {
        return bootstrap;
    }

    public FarmConfig config() {
        return config;
    }

    /** How many nodes the DHT has, from the id density of every node's lookups; 0 before any. */
    public long networkSizeEstimate() {
        return sizes.estimate();
    }

    public RateLimits limits() {
        return limits;
    }

    @Override
    public void close() {
        tickers.forEach(t -> t.cancel(false));
        for (FarmNode n : nodes) {
            n.closeSockets();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
