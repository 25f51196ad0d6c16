package io.lodestone.index;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.CrawlSink;
import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.classify.ContentType;
import io.lodestone.index.classify.RuleSet;
import io.lodestone.index.search.KeyHits;
import io.lodestone.index.search.SearchIndex;
import io.lodestone.index.store.Imported;
import io.lodestone.index.store.LmdbStore;
import io.lodestone.index.store.PreparedTorrent;
import io.lodestone.index.store.StoreChange;
import io.lodestone.index.store.StoredTorrent;
import io.lodestone.index.store.WriteOutcome;
import io.lodestone.metainfo.MetainfoException;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.time.Clock;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The torrent index: LMDB as the system of record, a Lucene index that follows it for search.
 * The crawler writes through {@link CrawlSink}; the HTTP layer reads through {@link TorrentIndex}.
 *
 * <p>Layout under the data directory: {@code lmdb/} (the store) and {@code search/} (the search
 * index, derived and rebuilt from the store whenever it is missing or damaged). One writer at a
 * time, any number of readers. Closing waits for calls in flight, then commits and closes both.
 */
public final class IndexService implements TorrentIndex, CrawlSink, AutoCloseable {
    public static final String STORE_DIR = "lmdb";
    public static final String SEARCH_DIR = "search";
    /** Most pending hashes handed out in one {@link #loadPending} call. */
    public static final int MAX_PENDING_LOAD = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(IndexService.class);

    private final LmdbStore store;
    private final SearchIndexer indexer;
    private final Clock clock;
    private final IndexMetrics metrics = new IndexMetrics();
    /** Calls hold it shared; close takes it exclusively, so nothing touches a closed environment. */
    private final ReentrantReadWriteLock open = new ReentrantReadWriteLock();
    private boolean closed;
    private DataDirLock dirLock;

    private IndexService(LmdbStore store, Path dataDir, IndexConfig config, Clock clock) throws IOException {
        this.store = store;
        this.clock = clock;
        // the user's rules are checked before anything else starts: a bad line stops the start with its reason
        this.indexer = new SearchIndexer(store, dataDir.resolve(SEARCH_DIR), config, clock, metrics,
                RuleSet.load(dataDir));
    }

    /** Opens (or creates) the index in {@code dataDir}; catching up the search index starts in the background. */
    public static IndexService open(Path dataDir, IndexConfig config) throws IOException {
        return open(dataDir, config, Clock.system());
    }

    /** Fails with {@link DataDirLock.InUseException}, touching nothing, when another process has {@code dataDir}. */
    public static IndexService open(Path dataDir, IndexConfig config, Clock clock) throws IOException {
        DataDirLock lock = DataDirLock.acquire(dataDir);
        LmdbStore store = null;
        try {
            store = LmdbStore.open(dataDir.resolve(STORE_DIR), config.mapSizeBytes(), config.maxMapSizeBytes(),
                    config.maxReaders());
            IndexService s = new IndexService(store, dataDir, config, clock);
            s.dirLock = lock;
            return s;
        } catch (IOException | RuntimeException e) {
            if (store != null) {
                store.close();
            }
            lock.close();
            throw e;
        }
    }

    /**
     * Throws the search index away and builds it again from the store, waiting until done.
     * Fails if another process has the index open.
     */
    public static long rebuildSearchIndex(Path dataDir, IndexConfig config, Duration timeout)
            throws IOException, InterruptedException {
        SearchIndex.wipeExclusively(dataDir.resolve(SEARCH_DIR));
        try (IndexService index = open(dataDir, config)) {
            if (!index.awaitSearchable(timeout)) {
                throw new IOException("rebuild did not finish within " + timeout.toSeconds() + " s");
            }
            return index.searchableDocuments();
        }
    }

    public IndexMetrics metrics() {
        return metrics;
    }

    /** Why the search indexer's thread died, or null while it runs. */
    public String deadWorker() {
        return indexer.deathReason();
    }

    /** The LMDB map now; it grows by itself when full. */
    public long mapSizeBytes() {
        return store.mapSize();
    }

    // ---- CrawlSink

    @Override
    public boolean isIndexed(InfoHash infoHash) throws IOException {
        // one imported without its info dict is not indexed yet: the crawl must resolve it
        return guarded(() -> store.containsResolved(infoHash));
    }

