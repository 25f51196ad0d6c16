package io.lodestone.ops.fleet;

import io.lodestone.types.InfoHash;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hashes the catalog holds, as far as this crawler knows (what it published and what it read
 * from the catalog), so a hash another crawler resolved is not fetched again. Bounded: the
 * oldest are forgotten first, and a forgotten one costs at most one duplicate fetch.
 */
final class KnownHashes {
    static final int MAX = 500_000;

    private final Map<InfoHash, Boolean> set;

    KnownHashes(int max) {
        this.set = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InfoHash, Boolean> eldest) {
                return size() > max;
            }
        };
    }

    synchronized void add(InfoHash h) {
        set.put(h, Boolean.TRUE);
    }

    synchronized void remove(InfoHash h) {
        set.remove(h);
    }

    synchronized boolean contains(InfoHash h) {
        return set.containsKey(h);
    }

    synchronized int size() {
        return set.size();
    }
}
