package io.lodestone.index;

import io.lodestone.index.classify.RuleSet;
import io.lodestone.index.search.SearchIndex;
import io.lodestone.index.store.LmdbStore;
import io.lodestone.index.store.StoreChange;
import io.lodestone.time.Clock;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the search index following the store: one thread reads every torrent whose sequence is
 * newer than the index's and (re)indexes it, refreshes searches at most every refresh interval,
 * and commits with the sequence reached. At start it resumes from the last commit; if the index
 * was missing or damaged it starts from 0, so a rebuild is the same loop run from the beginning,
 * in the background while searches see what is done so far.
 */
final class SearchIndexer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);
    /** Longest idle sleep; writes wake the thread sooner. */
    private static final long IDLE_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long ERROR_BACKOFF_MILLIS = 1_000;
    private static final long STOP_TIMEOUT_MILLIS = 60_000;
    /** Free bytes on the index's disk before indexing is tried again after the disk was full. */
    static final long FREE_TO_RESUME = 16L << 20;

    private final RuleSet rules;
    private final LmdbStore store;
    private final Path directory;
    private final IndexConfig config;
    private final Clock clock;
    private final IndexMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private final Thread thread;
    private volatile SearchIndex index;
    private volatile boolean running = true;
    private volatile boolean rebuildRequested;
    /** The disk was full: indexing waits for space; searches go on with what the index has. */
    private volatile boolean diskFull;
    private volatile long indexedSequence;
    private volatile long searchableSequence;
    private volatile long wantedSequence;
    /** Sequences up to this are new to a freshly emptied index: added without looking for an old copy. */
    private long addOnlyUpTo;
    private long committedSequence;
    /** The reclassification under way, or null; indexer thread only. */
    private Reclassification reclassification;
    private boolean woken;
    /** Store keys deleted from the store whose documents go next; taken by the indexer thread only. */
    private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> deletions = new java.util.concurrent.ConcurrentLinkedQueue<>();

    SearchIndexer(LmdbStore store, Path directory, IndexConfig config, Clock clock, IndexMetrics metrics,
                  RuleSet rules) throws IOException {
        this.rules = rules;
        this.store = store;
        this.directory = directory;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        resumeFrom(SearchIndex.open(directory, config.ramBufferMb(), config.verifyOnOpen(), rules));
        thread = Thread.ofPlatform().name("lodestone-indexer").daemon(true).unstarted(this::runGuarded);
        thread.start();
    }

    private void resumeFrom(SearchIndex idx) {
        index = idx;
        long seq = idx.committedSequence();
        indexedSequence = seq;
        committedSequence = seq;
        searchableSequence = seq;
        addOnlyUpTo = idx.startedEmpty() ? store.lastSequence() : -1;
        if (idx.startedEmpty() && store.lastSequence() > 0) {
            metrics.recordRebuild();
            LOG.info("indexing {} store changes into an empty search index", store.lastSequence());
        }
        reclassification = Reclassification.startIfNeeded(idx, store, config.indexBatchSize(), metrics);
    }

    /** One bounded step of a reclassification, if one runs; whether it did anything. */
    private boolean reclassifyStep() throws IOException {
        if (reclassification == null) {
            return false;
        }
        if (!reclassification.step(index, committedSequence)) {
            reclassification = null;
        }
        return true;
    }

    SearchIndex index() {
        return index;
    }

    long indexedSequence() {
        return indexedSequence;
    }

    long searchableSequence() {
        return searchableSequence;
    }

    /** New writes are in the store. */
    void wake() {
        lock.lock();
        try {
            woken = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes a deleted torrent's document. Done on the indexer thread, after any batch that read
     * the torrent before its deletion, so that batch cannot bring it back.
     */
    void delete(byte[] key) {
        deletions.add(key.clone());
        wake();
    }

    private void applyDeletions() throws IOException {
        if (deletions.isEmpty()) {
            return;
        }
        List<byte[]> keys = new java.util.ArrayList<>();
        for (byte[] k; (k = deletions.poll()) != null; ) {
            keys.add(k);
        }
        try {
            index.delete(keys);
            index.refresh();
        } catch (IOException | RuntimeException e) {
            deletions.addAll(keys); // tried again with the next round
            throw e;
        }
    }

    /** Asks for a wipe and rebuild (the index was found damaged while in use). */
    void requestRebuild() {
        rebuildRequested = true;
        wake();
    }

    /** Waits until searches see every change up to {@code sequence}; false on timeout. */
    boolean awaitSearchable(long sequence, Duration timeout) throws InterruptedException {
        long deadline = clock.nanos() + timeout.toNanos();
        lock.lock();
        try {
            if (wantedSequence < sequence) {
                wantedSequence = sequence;
            }
            woken = true;
            signal.signalAll();
            while (searchableSequence < sequence) {
                long left = deadline - clock.nanos();
                if (left <= 0 || !running) {
                    return false;
                }
                signal.awaitNanos(Math.min(left, IDLE_POLL_NANOS));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private volatile String died;

    /** Why the indexer thread ended while not closed, or null while it runs. */
    String deathReason() {
        String d = died;
        if (d == null && running && !thread.isAlive()) {
            return "the search indexer thread ended";
        }
        return d;
    }

    private void runGuarded() {
        try {
            run();
        } catch (Error e) {
            died = "the search indexer thread died: " + e;
            LOG.error("the search indexer thread died; searches no longer follow the store", e);
            throw e;
        }
    }

    private void run() {
        long lastRefresh = clock.nanos();
        long lastCommit = lastRefresh;
        while (running) {
            try {
                if (rebuildRequested) {
                    rebuildNow();
                    continue;
                }
                if (diskFull && !recoverFromDiskFull()) {
                    pause();
                    continue;
                }
                applyDeletions();
                List<StoreChange> changes = store.changesAfter(indexedSequence, config.indexBatchSize());
                if (!changes.isEmpty()) {
                    long last = changes.getLast().sequence();
                    index.index(changes, last <= addOnlyUpTo);
                    metrics.recordIndexed(changes.size());
                    indexedSequence = last;
                }
                boolean reclassified = changes.size() < config.indexBatchSize() && reclassifyStep();
                boolean caughtUp = changes.size() < config.indexBatchSize() && !reclassified;
                long now = clock.nanos();
                long seq = indexedSequence;
                boolean someoneWaits = wantedSequence > searchableSequence && (caughtUp || seq >= wantedSequence);
                if (reclassified && now - lastRefresh >= config.refreshInterval().toNanos()) {
                    index.refresh(); // searches see the new classes as they come
                    lastRefresh = now;
                }
                if (reclassified && now - lastCommit >= config.commitInterval().toNanos()) {
                    index.commit(Math.max(committedSequence, seq));
                    committedSequence = Math.max(committedSequence, seq);
                    lastCommit = now;
                }
                if (seq > searchableSequence
                        && (someoneWaits || now - lastRefresh >= config.refreshInterval().toNanos())) {
                    index.refresh();
                    lastRefresh = now;
                    publishSearchable(seq);
                }
                if (seq > committedSequence && now - lastCommit >= config.commitInterval().toNanos()) {
                    index.commit(seq);
                    committedSequence = seq;
                    lastCommit = now;
                }
                if (caughtUp) {
                    long wait = IDLE_POLL_NANOS;
                    if (seq > searchableSequence) {
                        wait = Math.min(wait, config.refreshInterval().toNanos() - (now - lastRefresh));
                    }
                    if (seq > committedSequence) {
                        wait = Math.min(wait, config.commitInterval().toNanos() - (now - lastCommit));
                    }
                    sleep(Math.max(0, wait));
                }
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                // part of the failed batch may be in the index: from now on replace, never just add
                addOnlyUpTo = -1;
                if (isDiskFull(e)) {
                    if (!diskFull) {
                        LOG.warn("the disk is full: indexing waits for space, searches go on: {}", e.toString());
                    }
                    diskFull = true; // never a rebuild: the index is fine, the disk is not
                    pause();
                } else if (isDamage(e)) {
                    LOG.error("search index damaged, rebuilding it from the store: {}", e.toString());
                    rebuildRequested = true;
                } else {
                    LOG.error("indexing failed, retrying: {}", e.toString());
                    pause();
                }
            }
        }
    }

    /**
     * Whether indexing may go on after a full disk: once there is room again. A writer that closed
     * itself on the failure is replaced by one opened on the last commit (never a wipe); the old
     * searcher served searches until then.
     */
    private boolean recoverFromDiskFull() throws IOException {
        if (java.nio.file.Files.getFileStore(directory).getUsableSpace() < FREE_TO_RESUME) {
            return false;
        }
        if (!index.writable()) {
            SearchIndex old = index;
            try {
                old.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing the index whose writer failed: {}", e.toString());
            }
            resumeFrom(SearchIndex.open(directory, config.ramBufferMb(), false, rules));
            publishSearchable(committedSequence);
        }
        diskFull = false;
        LOG.info("disk space is back: indexing resumes");
        return true;
    }

    /** Whether indexing waits for disk space. */
    boolean diskFull() {
        return diskFull;
    }

    /** A write that failed for want of space (ENOSPC, EDQUOT), seen through Lucene's wrappers. */
    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof IOException && m != null
                    && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    private void publishSearchable(long seq) {
        lock.lock();
        try {
            searchableSequence = seq;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void sleep(long nanos) {
        lock.lock();
        try {
            if (!woken && running && nanos > 0) {
                signal.awaitNanos(nanos);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void pause() {
        try {
            Thread.sleep(ERROR_BACKOFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void rebuildNow() throws IOException {
        rebuildRequested = false;
        try {
            index.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the damaged index: {}", e.toString());
        }
        // reopened with its checksums checked: wiped only when the files prove damaged, not on a
        // passing I/O error or a lock (the store would otherwise be re-indexed for nothing)
        SearchIndex reopened = SearchIndex.open(directory, config.ramBufferMb(), true, rules);
        resumeFrom(reopened);
        publishSearchable(reopened.committedSequence());
    }

    boolean stillRunning() {
        return thread.isAlive();
    }

    static boolean isDamage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CorruptIndexException || t instanceof IndexFormatTooOldException
                    || t instanceof IndexFormatTooNewException || t instanceof NoSuchFileException
                    || t instanceof FileNotFoundException || t instanceof AlreadyClosedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops the thread, commits what was indexed, and closes the index cleanly. If the thread does
     * not stop in time the index is closed uncommitted (checked at the next open) and
     * {@link #stillRunning()} says the store must stay open under it.
     */
    @Override
    public void close() throws IOException {
        running = false;
        wake();
        try {
            thread.join(STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("indexer did not stop in time; the search index is left uncommitted");
            index.close();
            return;
        }
        index.close(indexedSequence);
    }
}
