package io.lodestone.index;

import io.lodestone.index.classify.ContentType;
import java.util.List;
import java.util.Map;

/**
 * A page of results and how many matched in all.
 *
 * @param typeCounts when asked for: how many matches of the query (type filter aside) each type has
 */
public record SearchPage(long total, List<SearchHit> results, Map<ContentType, Long> typeCounts) {
    public SearchPage {
        results = List.copyOf(results);
        typeCounts = Map.copyOf(typeCounts);
    }

    public SearchPage(long total, List<SearchHit> results) {
        this(total, results, Map.of());
    }
}
