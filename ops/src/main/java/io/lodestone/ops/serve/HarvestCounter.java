package io.lodestone.ops.serve;

import io.lodestone.dht.node.DhtListener;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts harvest events per receiving node for the health page, then passes them on. Keyed by
 * node id; a node that re-keys starts a new count, and the map holds at most one entry per id a
 * farm node ever had (a handful).
 */
final class HarvestCounter implements DhtListener {

    /** Re-keying is rare (at most every ten minutes per node); this bounds the map regardless. */
    static final int MAX_IDS = 4_096;

    private final DhtListener next;
    private final Map<NodeId, LongAdder> counts = new ConcurrentHashMap<>();

    HarvestCounter(DhtListener next) {
        this.next = next;
    }

    @Override
    public void onAnnounce(NodeId receiver, InfoHash infoHash, InetSocketAddress peer, InetSocketAddress source) {
        add(receiver, 1);
        next.onAnnounce(receiver, infoHash, peer, source);
    }

    @Override
    public void onGetPeers(NodeId receiver, InfoHash infoHash, InetSocketAddress source) {
        add(receiver, 1);
        next.onGetPeers(receiver, infoHash, source);
    }

    @Override
    public void onSamples(NodeId receiver, List<InfoHash> samples, InetSocketAddress source) {
        add(receiver, samples.size());
        next.onSamples(receiver, samples, source);
    }

    /** Events received by the node with this id (0 for one never seen). */
    long count(NodeId id) {
        LongAdder a = counts.get(id);
        return a == null ? 0 : a.sum();
    }

    private void add(NodeId receiver, long n) {
        LongAdder a = counts.get(receiver);
        if (a == null) {
            if (counts.size() >= MAX_IDS) {
                return;
            }
            a = counts.computeIfAbsent(receiver, k -> new LongAdder());
        }
        a.add(n);
    }
}
