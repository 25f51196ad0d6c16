package io.lodestone.index.search;

import io.lodestone.index.SearchFilters;
import io.lodestone.index.SearchQuery;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.QueryBuilder;

/**
 * Lucene queries from user text. No query syntax: the text only goes through the analyzer, so
 * quotes, colons, stars or brackets are just more characters and never an error.
 *
 * <p>Every word must match the name or a file path; a name that holds all of them scores more,
 * and so does a torrent seen often (a saturating boost: the first sightings count most).
 */
final class TorrentQueries {
    /** How much more a match in the name counts than one in a file path. */
    static final float NAME_BOOST = 2.0f;
    /** Largest score the seen-count feature adds; BM25 scores of a matching word are a few units. */
    static final float SEEN_WEIGHT = 1.5f;
    /** Seen count at which the feature gives half its weight. */
    static final float SEEN_PIVOT = 16f;

    private final QueryBuilder builder = new QueryBuilder(TorrentAnalyzer.forQueries());

    /** The query, or null when the text holds no searchable token (only punctuation, say). */
    Query build(SearchQuery q) {
        return build(q, q.filters());
    }

    /** The query with other type and attribute filters (facet counts leave the type filter out). */
    Query build(SearchQuery q, SearchFilters filters) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (q.matchesAll()) {
            b.add(new MatchAllDocsQuery(), Occur.MUST);
        } else {
            Query all = builder.createBooleanQuery(TorrentDocuments.TEXT, q.text(), Occur.MUST);
            if (all == null) {
                return null;
            }
            b.add(all, Occur.MUST);
            Query name = builder.createBooleanQuery(TorrentDocuments.NAME, q.text(), Occur.MUST);
            if (name != null) {
                b.add(new BoostQuery(name, NAME_BOOST), Occur.SHOULD);
            }
        }
        b.add(FeatureField.newSaturationQuery(TorrentDocuments.FEATURES, TorrentDocuments.SEEN, SEEN_WEIGHT,
                SEEN_PIVOT), Occur.SHOULD);
        if (q.minSize() > 0 || q.maxSize() < Long.MAX_VALUE) {
            b.add(LongPoint.newRangeQuery(TorrentDocuments.SIZE, q.minSize(), q.maxSize()), Occur.FILTER);
        }
        if (q.minFiles() > 0 || q.maxFiles() < Integer.MAX_VALUE) {
            b.add(IntPoint.newRangeQuery(TorrentDocuments.FILES, q.minFiles(), q.maxFiles()), Occur.FILTER);
        }
        ClassFields.filter(b, filters);
        return b.build();
    }
}
