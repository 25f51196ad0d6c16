package io.lodestone.index.search;

import java.util.List;

/** One page of matches as the search index knows them: store keys and scores, plus the total. */
public record KeyHits(long total, List<KeyHit> hits) {
    public KeyHits {
        hits = List.copyOf(hits);
    }

    /** A matching torrent's store key, its score (NaN when sorted by a field), and its classification. */
    public record KeyHit(byte[] key, float score, io.lodestone.index.classify.Classification classification) {
    }
}
