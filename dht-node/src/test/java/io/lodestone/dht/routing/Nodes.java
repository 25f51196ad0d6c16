package io.lodestone.dht.routing;

import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/** Test helpers: ids at chosen distances from ours, and distinct public addresses. */
final class Nodes {

    static final int PORT = 6881;

    private Nodes() {
    }

    /** An id sharing exactly {@code bits} leading bits with {@code own} (0..159); the rest random. */
    static NodeId sharing(NodeId own, int bits, RandomGenerator rnd) {
        byte[] id = NodeId.random(rnd).bytes();
        for (int bit = 0; bit <= bits; bit++) {
            boolean value = bit < bits ? own.bit(bit) : !own.bit(bit);
            int mask = 0x80 >>> (bit & 7);
            id[bit >>> 3] = (byte) (value ? id[bit >>> 3] | mask : id[bit >>> 3] & ~mask);
        }
        return NodeId.of(id);
    }

    /**
     * The n-th of many distinct public (not BEP 42-exempt) IPv4 addresses, each in its own /24:
     * 20.0.0.1, 20.0.1.1, ... up to n = 2^20 and more (first octet 20..35 for n below 2^20).
     */
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

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no DNS
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static NodeInfo node(NodeId id, int n) {
        return new NodeInfo(id, new InetSocketAddress(ip(n), PORT));
    }

    static NodeInfo node(NodeId id, InetAddress ip, int port) {
        return new NodeInfo(id, new InetSocketAddress(ip, port));
    }

    /** The bucket a table with {@code buckets} buckets puts {@code id} in. */
    static int bucketOf(NodeId own, NodeId id, int buckets) {
        return Math.min(own.commonPrefixBits(id), buckets - 1);
    }

    /** What {@link RoutingTable#closest} should return, by brute force over a snapshot. */
    static List<NodeInfo> bruteForceClosest(List<RoutingEntry> entries, NodeId target, int count) {
        Comparator<RoutingEntry> byState = Comparator.comparing(e -> e.state() == NodeState.GOOD ? 0 : 1);
        Comparator<RoutingEntry> byDistance = (a, b) -> target.distanceCompare(a.node().id(), b.node().id());
        return entries.stream()
                .filter(e -> e.state() != NodeState.BAD)
                .sorted(byState.thenComparing(byDistance))
                .limit(count)
                .map(RoutingEntry::node)
                .toList();
    }
}
