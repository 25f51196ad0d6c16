package io.lodestone.dht.routing;

import io.lodestone.types.NodeInfo;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nodes heard of but not yet heard from, waiting to be pinged, oldest first. Bounded: when full,
 * the oldest is dropped, as a fresh tip is likelier to be alive. The key is the endpoint, or the
 * IP alone when the table allows one entry per IP.
 */
final class CandidateQueue {

    record Candidate(NodeInfo node, long addedAt) {
    }

    private final int max;
    private final LinkedHashMap<Object, Candidate> queue = new LinkedHashMap<>();

    CandidateQueue(int max) {
        this.max = max;
    }

    /** False when already queued (it keeps its place) or when the queue holds nothing at all. */
    boolean offer(Object key, NodeInfo node, long now) {
        if (max == 0 || queue.containsKey(key)) {
            return false;
        }
        if (queue.size() >= max) {
            Iterator<Map.Entry<Object, Candidate>> oldest = queue.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
        queue.put(key, new Candidate(node, now));
        return true;
    }

    void remove(Object key) {
        queue.remove(key);
    }

    /** Takes the oldest candidate out of the queue; null when empty. */
    Candidate poll() {
        Iterator<Map.Entry<Object, Candidate>> oldest = queue.entrySet().iterator();
        if (!oldest.hasNext()) {
            return null;
        }
        Candidate c = oldest.next().getValue();
        oldest.remove();
        return c;
    }

    Iterable<Candidate> view() {
        return queue.values();
    }

    int size() {
        return queue.size();
    }
}
