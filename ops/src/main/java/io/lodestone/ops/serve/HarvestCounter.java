package io.lodestone.ops.serve;

import io.lodestone.crawler.OutcomeListener;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts harvest events per receiving node for the health page, then passes them on; and credits
 * each crawl outcome to the node that first heard its hash. Keyed by node id; a node that re-keys
 * starts a new count, and the maps hold at most one entry per id a farm node ever had (a handful).
 */
final class HarvestCounter implements DhtListener, OutcomeListener {

    /** Re-keying is rare (at most every ten minutes per node); this bounds the map regardless. */
    static final int MAX_IDS = 4_096;

    /**
     * Hashes whose first hearer is remembered, oldest forgotten first: a crawl resolves what it
     * heard minutes ago, and an outcome for a forgotten hash counts in the farm's total only.
     */
    static final int MAX_ATTRIBUTED = 1 << 17;

    private final DhtListener next;
    private final Map<NodeId, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<NodeId, LongAdder> resolved = new ConcurrentHashMap<>();
    private final Map<NodeId, LongAdder> failed = new ConcurrentHashMap<>();
    private final Map<InfoHash, NodeId> firstHeardBy = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InfoHash, NodeId> eldest) {
            return size() > MAX_ATTRIBUTED;
        }
    };

    HarvestCounter(DhtListener next) {
        this.next = next;
    }

    @Override
    public void onAnnounce(NodeId receiver, InfoHash infoHash, InetSocketAddress peer, InetSocketAddress source) {
        add(counts, receiver, 1);
        heard(infoHash, receiver);
        next.onAnnounce(receiver, infoHash, peer, source);
    }

    @Override
    public void onGetPeers(NodeId receiver, InfoHash infoHash, InetSocketAddress source) {
        add(counts, receiver, 1);
        heard(infoHash, receiver);
        next.onGetPeers(receiver, infoHash, source);
    }

    @Override
    public void onSamples(NodeId receiver, List<InfoHash> samples, InetSocketAddress source) {
        add(counts, receiver, samples.size());
        samples.forEach(h -> heard(h, receiver));
        next.onSamples(receiver, samples, source);
    }

    @Override
    public void onResolved(InfoHash infoHash) {
        credit(resolved, infoHash);
    }

    @Override
    public void onFailed(InfoHash infoHash) {
        credit(failed, infoHash);
    }

    /** Events received by the node with this id (0 for one never seen). */
    long count(NodeId id) {
        return sum(counts, id);
    }

    /** Hashes first heard by this node that the crawl resolved. */
    long resolved(NodeId id) {
        return sum(resolved, id);
    }

    /** Failed resolve attempts at hashes first heard by this node. */
    long failed(NodeId id) {
        return sum(failed, id);
    }

    private void heard(InfoHash infoHash, NodeId receiver) {
        synchronized (firstHeardBy) {
            firstHeardBy.putIfAbsent(infoHash, receiver);
        }
    }

    private void credit(Map<NodeId, LongAdder> to, InfoHash infoHash) {
        NodeId node;
        synchronized (firstHeardBy) {
            node = firstHeardBy.get(infoHash);
        }
        if (node != null) {
            add(to, node, 1);
        }
    }

    private static long sum(Map<NodeId, LongAdder> map, NodeId id) {
        LongAdder a = map.get(id);
        return a == null ? 0 : a.sum();
    }

    private static void add(Map<NodeId, LongAdder> map, NodeId receiver, long n) {
        LongAdder a = map.get(receiver);
        if (a == null) {
            if (map.size() >= MAX_IDS) {
                return;
            }
            a = map.computeIfAbsent(receiver, k -> new LongAdder());
        }
        a.add(n);
    }
}
