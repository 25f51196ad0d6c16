package io.lodestone.index.http;

import io.lodestone.index.SearchHit;
import io.lodestone.index.SearchPage;
import io.lodestone.index.SearchQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The search page: the form, and when a query was given its results and paging links. */
final class SearchView {

    private SearchView() {
    }

    /**
     * @param query   the search, or empty for the bare form
     * @param page    its results (null without a query)
     * @param magnets one link per result
     */
    static String render(Optional<SearchQuery> query, SearchPage page, List<String> magnets, Instant now) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<h1 class=\"visually-hidden\">Search</h1>\n");
        form(b, query);
        if (query.isPresent()) {
            SearchFacets.render(b, query.get(), page.typeCounts());
            results(b, query.get(), page, magnets, now);
        } else {
            b.append("<p class=\"hint\">Search the names of the torrents the crawler has resolved.</p>\n");
        }
        String title = query.map(q -> q.text() + " – search").orElse("Search");
        return Html.page(title, "/", b.toString(), null);
    }

    private static void form(StringBuilder b, Optional<SearchQuery> query) {
        String q = query.map(SearchQuery::text).orElse("");
        b.append("<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">\n")
                .append("<div class=\"bar\"><input type=\"search\" name=\"q\" id=\"q\" value=\"").append(Html.esc(q))
                .append("\" placeholder=\"Search torrents\" aria-label=\"Search torrents\" maxlength=\"")
                .append(SearchQuery.MAX_TEXT_LENGTH).append("\" required>")
                .append("<button type=\"submit\">Search</button></div>\n");
        boolean filtered = query.filter(SearchView::hasFilters).isPresent();
        b.append("<details class=\"filters\"").append(filtered ? " open" : "").append("><summary>Filters</summary>\n")
                .append("<div class=\"filter-grid\">\n");
        SearchQuery sq = query.orElse(null);
        number(b, Params.MIN_SIZE, "Min size (bytes)", sq == null || sq.minSize() == 0 ? null : sq.minSize());
        number(b, Params.MAX_SIZE, "Max size (bytes)", sq == null || sq.maxSize() == Long.MAX_VALUE ? null : sq.maxSize());
        number(b, Params.MIN_FILES, "Min files", sq == null || sq.minFiles() == 0 ? null : (long) sq.minFiles());
        number(b, Params.MAX_FILES, "Max files",
                sq == null || sq.maxFiles() == Integer.MAX_VALUE ? null : (long) sq.maxFiles());
        select(b, Params.TYPE, "Type", sq == null || sq.filters().singleType() == null ? "" : sq.filters().singleType().label(),
                java.util.Arrays.stream(io.lodestone.index.classify.ContentType.values())
                        .map(io.lodestone.index.classify.ContentType::label).toList(), "any");
        select(b, Params.SORT, "Sort", sq == null ? "relevance" : sq.sort().label(),
                java.util.Arrays.stream(io.lodestone.index.SearchSort.values())
                        .map(io.lodestone.index.SearchSort::label).toList(), null);
        b.append("</div>\n</details>\n</form>\n");
    }

    private static void number(StringBuilder b, String name, String label, Long value) {
        b.append("<label>").append(label).append(" <input type=\"number\" inputmode=\"numeric\" min=\"0\" name=\"")
                .append(name).append("\" value=\"").append(value == null ? "" : value).append("\"></label>\n");
    }

    /** A choice; {@code none} names an empty first option (no filter), which the page drops. */
    private static void select(StringBuilder b, String name, String label, String current, List<String> options,
                               String none) {
        b.append("<label>").append(label).append(" <select name=\"").append(name).append("\">");
        if (none != null) {
            b.append("<option value=\"\"").append(current.isEmpty() ? " selected" : "").append('>').append(none)
                    .append("</option>");
        }
        for (String o : options) {
            b.append("<option").append(o.equals(current) ? " selected" : "").append('>').append(o).append("</option>");
        }
        b.append("</select></label>\n");
    }

    private static boolean hasFilters(SearchQuery q) {
        return q.minSize() > 0 || q.maxSize() < Long.MAX_VALUE || q.minFiles() > 0 || q.maxFiles() < Integer.MAX_VALUE
                || !q.filters().isEmpty();
    }

    private static void results(StringBuilder b, SearchQuery q, SearchPage page, List<String> magnets, Instant now) {
        List<SearchHit> hits = page.results();
        b.append("<p class=\"summary\" id=\"summary\">");
        if (hits.isEmpty()) {
            b.append(page.total() == 0 ? "No torrents match " : "No more results for ")
                    .append("<q>").append(Html.esc(q.text())).append("</q>.");
        } else {
            b.append(Formats.count(q.offset() + 1L)).append("–").append(Formats.count(q.offset() + (long) hits.size()))
                    .append(" of ").append(Formats.count(page.total())).append(page.total() == 1 ? " torrent" : " torrents")
                    .append(" matching <q>").append(Html.esc(q.text())).append("</q>");
            if (q.filters().singleType() != null) {
                b.append(" of type ").append(q.filters().singleType().label());
            }
        }
        b.append("</p>\n");
        if (!hits.isEmpty()) {
            b.append("<ol class=\"results\" start=\"").append(q.offset() + 1).append("\">\n");
            for (int i = 0; i < hits.size(); i++) {
                hit(b, hits.get(i), magnets.get(i), now);
            }
            b.append("</ol>\n");
        }
        pager(b, q, page);
    }

    private static void hit(StringBuilder b, SearchHit h, String magnet, Instant now) {
        String hex = h.infoHash().hex();
        b.append("<li class=\"result\">")
                .append("<a class=\"name\" href=\"/torrent/").append(hex).append("\">").append(Html.esc(h.name())).append("</a>")
                .append("<div class=\"meta\">")
                .append("<span class=\"size\">").append(Formats.size(h.totalSize())).append("</span>")
                .append("<span class=\"files\">").append(Formats.count(h.fileCount()))
                .append(h.fileCount() == 1 ? " file" : " files").append("</span>")
                .append("<span class=\"age\"><time datetime=\"").append(h.discoveredAt()).append("\">")
                .append(Formats.age(h.discoveredAt(), now)).append("</time></span>")
                .append("<span class=\"type\">").append(h.type().label()).append("</span>")
                .append(attributes(h))
                .append("<a class=\"magnet\" href=\"").append(Html.esc(magnet)).append("\">Magnet</a>")
                .append("</div></li>\n");
    }

    /** Resolution and season/episode, when the name says them. */
    private static String attributes(SearchHit h) {
        var a = h.classification().attributes();
        StringBuilder b = new StringBuilder();
        if (a.resolution() != null) {
            b.append("<span class=\"resolution\">").append(Html.esc(a.resolution())).append("</span>");
        }
        String season = a.seasonLabel();
        String episode = a.episodeLabel();
        if (season != null || episode != null) {
            b.append("<span class=\"episode\">").append(season == null ? "" : "S" + season)
                    .append(episode == null ? "" : (season == null ? "" : " ") + "E" + episode).append("</span>");
        }
        return b.toString();
    }

    private static void pager(StringBuilder b, SearchQuery q, SearchPage page) {
        boolean hasPrev = q.offset() > 0;
        long nextOffset = (long) q.offset() + q.limit();
        boolean hasNext = nextOffset < page.total() && nextOffset <= SearchQuery.MAX_OFFSET;
        if (!hasPrev && !hasNext) {
            return;
        }
        b.append("<nav class=\"pager\" aria-label=\"Pages\">");
        if (hasPrev) {
            b.append("<a rel=\"prev\" href=\"").append(Html.esc(link(q, Math.max(0, q.offset() - q.limit()))))
                    .append("\">← Previous</a>");
        }
        if (hasNext) {
            b.append("<a rel=\"next\" href=\"").append(Html.esc(link(q, (int) nextOffset))).append("\">Next →</a>");
        }
        b.append("</nav>\n");
    }

    /** The same search at another offset; only parameters that differ from the defaults. */
    static String link(SearchQuery q, int offset) {
        StringBuilder u = new StringBuilder("/?q=").append(Html.query(q.text()));
        if (q.limit() != SearchQuery.DEFAULT_LIMIT) {
            u.append("&limit=").append(q.limit());
        }
        if (offset > 0) {
            u.append("&offset=").append(offset);
        }
        if (q.minSize() > 0) {
            u.append("&minSize=").append(q.minSize());
        }
        if (q.maxSize() < Long.MAX_VALUE) {
            u.append("&maxSize=").append(q.maxSize());
        }
        if (q.minFiles() > 0) {
            u.append("&minFiles=").append(q.minFiles());
        }
        if (q.maxFiles() < Integer.MAX_VALUE) {
            u.append("&maxFiles=").append(q.maxFiles());
        }
        SearchFacets.appendFilters(u, q);
        return u.toString();
    }
}
