package io.lodestone.client;

import java.util.Objects;

/**
 * A download as the HTTP API shows it.
 *
 * @param progress       verified bytes over total bytes, 0 to 1
 * @param downloadRate   bytes per second received lately
 * @param error          why it failed, or null
 * @param resumedBytes   bytes found verified on disk when this run started (a resume), 0 before the check
 * @param fetchedBytes   payload bytes received from peers in this run, wasted ones included
 * @param wastedBytes    of those, bytes thrown away (failed hashes, duplicates)
 */
public record DownloadStatus(String id, DownloadState state, double progress, long downloadedBytes, long totalBytes,
                             long downloadRate, int peers, String name, String error, long resumedBytes,
                             long fetchedBytes, long wastedBytes) {
    public DownloadStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
    }

    public DownloadStatus(String id, DownloadState state, double progress, long downloadedBytes, long totalBytes,
                          long downloadRate, int peers, String name, String error) {
        this(id, state, progress, downloadedBytes, totalBytes, downloadRate, peers, name, error, 0, 0, 0);
    }
}
