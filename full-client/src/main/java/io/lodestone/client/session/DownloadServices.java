package io.lodestone.client.session;

import io.lodestone.client.engine.PeerNetwork;
import io.lodestone.client.storage.PieceMemory;
import io.lodestone.client.storage.StorageConfig;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.resolve.ResolveService;
import io.lodestone.time.Clock;
import io.lodestone.tracker.TrackerClient;
import java.util.Objects;

/**
 * What downloads share: the peer network (sockets, peer id, disk pool, rate limits), the memory
 * for whole pieces before their direct write, the resolve service for magnets, a DHT node for
 * lookups and announces (null: no DHT), the tracker client. The owner closes them; a download only
 * uses them.
 */
public record DownloadServices(PeerNetwork network, StorageConfig storage, PieceMemory pieceMemory,
                               ResolveService resolver, FarmNode dht, TrackerClient trackers, Clock clock) {
    public DownloadServices {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(pieceMemory, "pieceMemory");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(trackers, "trackers");
        Objects.requireNonNull(clock, "clock");
    }

    /** Services whose downloads share the piece memory {@code storage} names for the whole process. */
    public DownloadServices(PeerNetwork network, StorageConfig storage, ResolveService resolver, FarmNode dht,
                            TrackerClient trackers, Clock clock) {
        this(network, storage, PieceMemory.of(storage), resolver, dht, trackers, clock);
    }
}