    @Override
    public List<PendingHash> loadPending(int max) throws IOException {
        if (max < 0 || max > MAX_PENDING_LOAD) {
            throw new IllegalArgumentException("max must be 0 to " + MAX_PENDING_LOAD);
        }
        return guarded(() -> store.pending(max));
    }

    /**
     * One transaction. Resolved torrents whose info dict does not parse or does not hash to their
     * hash are left out (counted, logged) and their pending entries removed; the rest is stored.
     */
    @Override
    public void write(CrawlBatch batch) throws IOException {
        write(batch, java.util.Map.of());
    }

    /**
     * As {@link #write(CrawlBatch)}, with crawl-state entries (see {@link #putCrawlState}) put in
     * the same transaction: a fleet replica stores its consumed offsets with the torrents they cover.
     */
    public void write(CrawlBatch batch, java.util.Map<String, byte[]> state) throws IOException {
        if (batch.isEmpty() && state.isEmpty()) {
            return;
        }
        List<PreparedTorrent> prepared = new ArrayList<>(batch.resolved().size());
        List<InfoHash> refused = new ArrayList<>();
        for (ResolvedTorrent r : batch.resolved()) {
            try {
                prepared.add(PreparedTorrent.of(r));
            } catch (MetainfoException | IllegalArgumentException e) {
                LOG.warn("refusing resolved torrent {}: {}", r.infoHash().hex(), e.getMessage());
                refused.add(r.infoHash());
            }
        }
        CrawlBatch effective = refused.isEmpty() ? batch : new CrawlBatch(batch.sightings(), batch.pending(),
                List.of(), concat(batch.abandoned(), refused));
        guarded(() -> {
            long start = clock.nanos();
            WriteOutcome o = store.write(effective, prepared, state);
            metrics.recordBatch(o, refused.size(), (clock.nanos() - start) / 1_000);
            return null;
        });
        indexer.wake();
    }

    private static List<InfoHash> concat(List<InfoHash> a, List<InfoHash> b) {
        List<InfoHash> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The crawl waits while the search index cannot be written for want of space. */
    @Override
    public String unavailable() {
        return indexer.diskFull() ? "disk full: the search index cannot be written; searches go on" : null;
    }

    /** Saves a piece of crawl state (a sweep cursor, say) under a key. */
    public void putCrawlState(String key, byte[] value) throws IOException {
        guarded(() -> {
            store.putCrawlState(key, value);
            return null;
        });
    }

    public Optional<byte[]> crawlState(String key) throws IOException {
        return guarded(() -> store.crawlState(key));
    }

    /**
     * Removes a torrent from the store and then from search, by any of its hashes; false when it
     * was not indexed. A crawl that finds it again would store it again: callers that want it
     * gone for good block its hash first (see the block list).
     */
    public boolean delete(InfoHash infoHash) throws IOException {
        Optional<byte[]> key = guarded(() -> store.delete(infoHash));
        key.ifPresent(indexer::delete);
        return key.isPresent();
    }

    // ---- import, export, swarm counts

    /** Stores imported torrents (one transaction); how many were new. */
    public int importBatch(List<Imported> batch) throws IOException {
        int n = guarded(() -> store.importBatch(batch));
        indexer.wake();
        return n;
    }

    /** Up to {@code max} stored torrents after {@code afterKey} (null: from the first), in key order. */
    public List<StoreChange> exportPage(byte[] afterKey, int max) throws IOException {
        return guarded(() -> store.torrentsAfter(afterKey, max));
    }

    /** Stores scrape results and announcer counts; how many keys were known. */
    public int putSwarms(List<byte[]> keys, List<SwarmCounts> counts) throws IOException {
        if (keys.size() != counts.size()) {
            throw new IllegalArgumentException("one count per key");
        }
        int n = guarded(() -> store.putSwarms(keys, counts));
        indexer.wake();
        return n;
    }

    /** Swarm counts by canonical key. */
    public List<SwarmCounts> swarms(List<byte[]> keys) throws IOException {
        return guarded(() -> store.swarms(keys));
    }

    /** Keys last scraped before {@code before} (never scraped first), oldest first. */
    public List<byte[]> dueForScrape(java.time.Instant before, int max) throws IOException {
        return guarded(() -> store.dueForScrape(before, max));
    }

    // ---- TorrentIndex

    @Override
    public Optional<TorrentRecord> get(InfoHash infoHash) throws IOException {
        Optional<StoreChange> found = guarded(() -> store.find(infoHash));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoreChange c = found.get();
        StoredTorrent t = c.torrent();
        if (!c.hasMetadata()) {
            return Optional.of(StoredRecords.bare(c));
        }
        try {
            var summary = MetainfoParser.parseInfo(c.infoDict()).summary();
            return Optional.of(new TorrentRecord(InfoHash.v1(c.key()), c.infoDict(), summary, t.discoveredAt(),
                    t.resolvedAt(), t.seenCount(), t.sources(), c.swarm()));
        } catch (MetainfoException e) {
            throw new IOException("stored info dict of " + InfoHash.v1(c.key()).hex() + " does not parse", e);
        }
    }

    @Override
    public SearchPage search(SearchQuery query) throws IOException {
        return guarded(() -> {
            long start = clock.nanos();
            KeyHits hits;
            try {
                hits = searchOnce(query);
            } catch (IOException | RuntimeException e) {
                metrics.recordSearchError();
                throw e;
            }
            List<byte[]> keys = hits.hits().stream().map(KeyHits.KeyHit::key).toList();
            List<StoredTorrent> torrents = store.torrents(keys);
            List<SwarmCounts> swarms = store.swarms(keys);
            List<SearchHit> out = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                StoredTorrent t = torrents.get(i);
                if (t != null) {
                    KeyHits.KeyHit h = hits.hits().get(i);
                    out.add(new SearchHit(InfoHash.v1(keys.get(i)), t.name(), t.totalSize(), t.fileCount(),
                            t.discoveredAt(), t.seenCount(), h.score(), h.classification(), swarms.get(i).seeders(),
                            swarms.get(i).peers()));
                }
            }
            metrics.recordSearch((clock.nanos() - start) / 1_000);
            return new SearchPage(hits.total(), out);
        });
    }

