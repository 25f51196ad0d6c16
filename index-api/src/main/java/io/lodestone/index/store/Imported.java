package io.lodestone.index.store;

import io.lodestone.index.SwarmCounts;
import java.util.Objects;

/**
 * One torrent of an import: with its info dict ({@code full}) or without ({@code bare}), and the
 * swarm counts it came with.
 */
public record Imported(PreparedTorrent full, BareTorrent bare, SwarmCounts swarm) {
    public Imported {
        Objects.requireNonNull(swarm, "swarm");
        if ((full == null) == (bare == null)) {
            throw new IllegalArgumentException("an imported torrent is either full or bare");
        }
    }

    public byte[] key() {
        return full != null ? full.key() : bare.key();
    }
}
