package io.lodestone.index.access;

import java.util.Locale;

/** What an API key may do; each scope includes the ones before it. */
public enum Scope {
    /** Searches, torrents, health. */
    READ,
    /** Also resolves, downloads, deletes and blocks. */
    WRITE,
    /** Also reads the audit log. */
    ADMIN;

    public boolean includes(Scope needed) {
        return compareTo(needed) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code read}, {@code write} or {@code admin}, any case. */
    public static Scope parse(String s) {
        for (Scope v : values()) {
            if (v.label().equalsIgnoreCase(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("scope must be read, write or admin, not '" + s + "'");
    }
}
