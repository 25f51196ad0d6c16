package io.lodestone.dht.lookup;

import io.lodestone.dht.lookup.SampleSweeper.Support;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The nodes a {@link SampleSweeper} knows, bounded: each is fresh (never asked), due (may be asked
 * again), waiting (not before {@code nextAllowed}) or in flight. One per endpoint and per id. A
 * waiting or in-flight node is never forgotten to make room, so a node cannot be forgotten and
 * relearned inside its interval; only due ones give way to newcomers.
 */
final class SweepNodes {

    enum Where { FRESH, DUE, WAITING, IN_FLIGHT }

    static final class Tracked {
        final NodeInfo node;
        Where where = Where.FRESH;
        Support support = Support.UNKNOWN;
        long nextAllowed;
        int failures;

        Tracked(NodeInfo node) {
            this.node = node;
        }
    }

    private final int max;
    private final RandomGenerator random;
    private final Map<InetSocketAddress, Tracked> byAddress = new HashMap<>();
    private final Map<NodeId, Tracked> byId = new HashMap<>();
    /** Sorted by id, so the one nearest a target is a neighbour of it. */
    private final TreeMap<NodeId, Tracked> fresh = new TreeMap<>();
    private final TreeMap<NodeId, Tracked> due = new TreeMap<>();
    private final PriorityQueue<Tracked> waiting = new PriorityQueue<>(Comparator.comparingLong(t -> t.nextAllowed));

    SweepNodes(int max, RandomGenerator random) {
        this.max = max;
        this.random = random;
    }

    /** Remembers a node heard of; false when known (by endpoint or id) or when no due node can give way. */
    boolean learn(NodeInfo n) {
        if (byAddress.containsKey(n.address()) || byId.containsKey(n.id())) {
            return false;
        }
        if (byAddress.size() >= max) {
            if (due.isEmpty()) {
                return false;
            }
            Map.Entry<NodeId, Tracked> victim = due.ceilingEntry(NodeId.random(random));
            forget(victim != null ? victim.getValue() : due.firstEntry().getValue());
        }
        Tracked t = new Tracked(n);
        byAddress.put(n.address(), t);
        byId.put(n.id(), t);
        fresh.put(n.id(), t);
        return true;
    }

    /** Moves waiting nodes whose time has come to due. */
    void promote(long now) {
        while (!waiting.isEmpty() && waiting.peek().nextAllowed <= now) {
            Tracked t = waiting.poll();
            t.where = Where.DUE;
            due.put(t.node.id(), t);
        }
    }

    /** The node to ask next about {@code target}: the nearest fresh one (discovery first), else the nearest due one. */
    Tracked take(NodeId target) {
        Tracked t = nearest(fresh, target);
        if (t == null) {
            t = nearest(due, target);
        }
        if (t != null) {
            (t.where == Where.FRESH ? fresh : due).remove(t.node.id());
            t.where = Where.IN_FLIGHT;
        }
        return t;
    }

    /** An in-flight node may not be asked again before {@code nextAllowed}. */
    void hold(Tracked t, long nextAllowed) {
        t.where = Where.WAITING;
        t.nextAllowed = nextAllowed;
        waiting.add(t);
    }

    /** An in-flight node whose query never left: ready again at once. */
    void putBack(Tracked t) {
        t.where = t.support == Support.UNKNOWN && t.failures == 0 ? Where.FRESH : Where.DUE;
        (t.where == Where.FRESH ? fresh : due).put(t.node.id(), t);
    }

    void forget(Tracked t) {
        byAddress.remove(t.node.address());
        byId.remove(t.node.id());
        switch (t.where) {
            case FRESH -> fresh.remove(t.node.id());
            case DUE -> due.remove(t.node.id());
            case WAITING -> waiting.remove(t);
            case IN_FLIGHT -> {
            }
        }
    }

    Tracked get(InetSocketAddress address) {
        return byAddress.get(address);
    }

    int size() {
        return byAddress.size();
    }

    /** Nodes that may be asked now. */
    int ready() {
        return fresh.size() + due.size();
    }

    int count(Support s) {
        int n = 0;
        for (Tracked t : byAddress.values()) {
            if (t.support == s) {
                n++;
            }
        }
        return n;
    }

    private static Tracked nearest(TreeMap<NodeId, Tracked> m, NodeId target) {
        Map.Entry<NodeId, Tracked> up = m.ceilingEntry(target);
        Map.Entry<NodeId, Tracked> down = m.lowerEntry(target);
        if (up == null) {
            return down == null ? null : down.getValue();
        }
        if (down == null) {
            return up.getValue();
        }
        return target.distanceCompare(up.getKey(), down.getKey()) <= 0 ? up.getValue() : down.getValue();
    }
}
