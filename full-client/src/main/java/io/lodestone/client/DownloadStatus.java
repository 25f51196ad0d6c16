package io.lodestone.client;

import java.util.Objects;

/**
 * A download as the HTTP API shows it.
 *
 * @param progress       verified bytes over total bytes, 0 to 1
 * @param downloadRate   bytes per second received lately
 * @param error          why it failed, or null
 */
public record DownloadStatus(String id, DownloadState state, double progress, long downloadedBytes, long totalBytes,
                             long downloadRate, int peers, String name, String error) {
    public DownloadStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
    }
}
