package io.lodestone.dht.node;

import io.lodestone.dht.krpc.AnnouncePeer;
import io.lodestone.dht.krpc.ErrorMessage;
import io.lodestone.dht.krpc.FindNode;
import io.lodestone.dht.krpc.GetPeers;
import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcCodec;
import io.lodestone.dht.krpc.KrpcFormatException;
import io.lodestone.dht.krpc.KrpcMessage;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.Ping;
import io.lodestone.dht.krpc.QueryMessage;
import io.lodestone.dht.krpc.ResponseMessage;
import io.lodestone.dht.krpc.SampleInfohashes;
import io.lodestone.dht.krpc.Token;
import io.lodestone.dht.krpc.Want;
import io.lodestone.dht.routing.RoutingTable;
import io.lodestone.time.Clock;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import java.security.SecureRandom;

/**
 * One Mainline DHT node: answers queries, sends ours and matches their answers, keeps an IPv4 and
 * an IPv6 routing table (BEP 32), announce tokens, announced peers and BEP 51 samples. Pure policy:
 * datagrams come in through {@link #onDatagram}, go out through the {@link DatagramSink}, and time
 * is the injected {@link Clock}; {@link #tick()} drives timeouts and maintenance.
 *
 * <p>Not thread-safe: the transport calls {@link #onDatagram} and {@link #tick()}, and callers
 * {@link #query}, all on one thread per node; futures complete on that thread. Only the
 * {@link RateLimits} and {@link DhtMetrics} are shared across threads.
 *
 * <p>Iterative lookups, bootstrap and bucket refresh are the lookup engine's: it uses
 * {@link #query}, {@link #routingTable4()} and {@link #routingTable6()}. Queries carry whatever id
 * the caller put in them; {@link #ping()}, {@link #findNode(NodeId)} and the other builders put ours.
 */
public final class DhtNode implements QueryClient {

    private final NodeParts parts;
    private final RateLimits limits;
    private final TokenManager tokens;
    private final PeerStore peers;
    private final TransactionTable transactions;
    private final QueryTimeouts timeouts;
    private final QueryResponder responder;
    private final ResponseHandler responses;
    private boolean closed;

