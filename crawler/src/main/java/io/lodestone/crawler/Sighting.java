package io.lodestone.crawler;

import io.lodestone.types.InfoHash;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One more time an already indexed info-hash was seen; the store bumps its counters.
 *
 * @param announcer the address that announced it (an announce_peer seen), else null: the store
 *                  counts distinct announcers
 */
public record Sighting(InfoHash infoHash, HarvestSource source, Instant at, InetAddress announcer) {
    public Sighting {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
    }

    public Sighting(InfoHash infoHash, HarvestSource source, Instant at) {
        this(infoHash, source, at, null);
    }
}
