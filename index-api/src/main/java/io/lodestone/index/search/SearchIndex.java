package io.lodestone.index.search;

import io.lodestone.index.SearchQuery;
import io.lodestone.index.classify.ContentType;
import io.lodestone.index.classify.RuleSet;
import io.lodestone.index.store.StoreChange;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index over names and file paths. It is derived data: each commit records the store
 * sequence it holds, and an index that is missing, does not open, or fails its checksums after
 * an unclean shutdown is wiped and starts again from sequence 0.
 *
 * <p>One thread writes (the indexer); any threads search, on a near-real-time reader that the
 * writing thread refreshes.
 */
public final class SearchIndex implements Closeable {
    static final String SEQUENCE_KEY = "lodestone.sequence";
    /** Written after the last commit of a clean close, removed at open: absent means a crash. */
    static final String CLEAN_MARKER = "clean-shutdown";
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final long committedSequence;
    private final boolean startedEmpty;
    private final Path path;
    private final TorrentQueries queries = new TorrentQueries();
    private final RuleSet rules;
    private final ClassState classes;

    private SearchIndex(Path path, Directory directory, IndexWriter writer, SearcherManager searchers,
                        long committedSequence, RuleSet rules) throws CorruptIndexException {
        this.path = path;
        this.rules = rules;
        this.classes = new ClassState(rules, commitData(writer));
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.committedSequence = committedSequence;
        this.startedEmpty = committedSequence == 0 && writer.getDocStats().numDocs == 0;
    }

    /**
     * Opens the index in {@code path}, or wipes it and opens an empty one when it cannot be
     * trusted. {@code verify} forces a checksum check even after a clean shutdown.
     */
    public static SearchIndex open(Path path, double ramBufferMb, boolean verify) throws IOException {
        return open(path, ramBufferMb, verify, RuleSet.builtIn());
    }

    /** As {@link #open(Path, double, boolean)}, classifying with {@code rules}. */
    public static SearchIndex open(Path path, double ramBufferMb, boolean verify, RuleSet rules) throws IOException {
        Files.createDirectories(path);
        boolean clean = Files.exists(path.resolve(CLEAN_MARKER));
        SearchIndex opened;
        try {
            opened = openTrusted(path, ramBufferMb, verify || !clean, rules);
        } catch (IOException | RuntimeException e) {
            if (!isVerifiedCorruption(e)) {
                // held by another process, or an I/O error: the files may be fine, so they stay
                throw e instanceof IOException io ? io : new IOException("cannot open the search index in "
                        + path + ": " + e, e);
            }
            LOG.warn("search index in {} is damaged ({}); rebuilding it from the store", path, e.toString());
            wipe(path);
            opened = openTrusted(path, ramBufferMb, false, rules);
        }
        // removed only once we hold the index: a failed open must not make the next one distrust it
        Files.deleteIfExists(path.resolve(CLEAN_MARKER));
        return opened;
    }

