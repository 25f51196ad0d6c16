package io.lodestone.index;

import java.util.Locale;

/** How results are ordered: by relevance (the default), or newest, largest, most seen, most seeded first. */
public enum SearchSort {
    RELEVANCE, DATE, SIZE, SEEN, SEEDERS;

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
        throw new IllegalArgumentException("sort must be relevance, date, size, seen or seeders");
    }
}
