package io.lodestone.dht.sim;

import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.dht.node.DhtMetrics;
import io.lodestone.dht.node.DhtNode;
import io.lodestone.dht.node.RateLimits;
import io.lodestone.time.VirtualClock;
import io.lodestone.types.NodeId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A deterministic simulated UDP network for DHT tests: many {@link DhtNode}s on one
 * {@link VirtualClock}, each at its own loopback address {@code 127.0.x.y:6881}, exchanging
 * datagrams through a priority queue with configurable latency, jitter and loss. Nothing runs
 * unless {@link #runFor} or {@link #runUntil} is called; they advance virtual time event by event,
 * delivering datagrams in time order and calling every node's {@link DhtNode#tick()} every
 * {@link Options#tickInterval()} of virtual time. Everything random comes from the seed, so a run
 * is reproducible.
 *
 * <p>Besides nodes, a test can {@link #attach} a raw {@link Endpoint} (a probe that sees the bytes
 * sent to its address and can {@link #send} any bytes from any address), take an address
 * {@link #setOnline offline} (datagrams to it vanish, so queries to it time out), and read
 * counters. Single-threaded: futures of node queries complete inside {@code runFor}.
 *
 * <pre>{@code
 * VirtualNetwork net = new VirtualNetwork(VirtualNetwork.Options.defaults());
 * DhtNode a = net.addNode();
 * DhtNode b = net.addNode();
 * var answer = a.query(net.address(b), a.ping());
 * net.runUntil(answer::isDone, Duration.ofSeconds(5));
 * }</pre>
 */
public final class VirtualNetwork {

    /** Every node listens on this UDP port; nodes differ by IP. */
    public static final int PORT = 6881;
    /** 127.0.x.y with y in 1..254: 254 addresses per x, x in 0..255. */
    private static final int HOSTS_PER_SUBNET = 254;
    private static final int MAX_NODES = HOSTS_PER_SUBNET * 256;
    private static final int LOOPBACK_OCTET = 127;

    /**
     * How the network behaves.
     *
     * @param latency      one-way delay of every datagram
     * @param jitter       plus a uniform extra delay in [0, jitter)
     * @param loss         probability that a datagram is lost, 0..1
     * @param seed         seeds loss, jitter, node ids and each node's random generator
     * @param tickInterval virtual time between two ticks of every node
     * @param nodeConfig   config of nodes added without one: defaults, with private addresses allowed
     * @param sharedLimits when non-null, every node shares these (a farm); else each node gets its own
     *                     limits from its config, as separate hosts would have
     */
    public record Options(Duration latency, Duration jitter, double loss, long seed, Duration tickInterval,
            DhtConfig nodeConfig, RateLimits sharedLimits) {

        public Options {
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(jitter, "jitter");
            Objects.requireNonNull(nodeConfig, "nodeConfig");
            if (latency.isNegative() || jitter.isNegative() || !(loss >= 0 && loss <= 1)
                    || tickInterval.isNegative() || tickInterval.isZero()) {
                throw new IllegalArgumentException("bad network options");
            }
        }

        /** 20 ms ± 10 ms, no loss, seed 1, 100 ms ticks, per-node default limits. */
        public static Options defaults() {
            return new Options(Duration.ofMillis(20), Duration.ofMillis(10), 0, 1, Duration.ofMillis(100),
                    DhtConfig.defaults().toBuilder().allowPrivate(true).build(), null);
        }

        public Options withLatency(Duration latency, Duration jitter) {
            return new Options(latency, jitter, loss, seed, tickInterval, nodeConfig, sharedLimits);
        }

        public Options withLoss(double loss) {
            return new Options(latency, jitter, loss, seed, tickInterval, nodeConfig, sharedLimits);
        }

        public Options withSeed(long seed) {
            return new Options(latency, jitter, loss, seed, tickInterval, nodeConfig, sharedLimits);
        }

        public Options withNodeConfig(DhtConfig config) {
            return new Options(latency, jitter, loss, seed, tickInterval, config, sharedLimits);
        }

        public Options withSharedLimits(RateLimits limits) {
            return new Options(latency, jitter, loss, seed, tickInterval, nodeConfig, limits);
        }
    }

    /** Something at an address that is not a node: sees raw datagrams sent to it. */
    @FunctionalInterface
    public interface Endpoint {
        void receive(InetSocketAddress from, byte[] datagram);
    }

    private record InFlight(long at, long seq, InetSocketAddress from, InetSocketAddress to, byte[] datagram)
            implements Comparable<InFlight> {
        @Override
        public int compareTo(InFlight o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final Options options;
    private final VirtualClock clock = new VirtualClock();
    private final Random random;
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>();
    private final Map<InetSocketAddress, DhtNode> nodes = new HashMap<>();
    private final Map<DhtNode, InetSocketAddress> addresses = new HashMap<>();
    private final List<DhtNode> order = new ArrayList<>();
    private final Map<InetSocketAddress, Endpoint> endpoints = new HashMap<>();
    private final Set<InetSocketAddress> offline = new HashSet<>();
    private long seq;
    private long nextTick;
    private long sent;
    private long delivered;
    private long lost;
    private long undeliverable;

    public VirtualNetwork(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.random = new Random(options.seed());
        this.nextTick = options.tickInterval().toNanos();
    }

    public VirtualNetwork() {
        this(Options.defaults());
    }

    public VirtualClock clock() {
        return clock;
    }

    public Options options() {
        return options;
    }

    // ---- nodes and endpoints

    /** A node with the network's node config, a random id and no listener. */
    public DhtNode addNode() {
        return addNode(options.nodeConfig());
    }

    public DhtNode addNode(DhtConfig config) {
        return addNode(config, NodeId.random(random), DhtListener.NONE);
    }

    /** A node at the next free address 127.0.x.y:6881. */
    public DhtNode addNode(DhtConfig config, NodeId id, DhtListener listener) {
        InetSocketAddress address = nextAddress();
        RateLimits limits = options.sharedLimits() != null
                ? options.sharedLimits() : RateLimits.create(config.rateLimits(), clock);
        DhtNode node = new DhtNode(config, id, clock, new SplittableRandom(random.nextLong()),
                (to, datagram) -> enqueue(address, to, datagram), listener, limits, new DhtMetrics());
        nodes.put(address, node);
        addresses.put(node, address);
        order.add(node);
        return node;
    }

    /** The next free address, for a node or an endpoint. */
    public InetSocketAddress nextAddress() {
        int n = nodes.size() + endpoints.size();
        while (true) {
            if (n >= MAX_NODES) {
                throw new IllegalStateException("the network is full");
            }
            InetSocketAddress a = address(n++);
            if (!nodes.containsKey(a) && !endpoints.containsKey(a)) {
                return a;
            }
        }
    }

    /** Puts {@code endpoint} at {@code address} (any address, loopback or not). */
    public void attach(InetSocketAddress address, Endpoint endpoint) {
        if (nodes.containsKey(address)) {
            throw new IllegalArgumentException(address + " is a node");
        }
        endpoints.put(address, Objects.requireNonNull(endpoint, "endpoint"));
    }

    public InetSocketAddress address(DhtNode node) {
        InetSocketAddress a = addresses.get(node);
        if (a == null) {
            throw new IllegalArgumentException("not a node of this network");
        }
        return a;
    }

    public Optional<DhtNode> nodeAt(InetSocketAddress address) {
        return Optional.ofNullable(nodes.get(address));
    }

    /** The nodes in the order they were added. */
    public List<DhtNode> nodes() {
        return Collections.unmodifiableList(order);
    }

    /** Offline addresses neither receive nor send: datagrams to and from them vanish. */
    public void setOnline(InetSocketAddress address, boolean online) {
        if (online) {
            offline.remove(address);
        } else {
            offline.add(address);
        }
    }

    // ---- traffic

    /** Sends raw bytes from any address, through the same latency and loss as nodes' datagrams. */
    public void send(InetSocketAddress from, InetSocketAddress to, byte[] datagram) {
        enqueue(from, to, datagram.clone());
    }

    private void enqueue(InetSocketAddress from, InetSocketAddress to, byte[] datagram) {
        sent++;
        if (offline.contains(from) || random.nextDouble() < options.loss()) {
            lost++;
            return;
        }
        long jitter = options.jitter().toNanos();
        long delay = options.latency().toNanos() + (jitter == 0 ? 0 : (long) (random.nextDouble() * jitter));
        queue.add(new InFlight(clock.nanos() + delay, seq++, from, to, datagram));
    }

    /** Advances virtual time by {@code d}, delivering datagrams and ticking nodes on the way. */
    public void runFor(Duration d) {
        runUntil(() -> false, d);
    }

    /**
     * Advances virtual time until {@code done} holds (checked after every event) or {@code max} has
     * passed. Returns whether {@code done} held.
     */
    public boolean runUntil(BooleanSupplier done, Duration max) {
        long end = clock.nanos() + max.toNanos();
        if (done.getAsBoolean()) {
            return true;
        }
        while (true) {
            long nextDelivery = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at();
            long next = Math.min(nextDelivery, nextTick);
            if (next > end) {
                clock.advanceTo(end);
                return done.getAsBoolean();
            }
            clock.advanceTo(next);
            if (nextDelivery <= nextTick) {
                deliver(queue.poll());
            } else {
                nextTick += options.tickInterval().toNanos();
                for (int i = 0; i < order.size(); i++) { // ticks may add nodes; index loop tolerates it
                    order.get(i).tick();
                }
            }
            if (done.getAsBoolean()) {
                return true;
            }
        }
    }

    private void deliver(InFlight p) {
        if (offline.contains(p.to())) {
            lost++;
            return;
        }
        DhtNode node = nodes.get(p.to());
        if (node != null) {
            delivered++;
            node.onDatagram(p.from(), p.datagram(), 0, p.datagram().length);
            return;
        }
        Endpoint e = endpoints.get(p.to());
        if (e != null) {
            delivered++;
            e.receive(p.from(), p.datagram());
            return;
        }
        undeliverable++;
    }

    // ---- counters

    /** Datagrams handed to the network, including lost ones. */
    public long sent() {
        return sent;
    }

    public long delivered() {
        return delivered;
    }

    /** Lost to the loss rate or to an offline address. */
    public long lost() {
        return lost;
    }

    /** Sent to an address where nothing is. */
    public long undeliverable() {
        return undeliverable;
    }

    public int inFlight() {
        return queue.size();
    }

    /** The n-th address: 127.0.0.1, ..., 127.0.0.254, 127.0.1.1, ... */
    public static InetSocketAddress address(int n) {
        if (n < 0 || n >= MAX_NODES) {
            throw new IllegalArgumentException("no address " + n);
        }
        byte[] ip = {(byte) LOOPBACK_OCTET, 0, (byte) (n / HOSTS_PER_SUBNET), (byte) (n % HOSTS_PER_SUBNET + 1)};
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), PORT);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }
}
