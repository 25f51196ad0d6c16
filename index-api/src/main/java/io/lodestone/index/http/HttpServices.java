package io.lodestone.index.http;

import io.lodestone.client.DownloadManager;
import io.lodestone.index.TorrentIndex;
import io.lodestone.index.access.ApiKeyStore;
import io.lodestone.index.content.ContentControl;
import io.lodestone.time.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the HTTP server serves from. Everything but the download manager is required; without one
 * the download routes answer 503.
 *
 * @param health    the farm's figures now, never null ({@link DhtHealth#empty()} before the farm
 *                  starts); called once per health request
 * @param registry  exported at {@code /metrics}; the server registers its own request counter in it
 * @param downloads null when this process does not download
 * @param clock     monotonic time, for rates
 * @param wallClock the date, for ages shown on pages
 * @param keys      the API keys; null means none exist (and none can be made through this server)
 * @param content   deleting and blocking; null answers those routes with 503
 */
public record HttpServices(TorrentIndex index, MagnetResolver resolver, Supplier<DhtHealth> health,
                           PrometheusRegistry registry, DownloadManager downloads, Clock clock,
                           InstantSource wallClock, ApiKeyStore keys, ContentControl content) {

    public HttpServices {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(wallClock, "wallClock");
    }

    /** System clocks and no downloads. */
    public static HttpServices of(TorrentIndex index, MagnetResolver resolver, Supplier<DhtHealth> health,
                                  PrometheusRegistry registry) {
        return new HttpServices(index, resolver, health, registry, null, Clock.system(), InstantSource.system(),
                null, null);
    }

    public HttpServices withDownloads(DownloadManager d) {
        return new HttpServices(index, resolver, health, registry, d, clock, wallClock, keys, content);
    }

    public HttpServices withClocks(Clock c, InstantSource wall) {
        return new HttpServices(index, resolver, health, registry, downloads, c, wall, keys, content);
    }

    public HttpServices withAccess(ApiKeyStore k, ContentControl c) {
        return new HttpServices(index, resolver, health, registry, downloads, clock, wallClock, k, c);
    }

    public Optional<ContentControl> contentControl() {
        return Optional.ofNullable(content);
    }

    public Optional<DownloadManager> downloadManager() {
        return Optional.ofNullable(downloads);
    }
}
