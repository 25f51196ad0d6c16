package io.lodestone.index.store;

/**
 * What one batch did, for the ingest counters.
 *
 * @param metadataGained torrents known without their info dict (imported) that got it in this batch
 */
public record WriteOutcome(int torrentsAdded, int torrentsMerged, int sightingsApplied, int sightingsUnknown,
                           int pendingWritten, int pendingRemoved, long infoBytesAdded, long lastSequence,
                           int metadataGained) {
    public WriteOutcome(int torrentsAdded, int torrentsMerged, int sightingsApplied, int sightingsUnknown,
                        int pendingWritten, int pendingRemoved, long infoBytesAdded, long lastSequence) {
        this(torrentsAdded, torrentsMerged, sightingsApplied, sightingsUnknown, pendingWritten, pendingRemoved,
                infoBytesAdded, lastSequence, 0);
    }
}
