package io.lodestone.index.content;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the block list.
 *
 * @param id      stable number, for {@code DELETE /api/v1/blocks/{id}}
 * @param kind    what {@code value} is
 * @param value   a lower-case hex info-hash, or a name pattern
 * @param by      who added it (a key name, {@code local}, or {@code cli})
 */
public record BlockRule(long id, Kind kind, String value, Instant createdAt, String by) {

    public enum Kind {
        /** Never fetched, never indexed. */
        HASH,
        /** A torrent whose name matches is not indexed (checked when its metadata arrives). */
        PATTERN,
        /** Deleted by an operator: removed, and like {@link #HASH} kept out until this entry is removed. */
        DELETED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public BlockRule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(by, "by");
    }

    public boolean isHash() {
        return kind != Kind.PATTERN;
    }
}
