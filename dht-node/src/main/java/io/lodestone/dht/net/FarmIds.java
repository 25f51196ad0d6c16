package io.lodestone.dht.net;

import io.lodestone.types.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Node ids for a farm, spread evenly over the key space: node i's id starts in the i-th of n equal
 * slices, at a random place inside it, so together the nodes see every region of the DHT.
 */
public final class FarmIds {
    private FarmIds() {
    }

    public static List<NodeId> spread(int n, RandomGenerator rnd) {
        List<NodeId> ids = new ArrayList<>(n);
        long slice = (1L << 32) / n;
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[NodeId.LENGTH];
            rnd.nextBytes(id);
            long top = i * slice + (slice > 1 ? rnd.nextLong(slice) : 0);
            id[0] = (byte) (top >>> 24);
            id[1] = (byte) (top >>> 16);
            id[2] = (byte) (top >>> 8);
            id[3] = (byte) top;
            ids.add(NodeId.of(id));
        }
        return ids;
    }
}
