package io.lodestone.index;

import io.lodestone.index.classify.RuleSet;
import io.lodestone.index.search.SearchIndex;
import io.lodestone.index.store.LmdbStore;
import io.lodestone.index.store.StoreChange;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifying every indexed torrent again after the rules changed, in bounded steps the indexer
 * thread takes between its own work, so searches go on (with the old classes until each batch
 * is refreshed in). It covers the store up to where the index was at start; later changes are
 * indexed with the new rules anyway. Progress is committed with the index, so a restart resumes.
 */
final class Reclassification {
    private static final Logger LOG = LoggerFactory.getLogger(Reclassification.class);
    /** Progress is logged every this many torrents. */
    static final long LOG_EVERY = 10_000;

    private final LmdbStore store;
    private final int batchSize;
    private final IndexMetrics metrics;
    private final long upTo;
    private long from;
    private long done;

    private Reclassification(LmdbStore store, int batchSize, IndexMetrics metrics, long from, long upTo) {
        this.store = store;
        this.batchSize = batchSize;
        this.metrics = metrics;
        this.from = from;
        this.upTo = upTo;
    }

    /**
     * The reclassification a freshly opened index needs, or null: none when it started empty (all
     * it gets is classified with the current rules) or was classified with these rules already.
     */
    static Reclassification startIfNeeded(SearchIndex idx, LmdbStore store, int batchSize, IndexMetrics metrics) {
        if (idx.startedEmpty()) {
            idx.classes().markClassified();
            return null;
        }
        if (!idx.classes().needsReclassification()) {
            return null;
        }
        long from = Math.max(0, idx.classes().reclassifiedUpTo());
        long upTo = idx.committedSequence();
        RuleSet rules = idx.classes().rules();
        LOG.info("classifier rules changed ({}): classifying the indexed torrents again in the background,"
                + " store sequences {} to {}", rules.userFile() == null ? "built-in rules" : "with " + rules.userFile(),
                from, upTo);
        return new Reclassification(store, batchSize, metrics, from, upTo);
    }

    /**
     * Classifies the next batch again; false once done, when the new rules are recorded and
     * committed (with {@code durableSequence}, the store sequence the index holds for sure).
     */
    boolean step(SearchIndex index, long durableSequence) throws IOException {
        List<StoreChange> batch = store.changesAfter(from, batchSize);
        List<StoreChange> mine = batch.stream().filter(c -> c.sequence() <= upTo).toList();
        if (!mine.isEmpty()) {
            index.index(mine, false);
            from = mine.getLast().sequence();
            done += mine.size();
            index.classes().reclassifiedUpTo(from);
            if (done / LOG_EVERY != (done - mine.size()) / LOG_EVERY) {
                LOG.info("reclassified {} torrents (store sequence {} of {})", done, from, upTo);
            }
        }
        if (mine.size() == batch.size() && batch.size() == batchSize) {
            return true;
        }
        index.classes().markClassified();
        index.refresh();
        index.commit(durableSequence); // the new fingerprint is durable at once
        metrics.recordReclassified(done);
        LOG.info("reclassification done: {} torrents classified with the current rules", done);
        return false;
    }
}
