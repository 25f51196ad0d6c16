package io.lodestone.crawler;

import io.lodestone.types.InfoHash;
import java.time.Instant;
import java.util.Objects;

/** One more time an already indexed info-hash was seen; the store bumps its counters. */
public record Sighting(InfoHash infoHash, HarvestSource source, Instant at) {
    public Sighting {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
    }
}
