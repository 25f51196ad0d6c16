package io.lodestone.index;

import java.util.Objects;

/**
 * A full-text search with filters and paging. Bounds are inclusive; use 0 and Long.MAX_VALUE
 * (or Integer.MAX_VALUE) for "no bound".
 */
public record SearchQuery(String text, long minSize, long maxSize, int minFiles, int maxFiles, int limit,
                          int offset) {
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 20;
    /** Deep paging costs memory in the ranker; beyond this, narrow the query. */
    public static final int MAX_OFFSET = 10_000;
    public static final int MAX_TEXT_LENGTH = 256;

    public SearchQuery {
        Objects.requireNonNull(text, "text");
        if (text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
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

    public static SearchQuery of(String text) {
        return new SearchQuery(text, 0, Long.MAX_VALUE, 0, Integer.MAX_VALUE, DEFAULT_LIMIT, 0);
    }
}
