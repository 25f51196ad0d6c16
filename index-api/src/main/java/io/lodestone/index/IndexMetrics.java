package io.lodestone.index;

import io.lodestone.index.store.WriteOutcome;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Counters and latency histograms of the index, read by /metrics and the health page. */
public final class IndexMetrics {
    /** Latencies are recorded in microseconds up to this; longer ones are clamped. */
    static final long MAX_TRACKED_MICROS = 60_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final LongAdder batches = new LongAdder();
    private final LongAdder torrentsAdded = new LongAdder();
    private final LongAdder torrentsMerged = new LongAdder();
    private final LongAdder torrentsRejected = new LongAdder();
    private final LongAdder sightings = new LongAdder();
    private final LongAdder sightingsUnknown = new LongAdder();
    private final LongAdder pendingWritten = new LongAdder();
    private final LongAdder infoBytes = new LongAdder();
    private final LongAdder documentsIndexed = new LongAdder();
    private final LongAdder searchIndexRebuilds = new LongAdder();
    private final LongAdder searches = new LongAdder();
    private final LongAdder reclassified = new LongAdder();
    private final LongAdder searchErrors = new LongAdder();
    private final ConcurrentHistogram searchMicros = new ConcurrentHistogram(MAX_TRACKED_MICROS, SIGNIFICANT_DIGITS);
    private final ConcurrentHistogram batchWriteMicros = new ConcurrentHistogram(MAX_TRACKED_MICROS, SIGNIFICANT_DIGITS);

    void recordBatch(WriteOutcome o, int rejected, long micros) {
        batches.increment();
        torrentsAdded.add(o.torrentsAdded());
        torrentsMerged.add(o.torrentsMerged());
        torrentsRejected.add(rejected);
        sightings.add(o.sightingsApplied());
        sightingsUnknown.add(o.sightingsUnknown());
        pendingWritten.add(o.pendingWritten());
        infoBytes.add(o.infoBytesAdded());
        batchWriteMicros.recordValue(Math.min(MAX_TRACKED_MICROS, Math.max(0, micros)));
    }

    void recordSearch(long micros) {
        searches.increment();
        searchMicros.recordValue(Math.min(MAX_TRACKED_MICROS, Math.max(0, micros)));
    }

    void recordSearchError() {
        searchErrors.increment();
    }

    void recordIndexed(int docs) {
        documentsIndexed.add(docs);
    }

    void recordRebuild() {
        searchIndexRebuilds.increment();
    }

    void recordReclassified(long torrents) {
        reclassified.add(torrents);
    }

    /** Torrents classified again after the classifier rules changed. */
    public long reclassified() {
        return reclassified.sum();
    }

    public long batches() {
        return batches.sum();
    }

    public long torrentsAdded() {
        return torrentsAdded.sum();
    }

    public long torrentsMerged() {
        return torrentsMerged.sum();
    }

    /** Resolved torrents refused: info dict unparsable or not hashing to its hash. */
    public long torrentsRejected() {
        return torrentsRejected.sum();
    }

    public long sightings() {
        return sightings.sum();
    }

    /** Sightings of hashes not in the store, dropped. */
    public long sightingsUnknown() {
        return sightingsUnknown.sum();
    }

    public long pendingWritten() {
        return pendingWritten.sum();
    }

    /** Bytes of info dicts stored. */
    public long infoBytes() {
        return infoBytes.sum();
    }

    public long documentsIndexed() {
        return documentsIndexed.sum();
    }

    public long searchIndexRebuilds() {
        return searchIndexRebuilds.sum();
    }

    public long searches() {
        return searches.sum();
    }

    public long searchErrors() {
        return searchErrors.sum();
    }

    /** A copy of the search latency histogram, in microseconds, since start. */
    public Histogram searchLatencyMicros() {
        return searchMicros.copy();
    }

    /** A copy of the batch write latency histogram (one store transaction), in microseconds. */
    public Histogram batchWriteLatencyMicros() {
        return batchWriteMicros.copy();
    }
}