    public DhtNode(DhtConfig config, NodeId id, Clock clock, RandomGenerator random, DatagramSink sink,
            DhtListener listener, RateLimits limits, DhtMetrics metrics) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(listener, "listener");
        this.limits = Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(metrics, "metrics");
        RoutingTable table4 = new RoutingTable(id, StandardProtocolFamily.INET, config.routingConfig(), clock, random);
        RoutingTable table6 = new RoutingTable(id, StandardProtocolFamily.INET6, config.routingConfig(), clock, random);
        Outbox outbox = new Outbox(sink, limits, metrics);
        this.parts = new NodeParts(id, config, clock, random, table4, table6, new GuardedListener(listener, metrics),
                metrics, outbox);
        // the token secret is what stops anyone announcing for an IP they do not own: a seeded
        // generator could be replayed by whoever learns its seed, so it comes from the OS
        this.tokens = new TokenManager(clock, new SecureRandom(), config.tokenRotation());
        this.peers = PeerStore.of(config, clock, random);
        this.transactions = new TransactionTable(random, config.maxOutstandingQueries());
        this.timeouts = new QueryTimeouts(config);
        this.responder = new QueryResponder(parts, tokens, peers);
        this.responses = new ResponseHandler(parts, transactions, timeouts);
    }

    // ---- inbound

    /**
     * One datagram from {@code from}. Never throws: anything we do not accept is dropped (or, for a
     * malformed query whose transaction id is readable, answered with error 203).
     */
    public void onDatagram(InetSocketAddress from, byte[] buf, int offset, int length) {
        try {
            receive(from, buf, offset, length);
        } catch (RuntimeException e) {
            parts.metrics().internalError(); // a bug, counted so tests and dashboards see it
        }
    }

    private void receive(InetSocketAddress from, byte[] buf, int offset, int length) {
        if (closed) {
            return;
        }
        if (!Ips.isEndpoint(from) || !parts.reachable(from.getAddress())) {
            parts.metrics().droppedAddress();
            return;
        }
        InetSocketAddress source = Ips.normalize(from);
        // before decoding: a flood must cost as little as possible
        if (!limits.allowIn(source)) {
            parts.metrics().rateLimitedIn();
            return;
        }
        if (buf == null || offset < 0 || length < 0 || offset > buf.length - length) {
            parts.metrics().malformed();
            return;
        }
        KrpcMessage m;
        try {
            m = KrpcCodec.decode(buf, offset, length);
        } catch (KrpcFormatException e) {
            parts.metrics().malformed();
            if (e.answerable()) {
                responder.malformed(from, source, e.tid().orElseThrow(), e.reason());
            }
            return;
        }
        switch (m) {
            case QueryMessage q -> responder.answer(from, source, q);
            case ResponseMessage r -> responses.onResponse(source, r);
            case ErrorMessage e -> responses.onError(source, e);
        }
    }

    // ---- outbound

    /** Sends {@code query} to {@code to}, whose id we do not know (a bootstrap node, say). */
    @Override
    public CompletableFuture<KrpcResponse> query(InetSocketAddress to, KnownQuery query) {
        return send(to, null, query);
    }

    /**
     * Sends {@code query} to the node {@code to}: its id picks its own RTT-based timeout, and a
     * timeout is charged to that entry of the routing table.
     */
    public CompletableFuture<KrpcResponse> query(NodeInfo to, KnownQuery query) {
        return send(to.address(), to.id(), query);
    }

    private CompletableFuture<KrpcResponse> send(InetSocketAddress to, NodeId toId, KnownQuery query) {
        Objects.requireNonNull(query, "query");
        if (closed) {
            return failed(QueryFailedException.Reason.CLOSED, "node closed");
        }
        if (!Ips.isEndpoint(to) || !parts.reachable(to.getAddress())) {
            parts.metrics().droppedAddress();
            return failed(QueryFailedException.Reason.SEND_FAILED, "not an address we talk to: " + to);
        }
        InetSocketAddress destination = Ips.normalize(to);
        if (transactions.isFull()) {
            parts.metrics().rateLimitedOut();
            return failed(QueryFailedException.Reason.RATE_LIMITED, "too many queries in flight");
        }
        if (!parts.outbox().permitQuery(destination)) {
            return failed(QueryFailedException.Reason.RATE_LIMITED, "outbound limit for " + destination.getAddress());
        }
        RoutingTable table = parts.tableFor(destination.getAddress());
        long now = parts.clock().nanos();
        CompletableFuture<KrpcResponse> future = new CompletableFuture<>();
        TransactionTable.Transaction t = transactions.register(query.method(), destination, toId, now,
                timeouts.timeoutNanos(table, toId, destination), future).orElseThrow();
        QueryMessage m = new QueryMessage(t.tid(), Optional.of(parts.config().clientVersion()),
                parts.config().readOnly(), query);
        byte[] datagram;
        try {
            datagram = KrpcCodec.encode(m);
        } catch (IllegalArgumentException e) {
            transactions.remove(t);
            future.completeExceptionally(new QueryFailedException(QueryFailedException.Reason.SEND_FAILED,
                    e.getMessage()));
            return future;
        }
        if (!parts.outbox().transmit(to, datagram)) {
            transactions.remove(t);
            future.completeExceptionally(new QueryFailedException(QueryFailedException.Reason.SEND_FAILED,
                    "the transport refused a datagram to " + to));
            return future;
        }
        parts.metrics().queryOut(query.method());
        return future;
    }

    private static CompletableFuture<KrpcResponse> failed(QueryFailedException.Reason reason, String message) {
        return CompletableFuture.failedFuture(new QueryFailedException(reason, message));
    }

    // ---- query builders, with our id

    public Ping ping() {
        return new Ping(parts.id());
    }

    public FindNode findNode(NodeId target) {
        return new FindNode(parts.id(), target);
    }

    /** BEP 32: {@code want} asks for IPv4 and/or IPv6 nodes whatever the family we ask over. */
    public FindNode findNode(NodeId target, Want want) {
        return new FindNode(parts.id(), target, Optional.of(want));
    }

    public GetPeers getPeers(InfoHash infoHash) {
        return new GetPeers(parts.id(), infoHash);
    }

    /** {@code port} 0 with {@code impliedPort}: the receiver takes our UDP source port. */
    public AnnouncePeer announcePeer(InfoHash infoHash, int port, boolean impliedPort, Token token, boolean seed) {
        return new AnnouncePeer(parts.id(), infoHash, port, impliedPort, token, seed);
    }

    public SampleInfohashes sampleInfohashes(NodeId target) {
        return new SampleInfohashes(parts.id(), target);
    }

    // ---- time

    /**
     * Call about every 100 ms: fails queries past their deadline (charging the routing table),
     * rotates token secrets, forgets expired peers, pings a few nodes the tables want checked, and
     * publishes gauges to the metrics.
     */
    public void tick() {
        try {
            if (closed) {
                return;
            }
            responses.expire(parts.clock().nanos());
            tokens.rotateIfDue();
            peers.expire();
            pingStale(parts.table4());
            pingStale(parts.table6());
            parts.metrics().publish(new DhtMetrics.Gauges(parts.table4().size(), parts.table6().size(),
                    peers.count(), transactions.size()));
        } catch (RuntimeException e) {
            parts.metrics().internalError();
        }
    }

    /** Outcomes reach the table through the response and timeout paths; nothing waits on these. */
    private void pingStale(RoutingTable table) {
        for (NodeInfo n : table.nodesToPing(parts.config().maxPingsPerTick())) {
            query(n, ping());
        }
    }

    /** Fails every outstanding query with CLOSED and ignores everything from now on. */
    public void close() {
        if (!closed) {
            closed = true;
            responses.failAll(QueryFailedException.Reason.CLOSED);
        }
    }

    // ---- state

    public NodeId id() {
        return parts.id();
    }

    public DhtConfig config() {
        return parts.config();
    }

    public RoutingTable routingTable4() {
        return parts.table4();
    }

    public RoutingTable routingTable6() {
        return parts.table6();
    }

    public RoutingTable routingTable(StandardProtocolFamily family) {
        return family == StandardProtocolFamily.INET ? parts.table4() : parts.table6();
    }

    public DhtMetrics metrics() {
        return parts.metrics();
    }

    /** The announced peers; read it on the node's thread only. */
    public PeerStore peerStore() {
        return peers;
    }

    public int outstandingQueries() {
        return transactions.size();
    }

    /** Our external IPv4 address as responders' BEP 42 {@code ip} fields decided it, else IPv6. */
    public Optional<InetAddress> externalAddress() {
        return responses.externalAddress(true).or(() -> responses.externalAddress(false));
    }

    public Optional<InetAddress> externalAddress(StandardProtocolFamily family) {
        return responses.externalAddress(family == StandardProtocolFamily.INET);
    }

    /** How often the decided external address changed; BEP 42 re-keying is left to the owner. */
    public long externalAddressChanges() {
        return responses.externalAddressChanges();
    }

    TokenManager tokens() {
        return tokens;
    }

    TransactionTable transactions() {
        return transactions;
    }
}
