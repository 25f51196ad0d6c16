package io.lodestone.client.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Downloads started over HTTP.
 *
 * @param directory     each download gets its own folder under it, named by its id
 * @param stateDir      where the download list and each download's metadata are kept for a
 *                      restart; null keeps nothing
 * @param timeout       time each download has to complete
 * @param seedAfter     keep serving completed downloads until cancelled (and after a restart)
 * @param maxRunning    downloads running at once; more are refused (HTTP 429) until one ends
 * @param maxTotalBytes total size of every download kept, 0 for no quota
 * @param minFreeBytes  free space that must remain on the download directory's disk once a new
 *                      download has all its bytes; a torrent that would eat into it is refused
 */
public record DownloadsConfig(Path directory, Path stateDir, Duration timeout, boolean seedAfter, int maxRunning,
                              long maxTotalBytes, long minFreeBytes) {

    public static final int DEFAULT_MAX_RUNNING = 32;
    /** 1 GiB left free: the index, logs and the system need room too. */
    public static final long DEFAULT_MIN_FREE_BYTES = 1L << 30;

    public DownloadsConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxRunning < 1 || maxTotalBytes < 0 || minFreeBytes < 0) {
            throw new IllegalArgumentException("maxRunning >= 1, maxTotalBytes >= 0, minFreeBytes >= 0");
        }
    }

    /** No libtorrent counterpart (active_downloads 3 queues rather than refuses). */
    public static DownloadsConfig defaults(Path directory, Path stateDir) {
        return new DownloadsConfig(directory, stateDir, Duration.ofHours(6), false, DEFAULT_MAX_RUNNING, 0,
                DEFAULT_MIN_FREE_BYTES);
    }

    public DownloadsConfig withTimeout(Duration t, boolean seed) {
        return new DownloadsConfig(directory, stateDir, t, seed, maxRunning, maxTotalBytes, minFreeBytes);
    }

    public DownloadsConfig withQuota(int running, long totalBytes, long freeBytes) {
        return new DownloadsConfig(directory, stateDir, timeout, seedAfter, running, totalBytes, freeBytes);
    }
}
