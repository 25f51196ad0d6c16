package io.lodestone.index.search;

import java.util.List;

/** One page of matches as the search index knows them: store keys and scores, plus the total. */
public record KeyHits(long total, List<KeyHit> hits) {
    public KeyHits {
        hits = List.copyOf(hits);
    }

    /** A matching torrent's store key and its score. */
    public record KeyHit(byte[] key, float score) {
    }
}
