package io.lodestone.index;

import java.util.Locale;

/**
 * How results are ordered: by relevance (the default), or newest (discovered), largest, most seen,
 * most seeded, or most recently indexed first. Feeds and Torznab without a query use the last: a
 * reader that polls them sees every torrent the index gains, even one discovered long ago.
 */
public enum SearchSort {
    RELEVANCE, DATE, SIZE, SEEN, SEEDERS, INDEXED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label; IllegalArgumentException naming the choices otherwise. */
    public static SearchSort of(String label) {
        for (SearchSort s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("sort must be relevance, date, size, seen, seeders or indexed");
    }
}
