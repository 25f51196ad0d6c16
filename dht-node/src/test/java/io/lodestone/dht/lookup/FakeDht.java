package io.lodestone.dht.lookup;

import io.lodestone.dht.krpc.AnnouncePeer;
import io.lodestone.dht.krpc.AnnouncePeerResponse;
import io.lodestone.dht.krpc.FindNode;
import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.GetPeers;
import io.lodestone.dht.krpc.GetPeersResponse;
import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.Ping;
import io.lodestone.dht.krpc.PingResponse;
import io.lodestone.dht.krpc.QueryMethod;
import io.lodestone.dht.krpc.SampleInfohashes;
import io.lodestone.dht.krpc.SampleInfohashesResponse;
import io.lodestone.dht.krpc.Token;
import io.lodestone.dht.node.QueryClient;
import io.lodestone.dht.node.QueryFailedException;
import io.lodestone.dht.routing.RoutingConfig;
import io.lodestone.dht.routing.RoutingTable;
import io.lodestone.time.VirtualClock;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * A synthetic DHT in virtual time: N nodes with random ids, each with a Kademlia routing view
 * (up to k random nodes per bucket of its own), answering find_node, get_peers, announce_peer,
 * ping and sample_infohashes. It is the {@link QueryClient} and {@link TaskScheduler} of the one
 * node under test: futures complete, and timers fire, only inside {@link #runUntil} and friends,
 * on the test's thread, with the {@link VirtualClock} moved to each event's time.
 */
final class FakeDht implements QueryClient, TaskScheduler {

    static final int K = 8;
    static final int PORT = 6881;
    static final long TABLE_RTT = Duration.ofMillis(50).toNanos();
    /** Our own address, as the fake nodes see it (tokens are bound to it). */
    static final InetSocketAddress SELF = new InetSocketAddress(ip(10, 0, 0, 1), PORT);

    /** What the node under test would tell its routing table. */
    interface Observer {
        void onResponse(FakeNode from, long rttNanos, KrpcResponse response);

        void onTimeout(InetSocketAddress to);
    }

    /** One query a fake node received, and the interval it gave (-1 when none). */
    record Received(long at, QueryMethod method, int interval) {
    }

    static final class FakeNode {
        final int index;
        final NodeId id;
        final InetSocketAddress address;
        final NodeInfo info;
        List<NodeInfo> view = List.of();
        boolean dead;
        boolean router;
        boolean givesToken = true;
        long rttNanos;
        final Map<NodeId, List<InetSocketAddress>> peers = new HashMap<>();
        boolean samples;
        int interval;
        List<InfoHash> hashes = List.of();
        final List<Received> log = new ArrayList<>();

        FakeNode(int index, NodeId id, InetSocketAddress address) {
            this.index = index;
            this.id = id;
            this.address = address;
            this.info = new NodeInfo(id, address);
        }

        Token token() {
            return Token.of(ByteBuffer.allocate(4).putInt(index * 0x9E3779B9 ^ 0x5bd1e995).array());
        }
    }

    private record Event(long at, long seq, Runnable task) {
    }

    final VirtualClock clock = new VirtualClock();
    final SplittableRandom rnd;
    final List<FakeNode> nodes = new ArrayList<>();
    private final Map<InetSocketAddress, FakeNode> byAddress = new HashMap<>();
    private final PriorityQueue<Event> events =
            new PriorityQueue<>(Comparator.comparingLong(Event::at).thenComparingLong(Event::seq));
    private long seq;
    Observer observer = new Observer() {
        @Override
        public void onResponse(FakeNode from, long rttNanos, KrpcResponse response) {
        }

        @Override
        public void onTimeout(InetSocketAddress to) {
        }
    };
    Duration timeout = Duration.ofSeconds(15);
    double loss;
    long queries;
    /** Our own outbound limiter, as DhtNode applies it: a refused query fails at once, never sent. */
    java.util.function.Predicate<InetSocketAddress> limiter = to -> true;
    long refused;
    private final java.util.Map<InetSocketAddress, Long> sentTo = new java.util.HashMap<>();

    /** {@code n} live nodes, round-trip times 20..200 ms, each with a proper routing view. */
    FakeDht(long seed, int n) {
        this.rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            add(NodeId.random(rnd), i);
        }
        buildViews();
    }

    private FakeNode add(NodeId id, int i) {
        FakeNode node = new FakeNode(i, id, new InetSocketAddress(ip(20 + (i >>> 16), i >>> 8, i, 1), PORT));
        node.rttNanos = Duration.ofMillis(20 + rnd.nextInt(181)).toNanos();
        nodes.add(node);
        byAddress.put(node.address, node);
        return node;
    }

    /** Every node's view: up to k random others per bucket (nodes sharing exactly b prefix bits with it). */
    private void buildViews() {
        for (FakeNode n : nodes) {
            n.view = viewOf(n.id, null);
        }
    }

    /** A routing view for {@code own} over every fake node (routers excluded), like a full table's. */
    List<NodeInfo> viewOf(NodeId own, FakeNode self) {
        List<List<NodeInfo>> buckets = new ArrayList<>();
        int[] seen = new int[NodeId.BITS + 1];
        for (int b = 0; b <= NodeId.BITS; b++) {
            buckets.add(new ArrayList<>());
        }
        for (FakeNode o : nodes) {
            if (o.id.equals(own) || o.router || o == self) {
                continue;
            }
            int b = own.commonPrefixBits(o.id);
            List<NodeInfo> bucket = buckets.get(b);
            seen[b]++;
            if (bucket.size() < K) {
                bucket.add(o.info);
            } else {
                int j = rnd.nextInt(seen[b]); // reservoir sampling: a uniform k of the bucket's nodes
                if (j < K) {
                    bucket.set(j, o.info);
                }
            }
        }
        List<NodeInfo> view = new ArrayList<>();
        buckets.forEach(view::addAll);
        return view;
    }

    // ---- set-up

    FakeNode router() {
        FakeNode r = add(NodeId.random(rnd), nodes.size());
        r.router = true;
        r.view = viewOf(r.id, r);
        return r;
    }

    List<FakeNode> live() {
        return nodes.stream().filter(n -> !n.dead && !n.router).toList();
    }

    void kill(double fraction) {
        for (FakeNode n : nodes) {
            if (!n.router && rnd.nextDouble() < fraction) {
                n.dead = true;
            }
        }
    }

    void slow(double fraction, Duration rtt) {
        for (FakeNode n : nodes) {
            if (rnd.nextDouble() < fraction) {
                n.rttNanos = rtt.toNanos();
            }
        }
    }

    /** The {@code count} live nodes closest to {@code target}, by brute force. */
    List<FakeNode> closestLive(NodeId target, int count) {
        return live().stream().sorted((a, b) -> target.distanceCompare(a.id, b.id)).limit(count).toList();
    }

    /** Stores {@code peers} for {@code key} on the {@code count} live nodes closest to it. */
    List<FakeNode> storePeers(InfoHash key, List<InetSocketAddress> peers, int count) {
        List<FakeNode> holders = closestLive(NodeId.key(key), count);
        holders.forEach(h -> h.peers.computeIfAbsent(NodeId.key(key), x -> new ArrayList<>()).addAll(peers));
        return holders;
    }

    /** A {@code fraction} of the nodes answer BEP 51 with intervals in [minInterval, maxInterval] s. */
    void enableSampling(double fraction, int minInterval, int maxInterval, int maxHashes) {
        for (FakeNode n : nodes) {
            if (!n.router && rnd.nextDouble() < fraction) {
                n.samples = true;
                n.interval = minInterval + rnd.nextInt(maxInterval - minInterval + 1);
                List<InfoHash> hashes = new ArrayList<>();
                int count = rnd.nextInt(maxHashes + 1);
                for (int i = 0; i < count; i++) {
                    byte[] h = new byte[InfoHash.V1_LENGTH];
                    rnd.nextBytes(h);
                    hashes.add(InfoHash.v1(h));
                }
                n.hashes = List.copyOf(hashes);
            }
        }
    }

    /** An empty routing table of our own (the node under test's). */
    RoutingTable table(NodeId own) {
        return new RoutingTable(own, StandardProtocolFamily.INET, RoutingConfig.defaults(), clock,
                new SplittableRandom(rnd.nextLong()));
    }

    /** A routing table of our own holding a proper view of the network, as after a long uptime. */
    RoutingTable seededTable(NodeId own) {
        RoutingTable t = table(own);
        for (NodeInfo n : viewOf(own, null)) {
            t.onResponse(n, TABLE_RTT);
        }
        return t;
    }

    LookupContext context(RoutingTable table, LookupConfig config) {
        return new LookupContext(this, this, clock, table, config, new SplittableRandom(rnd.nextLong()));
    }

    /** The table learns from every answer and timeout, as the node does it in production. */
    void feed(RoutingTable table) {
        observer = new Observer() {
            @Override
            public void onResponse(FakeNode from, long rttNanos, KrpcResponse response) {
                if (!from.router) {
                    table.onResponse(new NodeInfo(response.id(), from.address), rttNanos);
                }
            }

            @Override
            public void onTimeout(InetSocketAddress to) {
                table.onTimeout(to);
            }
        };
    }

    /** Queries sent to {@code address}, answered or not. */
    long queriesTo(InetSocketAddress address) {
        return sentTo.getOrDefault(address, 0L);
    }

    FakeNode at(InetSocketAddress address) {
        return byAddress.get(address);
    }

    // ---- QueryClient and TaskScheduler

    @Override
    public CompletableFuture<KrpcResponse> query(InetSocketAddress to, KnownQuery q) {
        if (!limiter.test(to)) {
            refused++;
            return CompletableFuture.failedFuture(new QueryFailedException(QueryFailedException.Reason.RATE_LIMITED,
                    "outbound limit for " + to.getAddress()));
        }
        queries++;
        sentTo.merge(to, 1L, Long::sum);
        CompletableFuture<KrpcResponse> f = new CompletableFuture<>();
        FakeNode n = byAddress.get(to);
        long now = clock.nanos();
        if (n == null || n.dead || rnd.nextDouble() < loss || n.rttNanos >= timeout.toNanos()) {
            if (n != null && !n.dead && n.rttNanos >= timeout.toNanos()) {
                at(now + n.rttNanos / 2, () -> answer(n, q)); // it hears us, too late for us
            }
            at(now + timeout.toNanos(), () -> {
                observer.onTimeout(to);
                f.completeExceptionally(new QueryFailedException(QueryFailedException.Reason.TIMEOUT, "timeout"));
            });
            return f;
        }
        at(now + n.rttNanos / 2, () -> {
            Optional<KrpcResponse> r = answer(n, q);
            at(now + n.rttNanos, () -> {
                if (r.isPresent()) {
                    observer.onResponse(n, n.rttNanos, r.get());
                    f.complete(r.get());
                } else {
                    f.completeExceptionally(new QueryFailedException(QueryFailedException.Reason.ERROR_RESPONSE,
                            "203 bad token"));
                }
            });
        });
        return f;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        boolean[] cancelled = {false};
        at(clock.nanos() + Math.max(0, delayNanos), () -> {
            if (!cancelled[0]) {
                task.run();
            }
        });
        return () -> cancelled[0] = true;
    }

    private void at(long when, Runnable task) {
        events.add(new Event(when, seq++, task));
    }

    /** The node's answer; empty for a KRPC error. */
    private Optional<KrpcResponse> answer(FakeNode n, KnownQuery q) {
        long now = clock.nanos();
        return switch (q) {
            case Ping p -> {
                n.log.add(new Received(now, QueryMethod.PING, -1));
                yield Optional.of(new PingResponse(n.id));
            }
            case FindNode f -> {
                n.log.add(new Received(now, QueryMethod.FIND_NODE, -1));
                yield Optional.of(new FindNodeResponse(n.id, closest(n, f.target()), List.of()));
            }
            case GetPeers g -> {
                n.log.add(new Received(now, QueryMethod.GET_PEERS, -1));
                List<InetSocketAddress> values = n.peers.getOrDefault(NodeId.key(g.infoHash()), List.of());
                Optional<Token> token = n.givesToken ? Optional.of(n.token()) : Optional.empty();
                yield Optional.of(new GetPeersResponse(n.id, token, values, closest(n, NodeId.key(g.infoHash())),
                        List.of()));
            }
            case AnnouncePeer a -> {
                n.log.add(new Received(now, QueryMethod.ANNOUNCE_PEER, -1));
                if (!a.token().equals(n.token())) {
                    yield Optional.empty();
                }
                int port = a.impliedPort() ? SELF.getPort() : a.port();
                n.peers.computeIfAbsent(NodeId.key(a.infoHash()), x -> new ArrayList<>())
                        .add(new InetSocketAddress(SELF.getAddress(), port));
                yield Optional.of(new AnnouncePeerResponse(n.id));
            }
            case SampleInfohashes s -> {
                if (!n.samples) {
                    n.log.add(new Received(now, QueryMethod.SAMPLE_INFOHASHES, -1));
                    yield Optional.of(new FindNodeResponse(n.id, closest(n, s.target()), List.of()));
                }
                n.log.add(new Received(now, QueryMethod.SAMPLE_INFOHASHES, n.interval));
                yield Optional.of(new SampleInfohashesResponse(n.id, n.interval, n.hashes.size(), n.hashes,
                        closest(n, s.target()), List.of()));
            }
        };
    }

    private static List<NodeInfo> closest(FakeNode n, NodeId target) {
        return n.view.stream().sorted((a, b) -> target.distanceCompare(a.id(), b.id())).limit(K).toList();
    }

    // ---- running

    /** Runs events until {@code f} is done (or nothing is left to run); returns its value. */
    <T> T runUntil(CompletableFuture<T> f) {
        while (!f.isDone() && step()) {
            // next event
        }
        return f.join();
    }

    /** Runs every event due within {@code d}, then moves the clock to its end. */
    void runFor(Duration d) {
        long end = clock.nanos() + d.toNanos();
        while (!events.isEmpty() && events.peek().at() <= end) {
            step();
        }
        clock.advanceTo(end);
    }

    void runUntilIdle() {
        while (step()) {
            // next event
        }
    }

    private boolean step() {
        Event e = events.poll();
        if (e == null) {
            return false;
        }
        clock.advanceTo(e.at());
        e.task().run();
        return true;
    }

    static InetAddress ip(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
