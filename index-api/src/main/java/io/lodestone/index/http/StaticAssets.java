package io.lodestone.index.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The pages' stylesheet and script, read from the classpath once at start. A fixed list, looked
 * up by exact name, so no request path can reach any other resource.
 */
final class StaticAssets {

    static final String RESOURCE_DIR = "/io/lodestone/index/web/";
    /** Browsers may keep them an hour: they change only with the jar. */
    static final int MAX_AGE_SECONDS = 3600;

    record Asset(byte[] bytes, String contentType) {
    }

    private final Map<String, Asset> assets;

    private StaticAssets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    static StaticAssets load() {
        return new StaticAssets(Map.of(
                "style.css", new Asset(read("style.css"), "text/css; charset=utf-8"),
                "health.js", new Asset(read("health.js"), "text/javascript; charset=utf-8"),
                "actions.js", new Asset(read("actions.js"), "text/javascript; charset=utf-8")));
    }

    Optional<Asset> get(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE_DIR + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
