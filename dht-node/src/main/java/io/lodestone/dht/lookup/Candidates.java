package io.lodestone.dht.lookup;

import io.lodestone.dht.lookup.IterativeLookup.State;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An {@link IterativeLookup}'s candidates: sorted by XOR distance to the target, one per id and
 * per endpoint, never our own id, optionally one per subnet, at most {@code max} (the farthest
 * dropped). About a hundred entries, so a sorted list with binary search is enough.
 */
final class Candidates {

    /** IPv4 /24 and IPv6 /64: one network, as libtorrent's search and routing table count them. */
    private static final int IPV4_SUBNET_BITS = 24;
    private static final int IPV6_SUBNET_BYTES = 8;

    static final class Candidate {
        final NodeInfo node;
        final Object subnet;
        State state = State.FRESH;
        long sentAt;
        /** Our limiter refused a query to it: not asked again before this. */
        long notBefore;
        /** Failed by {@code queryTimeout}, not by an answer: a late answer may still revive it. */
        boolean gaveUp;
        /** Whether its answer counts toward the k results (a get_peers answer without token does not). */
        boolean counts = true;

        Candidate(NodeInfo node, Object subnet) {
            this.node = node;
            this.subnet = subnet;
        }

        boolean outstanding() {
            return state == State.IN_FLIGHT || state == State.SLOW;
        }
    }

    private final NodeId target;
    private final NodeId ownId;
    private final int max;
    private final List<Candidate> sorted = new ArrayList<>();
    private final Map<InetSocketAddress, Candidate> byAddress = new HashMap<>();
    private final Map<NodeId, Candidate> byId = new HashMap<>();
    private final Set<Object> subnets = new HashSet<>();

    Candidates(NodeId target, NodeId ownId, int max) {
        this.target = target;
        this.ownId = ownId;
        this.max = max;
    }

    /** Closest first; not to be modified. */
    List<Candidate> sorted() {
        return sorted;
    }

    Candidate at(InetSocketAddress address) {
        return byAddress.get(address);
    }

    int size() {
        return sorted.size();
    }

    /**
     * Inserts {@code n} in distance order unless a rule refuses it (null then). {@code subnet} is
     * its network when the one-per-subnet rule applies to it, else null. Candidates pushed out
     * past {@code max} go to {@code dropped} first.
     */
    Candidate admit(NodeInfo n, Object subnet, Consumer<Candidate> dropped) {
        if (n.id().equals(ownId) || byId.containsKey(n.id()) || byAddress.containsKey(n.address())
                || (subnet != null && subnets.contains(subnet))) {
            return null;
        }
        int pos = insertionPoint(n.id());
        if (pos >= max) {
            return null; // farther than every candidate kept
        }
        Candidate c = new Candidate(n, subnet);
        sorted.add(pos, c);
        byAddress.put(n.address(), c);
        byId.put(n.id(), c);
        if (subnet != null) {
            subnets.add(subnet);
        }
        while (sorted.size() > max) {
            Candidate last = sorted.get(sorted.size() - 1);
            dropped.accept(last);
            remove(last);
        }
        return c;
    }

    void remove(Candidate c) {
        sorted.remove(c);
        byAddress.remove(c.node.address());
        byId.remove(c.node.id());
        if (c.subnet != null) {
            subnets.remove(c.subnet);
        }
    }

    /** Binary search by distance to the target; ids are unique here, so no ties. */
    private int insertionPoint(NodeId id) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (target.distanceCompare(sorted.get(mid).node.id(), id) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The network {@code ip} belongs to, or null for loopback and private ranges: an attacker
     * flooding one subnet with ids is a public-internet threat, while a testnet shares one IP.
     */
    static Object subnetOf(InetAddress ip) {
        if (ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress() || ip.isAnyLocalAddress()) {
            return null;
        }
        byte[] b = ip.getAddress();
        if (ip instanceof Inet4Address) {
            return ByteBuffer.wrap(b).getInt() >>> (Integer.SIZE - IPV4_SUBNET_BITS);
        }
        return ByteBuffer.wrap(b, 0, IPV6_SUBNET_BYTES).getLong();
    }
}
