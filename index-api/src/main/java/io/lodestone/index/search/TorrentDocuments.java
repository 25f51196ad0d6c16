package io.lodestone.index.search;

import io.lodestone.index.classify.Classifier;
import io.lodestone.index.classify.TorrentFile;
import io.lodestone.index.store.StoreChange;
import io.lodestone.index.store.StoredTorrent;
import io.lodestone.metainfo.MetainfoException;
import io.lodestone.metainfo.MetainfoParser;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The search index's view of a stored torrent: what is matched, filtered and ranked on. */
final class TorrentDocuments {
    static final String KEY = "key";
    static final String NAME = "name";
    /** The name and every file path: what a query must match. */
    static final String TEXT = "text";
    static final String SIZE = "size";
    static final String FILES = "files";
    static final String FEATURES = "features";
    static final String SEEN = "seen";
    /** BEP 33 estimates, -1 when never scraped: doc values for sorting. */
    static final String SEEDERS = "seeders";
    static final String PEERS = "peers";
    /** Paths beyond these stay unsearchable: a torrent of a million files would make one giant document. */
    static final int MAX_INDEXED_PATHS = 10_000;
    static final int MAX_INDEXED_TEXT_CHARS = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(TorrentDocuments.class);
    /** Words and how often, no positions: queries are sets of words, never phrases. */
    private static final FieldType WORDS = wordsType();

    private static FieldType wordsType() {
        FieldType t = new FieldType();
        t.setTokenized(true);
        t.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        t.freeze();
        return t;
    }

    private TorrentDocuments() {
    }

    static Term keyTerm(byte[] key) {
        return new Term(KEY, new BytesRef(key));
    }

    static Document of(StoreChange c, Classifier classifier) {
        StoredTorrent t = c.torrent();
        List<TorrentFile> files = files(c);
        Document d = new Document();
        d.add(new StringField(KEY, new BytesRef(c.key()), Field.Store.YES));
        d.add(new Field(NAME, t.name(), WORDS));
        d.add(new Field(TEXT, t.name(), WORDS));
        int chars = t.name().length();
        int paths = 0;
        for (TorrentFile f : files) {
            String path = withoutName(f.path(), t.name());
            if (path.equals(t.name())) {
                continue; // a single-file torrent: its one path is its name
            }
            if (paths >= MAX_INDEXED_PATHS || chars + path.length() > MAX_INDEXED_TEXT_CHARS) {
                break;
            }
            d.add(new Field(TEXT, path, WORDS));
            chars += path.length();
            paths++;
        }
        d.add(new LongPoint(SIZE, t.totalSize()));
        d.add(new IntPoint(FILES, t.fileCount()));
        d.add(new FeatureField(FEATURES, SEEN, seenFeature(t.seenCount())));
        ClassFields.add(d, classifier.classify(t.name(), files.subList(0, Math.min(files.size(),
                Classifier.MAX_FILES))));
        ClassFields.addSortValues(d, t, c.swarm().seeders());
        d.add(new NumericDocValuesField(SEEDERS, c.swarm().seeders()));
        d.add(new NumericDocValuesField(PEERS, c.swarm().peers()));
        return d;
    }

    /** A multi-file torrent's paths start with its name, which is in the document already: analysed once is enough. */
    static String withoutName(String path, String name) {
        return path.length() > name.length() && path.startsWith(name) && path.charAt(name.length()) == '/'
                ? path.substring(name.length() + 1) : path;
    }

    /** The seen count as ranked: rounded down to a power of two, as the store re-indexes at those steps. */
    static float seenFeature(long seenCount) {
        return (float) Long.highestOneBit(Math.max(1, seenCount));
    }

    /**
     * The files, pad files left out, as paths and sizes: from the info dict, or as imported when
     * there is none. What is searched and what the classifier reads.
     */
    private static List<TorrentFile> files(StoreChange c) {
        if (!c.hasMetadata()) {
            return c.bareFiles().stream().map(f -> new TorrentFile(f.path(), f.size()))
                    .toList();
        }
        try {
            return MetainfoParser.parseInfo(c.infoDict()).files().stream().filter(f -> !f.pad())
                    .map(f -> new TorrentFile(f.joinedPath(), f.size())).toList();
        } catch (MetainfoException e) {
            // the store only takes info dicts that parse; index the name if this one no longer does
            LOG.warn("stored info dict of {} does not parse: {}", c.torrent().name(), e.getMessage());
            return List.of();
        }
    }
}
