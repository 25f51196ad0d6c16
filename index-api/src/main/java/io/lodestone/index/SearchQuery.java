package io.lodestone.index;

import java.util.Objects;

/**
 * A full-text search with filters, an order and paging. Bounds are inclusive; use 0 and
 * Long.MAX_VALUE (or Integer.MAX_VALUE) for "no bound".
 *
 * @param filters  on the classifier's type and attributes
 * @param sort     the order of results
 * @param browse   the text may be empty, and then every torrent matches (feeds and Torznab list the
 *                 newest this way); off for the API's search and bulk deletes, where an empty text
 *                 is a mistake
 */
public record SearchQuery(String text, long minSize, long maxSize, int minFiles, int maxFiles, int limit,
                          int offset, SearchFilters filters, SearchSort sort, boolean browse) {
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 20;
    /** Deep paging costs memory in the ranker; beyond this, narrow the query. */
    public static final int MAX_OFFSET = 10_000;
    public static final int MAX_TEXT_LENGTH = 256;

    public SearchQuery {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(filters, "filters");
        Objects.requireNonNull(sort, "sort");
        if ((text.isBlank() && !browse) || text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("q must be 1 to " + MAX_TEXT_LENGTH + " characters");
        }
        if (minSize < 0 || maxSize < minSize) {
            throw new IllegalArgumentException("size bounds must satisfy 0 <= min <= max");
        }
        if (minFiles < 0 || maxFiles < minFiles) {
            throw new IllegalArgumentException("file-count bounds must satisfy 0 <= min <= max");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be 0 to " + MAX_OFFSET);
        }
    }

    /** A text search without type filters, by relevance. */
    public SearchQuery(String text, long minSize, long maxSize, int minFiles, int maxFiles, int limit, int offset) {
        this(text, minSize, maxSize, minFiles, maxFiles, limit, offset, SearchFilters.NONE, SearchSort.RELEVANCE, false);
    }

    public static SearchQuery of(String text) {
        return new SearchQuery(text, 0, Long.MAX_VALUE, 0, Integer.MAX_VALUE, DEFAULT_LIMIT, 0);
    }

    /** Every torrent that passes the filters, with an optional text, the most recently indexed first (a feed). */
    public static SearchQuery newest(String text, SearchFilters filters, int limit, int offset) {
        return new SearchQuery(text == null ? "" : text.strip(), 0, Long.MAX_VALUE, 0, Integer.MAX_VALUE, limit,
                offset, filters, SearchSort.INDEXED, true);
    }

    /** True when the text holds nothing to match: every torrent passing the filters matches. */
    public boolean matchesAll() {
        return text.isBlank();
    }

    public SearchQuery withFilters(SearchFilters f) {
        return new SearchQuery(text, minSize, maxSize, minFiles, maxFiles, limit, offset, f, sort, browse);
    }

    public SearchQuery withSort(SearchSort s) {
        return new SearchQuery(text, minSize, maxSize, minFiles, maxFiles, limit, offset, filters, s, browse);
    }

    public SearchQuery withPage(int newLimit, int newOffset) {
        return new SearchQuery(text, minSize, maxSize, minFiles, maxFiles, newLimit, newOffset, filters, sort, browse);
    }
}
