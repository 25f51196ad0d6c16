package io.lodestone.index.classify;

import java.util.Locale;

/** What a torrent holds, as the classifier sees it. */
public enum ContentType {
    MOVIE, TV, MUSIC, AUDIOBOOK, EBOOK, SOFTWARE, GAME, XXX, OTHER;

    /** The lower-case label used in rule files, JSON and the corpus. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label; throws IllegalArgumentException on an unknown one. */
    public static ContentType of(String label) {
        for (ContentType t : values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown content type: " + label);
    }
}
