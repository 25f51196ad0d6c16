package io.lodestone.index.classify;

import java.util.Objects;

/** The classifier's verdict on one torrent. */
public record Classification(ContentType type, MediaAttributes attributes) {
    public Classification {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(attributes, "attributes");
    }
}
