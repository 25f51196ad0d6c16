package io.lodestone.types;

import java.util.List;

/**
 * Entries decoded from a compact string, and how many entries with port 0 were dropped. Those are
 * counted rather than fatal: a node relays peers and nodes that third parties gave it, so one
 * unusable entry says little about the rest, while the count lets the caller score the source.
 */
public record CompactDecoded<T>(List<T> entries, int portZeroDropped) {
    public CompactDecoded {
        entries = List.copyOf(entries);
        if (portZeroDropped < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }
}
