package io.lodestone.index.access;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored API key: its name, scope and the SHA-256 of the secret (the secret itself is shown
 * once, at creation, and never stored).
 */
public record ApiKey(String name, Scope scope, String sha256Hex, Instant createdAt) {
    public ApiKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
