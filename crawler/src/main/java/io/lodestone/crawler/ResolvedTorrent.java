package io.lodestone.crawler;

import io.lodestone.types.InfoHash;
import java.time.Instant;
import java.util.Objects;

/**
 * A verified torrent ready to be stored.
 *
 * @param infoHash the hash it was harvested under (v1, or truncated v2)
 * @param infoDict the info dictionary exactly as received and verified
 */
public record ResolvedTorrent(InfoHash infoHash, byte[] infoDict, Instant firstSeen, Instant resolvedAt,
                              long seenCount, int sources) {
    public ResolvedTorrent {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(infoDict, "infoDict");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        infoDict = infoDict.clone();
    }

    @Override
    public byte[] infoDict() {
        return infoDict.clone();
    }
}
