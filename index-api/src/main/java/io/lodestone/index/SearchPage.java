package io.lodestone.index;

import java.util.List;

/** A page of results and how many matched in all. */
public record SearchPage(long total, List<SearchHit> results) {
    public SearchPage {
        results = List.copyOf(results);
    }
}
