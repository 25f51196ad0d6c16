package io.lodestone.index.http;

import io.lodestone.index.SearchFilters;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.SearchSort;
import io.lodestone.index.classify.ContentType;
import java.util.Map;

/**
 * The search page's facets and sort options: a link per content type with its count for the
 * current query (the type filter aside), and a link per order. Plain links, so they work without
 * a script and can be bookmarked.
 */
final class SearchFacets {

    private SearchFacets() {
    }

    static void render(StringBuilder b, SearchQuery q, Map<ContentType, Long> counts) {
        ContentType current = q.filters().singleType();
        b.append("<nav class=\"facets\" aria-label=\"Types\"><span class=\"label\">Type:</span> ");
        link(b, "facet", "any", current == null, SearchView.link(q.withFilters(q.filters().withAnyOf(java.util.List.of()))
                .withPage(q.limit(), 0), 0), null);
        for (ContentType t : ContentType.values()) {
            Long n = counts.get(t);
            if (n == null && t != current) {
                continue;
            }
            SearchQuery typed = q.withFilters(SearchFilters.ofType(t).withResolution(q.filters().resolution())
                    .withSeason(q.filters().season()).withEpisode(q.filters().episode()).withYear(q.filters().year()));
            link(b, "facet", t.label(), t == current, SearchView.link(typed, 0), n == null ? 0 : n);
        }
        b.append("</nav>\n<nav class=\"sorts\" aria-label=\"Sort\"><span class=\"label\">Sort:</span> ");
        for (SearchSort s : SearchSort.values()) {
            link(b, "sort", s.label(), s == q.sort(), SearchView.link(q.withSort(s), 0), null);
        }
        b.append("</nav>\n");
    }

    private static void link(StringBuilder b, String kind, String label, boolean current, String href, Long count) {
        b.append("<a class=\"").append(kind).append(current ? " current" : "").append("\" data-").append(kind)
                .append("=\"").append(label).append("\" href=\"").append(Html.esc(href)).append('"')
                .append(current ? " aria-current=\"true\"" : "").append('>').append(label);
        if (count != null) {
            b.append(" <span class=\"count\">").append(Formats.count(count)).append("</span>");
        }
        b.append("</a> ");
    }

    /** The type and attribute filters and the order, as query parameters, when not the defaults. */
    static void appendFilters(StringBuilder u, SearchQuery q) {
        SearchFilters f = q.filters();
        if (f.singleType() != null) {
            u.append("&type=").append(f.singleType().label());
        }
        if (f.resolution() != null) {
            u.append("&resolution=").append(Html.query(f.resolution()));
        }
        if (f.season() != null) {
            u.append("&season=").append(f.season());
        }
        if (f.episode() != null) {
            u.append("&episode=").append(f.episode());
        }
        if (f.year() != null) {
            u.append("&year=").append(f.year());
        }
        if (q.sort() != SearchSort.RELEVANCE) {
            u.append("&sort=").append(q.sort().label());
        }
    }
}