    @Override
    public Map<ContentType, Long> typeCounts(SearchQuery query) throws IOException {
        return guarded(() -> {
            try {
                return indexer.index().typeCounts(query);
            } catch (AlreadyClosedException e) {
                return indexer.index().typeCounts(query);
            }
        });
    }

    private KeyHits searchOnce(SearchQuery query) throws IOException {
        try {
            return indexer.index().search(query);
        } catch (AlreadyClosedException e) {
            // the indexer swapped in a rebuilt index under us: once more on the new one
            return indexer.index().search(query);
        } catch (IOException e) {
            if (SearchIndexer.isDamage(e)) {
                indexer.requestRebuild();
            }
            throw e;
        }
    }

    @Override
    public long torrentCount() throws IOException {
        return guarded(store::torrentCount);
    }

    @Override
    public long pendingCount() throws IOException {
        return guarded(store::pendingCount);
    }

    // ---- search index progress

    /** Store changes not yet visible to searches (0 when search agrees with the store). */
    public long searchLag() {
        return Math.max(0, store.lastSequence() - indexer.searchableSequence());
    }

    /** The sequence of the store's newest change; searches see it once {@link #searchLag()} has come down past it. */
    public long lastSequence() {
        return store.lastSequence();
    }

    /** Waits until searches see everything written before this call; false on timeout. */
    public boolean awaitSearchable(Duration timeout) throws InterruptedException {
        return indexer.awaitSearchable(store.lastSequence(), timeout);
    }

    /** Documents searches see now. */
    public long searchableDocuments() throws IOException {
        return guarded(() -> (long) indexer.index().searchableDocs());
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private <T> T guarded(IoCall<T> call) throws IOException {
        open.readLock().lock();
        try {
            if (closed) {
                throw new IOException("the index is closed");
            }
            return call.call();
        } finally {
            open.readLock().unlock();
        }
    }

    @Override
    public void close() throws IOException {
        open.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                indexer.close();
            } finally {
                if (indexer.stillRunning()) {
                    // closing LMDB under a thread still reading it could crash the process: leak it instead
                    LOG.error("indexer thread did not stop; leaving the store open");
                } else {
                    store.close();
                }
                if (dirLock != null) {
                    dirLock.close();
                }
            }
        } finally {
            open.writeLock().unlock();
        }
    }
}
