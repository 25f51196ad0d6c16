package io.lodestone.index.torznab;

import io.lodestone.index.SearchFilters;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.SearchSort;
import io.lodestone.index.classify.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Torznab request read from its query parameters (the API key aside): {@code t=caps}, or a search
 * with the filters it asks for. Pure; every mistake is a {@link TorznabException} with its code.
 * Parameters we cannot honour (imdbid, tvdbid, …) are refused with 201 rather than ignored: a client
 * that gets unfiltered results for an id search grabs the wrong release.
 */
public sealed interface TorznabRequest {

    /** {@code t=caps}. */
    record Caps() implements TorznabRequest { }

    /** A search function and the index query it becomes. */
    record Search(Function function, SearchQuery query) implements TorznabRequest { }

    /** The search functions, their parameter names, and the types searched when no {@code cat} is given. */
    enum Function {
        SEARCH("search", Set.of()),
        TVSEARCH("tvsearch", Set.of(ContentType.TV)),
        MOVIE("movie", Set.of(ContentType.MOVIE)),
        MUSIC("music", Set.of(ContentType.MUSIC)),
        BOOK("book", Set.of(ContentType.EBOOK, ContentType.AUDIOBOOK));

        private final String t;
        private final Set<ContentType> types;

        Function(String t, Set<ContentType> types) {
            this.t = t;
            this.types = types;
        }

        public String t() {
            return t;
        }

        static Function of(String t) {
            for (Function f : values()) {
                if (f.t.equals(t)) {
                    return f;
                }
            }
            return null;
        }
    }

    String T = "t";
    String Q = "q";
    String CAT = "cat";
    String LIMIT = "limit";
    String OFFSET = "offset";
    String SEASON = "season";
    String EP = "ep";
    String YEAR = "year";
    /** Parameters that change only the presentation, which is always complete here: accepted, ignored. */
    Set<String> PRESENTATION = Set.of("extended", "attrs");
    /** Most categories in one {@code cat}; there are fewer than this many. */
    int MAX_CATEGORIES = 32;

    static TorznabRequest parse(Map<String, List<String>> params) {
        String t = single(params, T);
        if (t == null || t.isEmpty()) {
            throw new TorznabException(TorznabException.MISSING_PARAMETER, "missing parameter t");
        }
        if (t.equals("caps")) {
            return new Caps();
        }
        Function f = Function.of(t);
        if (f == null) {
            throw new TorznabException(TorznabException.NO_SUCH_FUNCTION, "no such function: t=" + quote(t));
        }
        Set<String> allowed = new java.util.HashSet<>(Set.of(T, Q, CAT, LIMIT, OFFSET, "o"));
        allowed.addAll(PRESENTATION);
        if (f == Function.TVSEARCH) {
            allowed.addAll(Set.of(SEASON, EP));
        }
        if (f == Function.MOVIE) {
            allowed.add(YEAR);
        }
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                throw new TorznabException(TorznabException.INCORRECT_PARAMETER, "parameter " + quote(name)
                        + " is not supported by t=" + f.t() + " (t=caps lists what is)");
            }
        }
        String o = single(params, "o");
        if (o != null && !o.equalsIgnoreCase("xml")) {
            throw new TorznabException(TorznabException.INCORRECT_PARAMETER, "only o=xml is served");
        }
        String q = single(params, Q);
        q = q == null ? "" : q.strip();
        if (q.length() > SearchQuery.MAX_TEXT_LENGTH) {
            throw new TorznabException(TorznabException.INCORRECT_PARAMETER, "q is longer than "
                    + SearchQuery.MAX_TEXT_LENGTH + " characters");
        }
        int limit = number(params, LIMIT, SearchQuery.DEFAULT_LIMIT, 1, SearchQuery.MAX_LIMIT);
        int offset = number(params, OFFSET, 0, 0, SearchQuery.MAX_OFFSET);
        List<SearchFilters.TypeFilter> types = categories(params);
        if (types == null) {
            types = f.types.stream().map(SearchFilters.TypeFilter::of).toList();
        }
        SearchFilters filters = SearchFilters.NONE.withAnyOf(types);
        if (params.containsKey(SEASON)) {
            filters = filters.withSeason(number(params, SEASON, 0, 0, SearchFilters.MAX_NUMBER));
        }
        if (params.containsKey(EP)) {
            filters = filters.withEpisode(number(params, EP, 0, 0, SearchFilters.MAX_NUMBER));
        }
        if (params.containsKey(YEAR)) {
            filters = filters.withYear(number(params, YEAR, 0, 1800, 2200));
        }
        SearchSort sort = q.isEmpty() ? SearchSort.INDEXED : SearchSort.RELEVANCE;
        SearchQuery query = new SearchQuery(q, 0, Long.MAX_VALUE, 0, Integer.MAX_VALUE, limit, offset, filters, sort,
                true);
        return new Search(f, query);
    }

    /** The type filters of {@code cat}, or null when none is given (an empty list matches nothing). */
    private static List<SearchFilters.TypeFilter> categories(Map<String, List<String>> params) {
        String cat = single(params, CAT);
        if (cat == null || cat.isBlank()) {
            return null;
        }
        String[] ids = cat.split(",", -1);
        if (ids.length > MAX_CATEGORIES) {
            throw new TorznabException(TorznabException.INCORRECT_PARAMETER, "at most " + MAX_CATEGORIES
                    + " categories");
        }
        List<TorznabCategory> asked = new ArrayList<>();
        boolean unknown = false;
        for (String id : ids) {
            int n = parse(id.strip(), CAT, 0, 999_999);
            TorznabCategory c = TorznabCategory.byId(n);
            if (c == null) {
                unknown = true; // a category we never file anything under: it adds no matches
            } else {
                asked.add(c);
            }
        }
        List<SearchFilters.TypeFilter> out = TorznabCategory.filters(asked);
        if (out.isEmpty() && unknown) {
            return List.of(NOTHING);
        }
        return out;
    }

    /** Matches no torrent: no resolution is ever indexed as a NUL character. */
    SearchFilters.TypeFilter NOTHING = new SearchFilters.TypeFilter(ContentType.OTHER, Set.of("\u0000"));

    private static int number(Map<String, List<String>> params, String name, int absent, int min, int max) {
        String v = single(params, name);
        return v == null || v.isEmpty() ? absent : parse(v.strip(), name, min, max);
    }

    private static int parse(String v, String name, int min, int max) {
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TorznabException(TorznabException.INCORRECT_PARAMETER, name + " must be a whole number, not "
                    + quote(v));
        }
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
            throw new TorznabException(TorznabException.INCORRECT_PARAMETER, name + " must be " + min + " to " + max);
        }
        return n;
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new TorznabException(TorznabException.INCORRECT_PARAMETER, name + " is given more than once");
        }
        return v.get(0);
    }

    /** User text quoted in a description: cut short. (The XML writer drops what XML cannot hold.) */
    private static String quote(String s) {
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }
}