    /**
     * Whether an open failed because the files are bad (a checksum, a format, a truncated or
     * missing file that a commit names), as opposed to a lock held elsewhere or an I/O error.
     * Only the first kind justifies wiping; a lock is taken before any of these can be seen.
     */
    public static boolean isVerifiedCorruption(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LockObtainFailedException) {
                return false;
            }
            if (t instanceof CorruptIndexException || t instanceof org.apache.lucene.index.IndexFormatTooOldException
                    || t instanceof org.apache.lucene.index.IndexFormatTooNewException
                    || t instanceof java.nio.file.NoSuchFileException || t instanceof java.io.FileNotFoundException
                    || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes the index files so the next open starts empty, after taking Lucene's write lock so
     * an index another process has open is left alone (an IOException says so).
     */
    public static void wipeExclusively(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Directory dir = FSDirectory.open(path)) {
            Lock lock;
            try {
                lock = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME);
            } catch (LockObtainFailedException e) {
                throw new IOException("the search index in " + path + " is in use by another process", e);
            }
            try {
                for (String name : dir.listAll()) {
                    if (!name.equals(IndexWriter.WRITE_LOCK_NAME)) {
                        lock.ensureValid();
                        dir.deleteFile(name);
                    }
                }
            } finally {
                lock.close();
            }
        }
    }

    /** Removes the index files so the next open starts empty. */
    public static void wipe(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // Lucene keeps its files flat; only regular files directly inside are ours
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
            for (Path f : files) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(f);
                }
            }
        }
    }

    private static SearchIndex openTrusted(Path path, double ramBufferMb, boolean verify, RuleSet rules)
            throws IOException {
        Directory dir = FSDirectory.open(path);
        IndexWriter writer = null;
        try {
            if (verify && DirectoryReader.indexExists(dir)) {
                // under the write lock: a check racing another process's commit could see damage that is not there
                try (Lock lock = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
                    checkChecksums(dir, lock);
                }
            }
            IndexWriterConfig config = new IndexWriterConfig(TorrentAnalyzer.forIndexing())
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(ramBufferMb)
                    .setCommitOnClose(false);
            writer = new IndexWriter(dir, config);
            long seq = sequenceOf(writer);
            // opening a reader opens every segment: a missing or truncated file fails here
            SearcherManager searchers = new SearcherManager(writer, true, false, null);
            return new SearchIndex(path, dir, writer, searchers, seq, rules);
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.rollback();
            }
            dir.close();
            throw e;
        }
    }

    private static void checkChecksums(Directory dir, Lock lock) throws IOException {
        try (CheckIndex check = new CheckIndex(dir, lock)) {
            check.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_CHECKSUM_CHECKS);
            check.setInfoStream(null);
            CheckIndex.Status status = check.checkIndex();
            if (!status.clean) {
                throw new CorruptIndexException("checksum check failed", dir.toString());
            }
        }
    }

    private static Map<String, String> commitData(IndexWriter writer) {
        Map<String, String> out = new java.util.HashMap<>();
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            data.forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static long sequenceOf(IndexWriter writer) throws CorruptIndexException {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data == null) {
            return 0;
        }
        for (Map.Entry<String, String> e : data) {
            if (e.getKey().equals(SEQUENCE_KEY)) {
                try {
                    long seq = Long.parseLong(e.getValue());
                    if (seq < 0) {
                        throw new NumberFormatException("negative");
                    }
                    return seq;
                } catch (NumberFormatException x) {
                    throw new CorruptIndexException("bad sequence in commit data", SEQUENCE_KEY);
                }
            }
        }
        return 0;
    }

    /** The store sequence the last commit holds (0 for a new or wiped index). */
    public long committedSequence() {
        return committedSequence;
    }

    /** True when the index started empty, so the first pass over the store may add without deleting. */
    public boolean startedEmpty() {
        return startedEmpty;
    }

    /** Adds or replaces the changed torrents' documents. {@code addOnly} skips the delete of an older copy. */
    public void index(List<StoreChange> changes, boolean addOnly) throws IOException {
        for (StoreChange c : changes) {
            if (addOnly) {
                writer.addDocument(TorrentDocuments.of(c, rules.classifier()));
            } else {
                writer.updateDocument(TorrentDocuments.keyTerm(c.key()), TorrentDocuments.of(c, rules.classifier()));
            }
        }
    }

    /** Removes the documents of these store keys. */
    public void delete(List<byte[]> keys) throws IOException {
        for (byte[] key : keys) {
            writer.deleteDocuments(TorrentDocuments.keyTerm(key));
        }
    }

    /** False once the writer closed itself after a failure (a tragic event, such as a full disk). */
    public boolean writable() {
        return writer.isOpen();
    }

    /** Makes what was indexed so far visible to searches. */
    public void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** A durable commit recording that everything up to {@code sequence} is in. */
    public void commit(long sequence) throws IOException {
        Map<String, String> data = new java.util.HashMap<>();
        data.put(SEQUENCE_KEY, Long.toString(sequence));
        classes.write(data);
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
    }

    /** Which rules the documents were classified with, and a reclassification's progress. */
    public ClassState classes() {
        return classes;
    }

    /** Documents visible to searches now. */
    public int searchableDocs() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return s.getIndexReader().numDocs();
        } finally {
            searchers.release(s);
        }
    }

    /** Matching keys with scores, best first, and the exact number of matches. */
    public KeyHits search(SearchQuery q) throws IOException {
        Query query = queries.build(q);
        if (query == null) {
            return new KeyHits(0, List.of());
        }
        IndexSearcher s = searchers.acquire();
        try {
            int wanted = q.offset() + q.limit();
            // an exact total is part of the answer, so every match is counted
            Sort sort = ClassFields.sort(q.sort());
            TopDocs top = sort == null
                    ? s.search(query, new TopScoreDocCollectorManager(wanted, null, Integer.MAX_VALUE))
                    : s.search(query, new TopFieldCollectorManager(sort, wanted, null, Integer.MAX_VALUE));
            List<KeyHits.KeyHit> hits = new ArrayList<>(q.limit());
            StoredFields stored = s.storedFields();
            for (int i = q.offset(); i < top.scoreDocs.length; i++) {
                ScoreDoc sd = top.scoreDocs[i];
                Document doc = stored.document(sd.doc);
                BytesRef key = doc.getBinaryValue(TorrentDocuments.KEY);
                if (key == null) {
                    throw new CorruptIndexException("document without key", path.toString());
                }
                hits.add(new KeyHits.KeyHit(BytesRef.deepCopyOf(key).bytes, sd.score,
                        ClassificationText.decode(doc.get(ClassFields.CLASS))));
            }
            return new KeyHits(top.totalHits.value(), hits);
        } finally {
            searchers.release(s);
        }
    }

    /**
     * How many matches of {@code q} each type has, whatever type {@code q} filters on (its other
     * filters hold): the facet counts a result page shows. Types without a match are left out.
     */
    public Map<ContentType, Long> typeCounts(SearchQuery q) throws IOException {
        Query base = queries.build(q, q.filters().withAnyOf(List.of()));
        if (base == null) {
            return Map.of();
        }
        IndexSearcher s = searchers.acquire();
        try {
            Map<ContentType, Long> out = new java.util.EnumMap<>(ContentType.class);
            for (ContentType t : ContentType.values()) {
                Query typed = new BooleanQuery.Builder().add(base, BooleanClause.Occur.MUST)
                        .add(ClassFields.typeQuery(t), BooleanClause.Occur.FILTER).build();
                long n = s.count(typed);
                if (n > 0) {
                    out.put(t, n);
                }
            }
            return out;
        } finally {
            searchers.release(s);
        }
    }

    /** Commits {@code sequence}, closes, and marks the shutdown clean. */
    public void close(long sequence) throws IOException {
        try {
            commit(sequence);
            searchers.close();
            writer.close();
            Files.write(path.resolve(CLEAN_MARKER), new byte[0]);
        } finally {
            directory.close();
        }
    }

    /** Closes without committing or marking clean: the next open checks the index again. */
    @Override
    public void close() throws IOException {
        try {
            searchers.close();
            writer.rollback();
        } finally {
            directory.close();
        }
    }
}
