package io.lodestone.dht.routing;

import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the entries closest to a target without sorting the whole table: the bucket layout
 * already orders most of them, so only the entries of one group of buckets at a time are sorted.
 */
final class ClosestWalk {

    private ClosestWalk() {
    }

    /**
     * Walks buckets from nearest to farthest from {@code target}: its own bucket; when that is
     * not the last, the deeper buckets (they share exactly its prefix length with the target);
     * then the shallower ones in turn. Each group lies wholly farther than the one before.
     */
    static void collect(Buckets buckets, RoutingConfig config, NodeId target, int count, NodeState state, long now,
            List<NodeInfo> out) {
        int start = buckets.indexOf(target);
        List<TableEntry> group = new ArrayList<>();
        addInState(buckets.get(start), config, state, now, group);
        flush(target, count, group, out);
        if (start < buckets.count() - 1 && out.size() < count) {
            for (int i = start + 1; i < buckets.count(); i++) {
                addInState(buckets.get(i), config, state, now, group);
            }
            flush(target, count, group, out);
        }
        for (int i = start - 1; i >= 0 && out.size() < count; i--) {
            addInState(buckets.get(i), config, state, now, group);
            flush(target, count, group, out);
        }
    }

    private static void addInState(Bucket b, RoutingConfig config, NodeState state, long now,
            List<TableEntry> group) {
        for (TableEntry e : b.live) {
            if (e.state(now, config) == state) {
                group.add(e);
            }
        }
    }

    private static void flush(NodeId target, int count, List<TableEntry> group, List<NodeInfo> out) {
        group.sort((a, b) -> target.distanceCompare(a.id(), b.id()));
        for (int i = 0; i < group.size() && out.size() < count; i++) {
            out.add(group.get(i).node);
        }
        group.clear();
    }
}
