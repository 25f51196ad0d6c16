package io.lodestone.crawler.harvest;

import io.lodestone.crawler.HarvestSource;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One info-hash seen by the farm.
 *
 * @param peer   the peer an announce carried (a live peer to resolve from), else null
 * @param nanos  when it was seen, on the crawler's monotonic clock
 * @param holder the DHT node a BEP 51 sample came from, which stores the hash's peers, else null
 */
public record Harvest(InfoHash infoHash, HarvestSource source, InetSocketAddress peer, long nanos,
                      InetSocketAddress holder) {
    public Harvest {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(source, "source");
        if (peer != null && source != HarvestSource.ANNOUNCE) {
            throw new IllegalArgumentException("only an announce carries a peer");
        }
        if (holder != null && source != HarvestSource.SAMPLE) {
            throw new IllegalArgumentException("only a sample names the node holding it");
        }
    }

    public Harvest(InfoHash infoHash, HarvestSource source, InetSocketAddress peer, long nanos) {
        this(infoHash, source, peer, nanos, null);
    }
}
