package io.lodestone.index.store;

/** What one batch did, for the ingest counters. */
public record WriteOutcome(int torrentsAdded, int torrentsMerged, int sightingsApplied, int sightingsUnknown,
                           int pendingWritten, int pendingRemoved, long infoBytesAdded, long lastSequence) {
}
