package io.lodestone.dht.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.KrpcCodec;
import io.lodestone.dht.krpc.KrpcMessage;
import io.lodestone.dht.krpc.KrpcQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.PingResponse;
import io.lodestone.dht.krpc.QueryMessage;
import io.lodestone.dht.krpc.ResponseMessage;
import io.lodestone.dht.krpc.Tid;
import io.lodestone.time.VirtualClock;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * One node driven by hand: datagrams go in through {@code onDatagram}, what it sends is captured.
 * Addresses are public-looking literals, so the default (public-only) rules apply.
 */
final class NodeFixture {

    record Sent(InetSocketAddress to, byte[] datagram) {
        KrpcMessage decoded() {
            return KrpcCodec.decode(datagram);
        }
    }

    final VirtualClock clock = new VirtualClock();
    final SplittableRandom random = new SplittableRandom(7);
    final List<Sent> sent = new ArrayList<>();
    final DhtMetrics metrics = new DhtMetrics();
    final DhtNode node;
    private int nextTid;

    NodeFixture() {
        this(DhtConfig.defaults(), null);
    }

    NodeFixture(DhtConfig config, RateLimits limits) {
        this(config, limits, DhtListener.NONE);
    }

    /** A node with the limits its config asks for, on the fixture's clock. */
    static NodeFixture limited(DhtConfig config) {
        return new NodeFixture(config, null, DhtListener.NONE, true);
    }

    NodeFixture(DhtConfig config, RateLimits limits, DhtListener listener) {
        this(config, limits, listener, false);
    }

    private NodeFixture(DhtConfig config, RateLimits limits, DhtListener listener, boolean limitByConfig) {
        RateLimits l = limitByConfig ? RateLimits.create(config.rateLimits(), clock)
                : limits != null ? limits : RateLimits.unlimited();
        node = new DhtNode(config, NodeId.random(random), clock, random,
                (to, datagram) -> sent.add(new Sent(to, datagram)), listener, l, metrics);
    }

    /** The n-th of many distinct public IPv4 addresses: 20.x.y.z, each in its own /24. */
    static InetAddress ip(int n) {
        return ipv4(20 + (n >>> 16), n >>> 8, n, 1);
    }

    static InetAddress ipv4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static InetSocketAddress addr(int n) {
        return new InetSocketAddress(ip(n), 6881);
    }

    static InetSocketAddress addr(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port); // a literal: no DNS
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static InfoHash hash(SplittableRandom rnd) {
        byte[] b = new byte[20];
        rnd.nextBytes(b);
        return InfoHash.v1(b);
    }

    Tid tid() {
        return Tid.ofShort(nextTid++ & 0xffff);
    }

    void deliver(InetSocketAddress from, byte[] datagram) {
        node.onDatagram(from, datagram, 0, datagram.length);
    }

    void deliver(InetSocketAddress from, KrpcMessage m) {
        deliver(from, KrpcCodec.encode(m));
    }

    /** Sends {@code query} from {@code from} and returns the one datagram the node sent back. */
    KrpcMessage ask(InetSocketAddress from, KrpcQuery query) {
        return ask(from, QueryMessage.of(tid(), query));
    }

    KrpcMessage ask(InetSocketAddress from, QueryMessage m) {
        sent.clear();
        deliver(from, m);
        assertThat(sent).as("one answer to %s", m).hasSize(1);
        Sent s = sent.get(0);
        assertThat(s.to()).isEqualTo(from);
        KrpcMessage answer = s.decoded();
        assertThat(answer.tid()).isEqualTo(m.tid());
        return answer;
    }

    /** {@code n} nodes that answered our pings, so they are good entries of the IPv4 table. */
    List<NodeInfo> fillTable(int n, int firstAddress) {
        List<NodeInfo> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NodeInfo peer = new NodeInfo(NodeId.random(random), addr(firstAddress + i));
            respond(peer, node.query(peer.address(), node.ping()));
            out.add(peer);
        }
        return out;
    }

    /** Answers the last query the node sent, as {@code peer}, with a ping-shaped response. */
    void respond(NodeInfo peer, CompletableFuture<KrpcResponse> future) {
        Sent q = sent.get(sent.size() - 1);
        assertThat(q.to()).isEqualTo(peer.address());
        Tid tid = q.decoded().tid();
        deliver(peer.address(), ResponseMessage.of(tid, new PingResponse(peer.id())));
        assertThat(future).isCompleted();
    }

    /** The last datagram the node sent, decoded as a query. */
    QueryMessage lastQuery() {
        return (QueryMessage) sent.get(sent.size() - 1).decoded();
    }
}
