package io.lodestone.client;

/** Where a download is in its life. */
public enum DownloadState {
    /** Fetching metadata for a magnet. */
    RESOLVING,
    /** Checking what is already on disk (resume). */
    CHECKING,
    DOWNLOADING,
    /** Every piece verified; still serving other peers. */
    SEEDING,
    /** Every piece verified and stopped. */
    COMPLETE,
    FAILED,
    CANCELLED
}
