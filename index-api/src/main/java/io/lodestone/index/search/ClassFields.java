package io.lodestone.index.search;

import io.lodestone.index.SearchFilters;
import io.lodestone.index.SearchSort;
import io.lodestone.index.classify.Classification;
import io.lodestone.index.classify.ContentType;
import io.lodestone.index.classify.MediaAttributes;
import io.lodestone.index.store.StoredTorrent;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The classifier's verdict in a search document: the type and attributes to filter on, the verdict
 * itself stored for result lists, and the numeric doc values results are sorted by.
 */
final class ClassFields {
    static final String TYPE = "type";
    static final String RESOLUTION = "resolution";
    static final String SEASON = "season";
    static final String EPISODE = "episode";
    static final String YEAR = "year";
    static final String CLASS = "class";
    static final String DATE_SORT = "sort_date";
    static final String INDEXED_SORT = "sort_indexed";
    static final String SIZE_SORT = "sort_size";
    static final String SEEN_SORT = "sort_seen";
    /** BEP 33 seeders as last scraped; -1 until a scrape answered. */
    static final String SEEDERS_SORT = "sort_seeders";
    /** A pack of more seasons or episodes than this is indexed by its first ones only. */
    static final int MAX_SEASONS = 100;
    static final int MAX_EPISODES = 2_000;

    private ClassFields() {
    }

    static void add(Document d, Classification c) {
        MediaAttributes a = c.attributes();
        d.add(new StringField(TYPE, c.type().label(), Field.Store.NO));
        if (a.resolution() != null) {
            d.add(new StringField(RESOLUTION, a.resolution().toLowerCase(Locale.ROOT), Field.Store.NO));
        }
        addRange(d, SEASON, a.seasonFrom(), a.seasonTo(), MAX_SEASONS);
        if (!a.absoluteEpisode()) {
            addRange(d, EPISODE, a.episodeFrom(), a.episodeTo(), MAX_EPISODES);
        }
        if (a.year() != null) {
            d.add(new IntPoint(YEAR, a.year()));
        }
        d.add(new StoredField(CLASS, ClassificationText.encode(c)));
    }

    /** @param seeders the last BEP 33 estimate, -1 when never scraped (sorted below every scraped count) */
    static void addSortValues(Document d, StoredTorrent t, long seeders) {
        d.add(new NumericDocValuesField(DATE_SORT, t.discoveredAt().toEpochMilli()));
        d.add(new NumericDocValuesField(INDEXED_SORT, t.resolvedAt().toEpochMilli()));
        d.add(new NumericDocValuesField(SIZE_SORT, t.totalSize()));
        d.add(new NumericDocValuesField(SEEN_SORT, t.seenCount()));
        d.add(new NumericDocValuesField(SEEDERS_SORT, seeders));
    }

    private static void addRange(Document d, String field, Integer from, Integer to, int max) {
        if (from == null) {
            return;
        }
        int last = to == null ? from : Math.min(to, from + max - 1);
        for (int n = from; n <= last; n++) {
            d.add(new IntPoint(field, n));
        }
    }

    /** Adds the filters as FILTER clauses (they do not change scores). */
    static void filter(BooleanQuery.Builder b, SearchFilters f) {
        if (!f.anyOf().isEmpty()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            for (SearchFilters.TypeFilter t : f.anyOf()) {
                any.add(typeQuery(t), Occur.SHOULD);
            }
            b.add(any.build(), Occur.FILTER);
        }
        if (f.resolution() != null) {
            b.add(new TermQuery(new Term(RESOLUTION, f.resolution().toLowerCase(Locale.ROOT))), Occur.FILTER);
        }
        if (f.season() != null) {
            b.add(org.apache.lucene.document.IntPoint.newExactQuery(SEASON, f.season()), Occur.FILTER);
        }
        if (f.episode() != null) {
            b.add(org.apache.lucene.document.IntPoint.newExactQuery(EPISODE, f.episode()), Occur.FILTER);
        }
        if (f.year() != null) {
            b.add(org.apache.lucene.document.IntPoint.newExactQuery(YEAR, f.year()), Occur.FILTER);
        }
    }

    private static Query typeQuery(SearchFilters.TypeFilter t) {
        Query type = typeQuery(t.type());
        if (t.resolutions().isEmpty()) {
            return type;
        }
        return new BooleanQuery.Builder().add(type, Occur.FILTER)
                .add(new TermInSetQuery(RESOLUTION, t.resolutions().stream()
                        .map(r -> new BytesRef(r.toLowerCase(Locale.ROOT))).toList()), Occur.FILTER)
                .build();
    }

    static Query typeQuery(ContentType type) {
        return new TermQuery(new Term(TYPE, type.label()));
    }

    /** The Lucene sort for an order other than relevance: that field descending, then best score. */
    static Sort sort(SearchSort s) {
        String field = switch (s) {
            case DATE -> DATE_SORT;
            case SIZE -> SIZE_SORT;
            case SEEN -> SEEN_SORT;
            case SEEDERS -> SEEDERS_SORT;
            case INDEXED -> INDEXED_SORT;
            case RELEVANCE -> null;
        };
        if (field == null) {
            return null;
        }
        SortField f = new SortField(field, SortField.Type.LONG, true);
        f.setMissingValue(0L);
        return new Sort(f, SortField.FIELD_SCORE);
    }
}
