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

    /**
     * A catalog torrent under every DHT key it has: the key it was published under, and for a
     * hybrid both its v1 and truncated v2 hash, so another crawler that harvested the other key
     * does not fetch the same info dict again.
     */
    void addTorrent(InfoHash key, byte[] infoDict) {
        add(key);
        try {
            io.lodestone.metainfo.Metainfo m = io.lodestone.metainfo.MetainfoParser.parseInfo(infoDict);
            if (m.infoHashV1() != null) {
                add(m.infoHashV1());
            }
            if (m.infoHashV2() != null) {
                add(m.infoHashV2().truncated());
            }
        } catch (io.lodestone.metainfo.MetainfoException | IllegalArgumentException e) {
            // the replicas refuse it with their reason; the key alone is known
        }
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
