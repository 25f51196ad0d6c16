package io.lodestone.index.http;

import io.lodestone.index.SearchFilters;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.SearchSort;
import io.lodestone.index.classify.ContentType;
import io.lodestone.types.InfoHash;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads request parameters strictly: every one the route does not know, given twice, malformed or
 * out of range is a {@link HttpError#badRequest} naming the parameter and what it must be.
 */
final class Params {

    /** Longest parameter text quoted back in a reason; the rest is cut. */
    static final int MAX_QUOTED = 40;
    /** A long has at most 19 digits; more is an overflow, reported as out of range. */
    static final int MAX_NUMBER_DIGITS = 19;
    /** Download ids are the manager's; this bounds what we pass it. */
    static final int MAX_DOWNLOAD_ID_LENGTH = 64;

    static final String Q = "q";
    static final String LIMIT = "limit";
    static final String OFFSET = "offset";
    static final String MIN_SIZE = "minSize";
    static final String MAX_SIZE = "maxSize";
    static final String MIN_FILES = "minFiles";
    static final String MAX_FILES = "maxFiles";
    static final String TYPE = "type";
    static final String RESOLUTION = "resolution";
    static final String SEASON = "season";
    static final String EPISODE = "episode";
    static final String YEAR = "year";
    static final String SORT = "sort";
    static final Set<String> SEARCH = Set.of(Q, LIMIT, OFFSET, MIN_SIZE, MAX_SIZE, MIN_FILES, MAX_FILES, TYPE,
            RESOLUTION, SEASON, EPISODE, YEAR, SORT);
    /** How the classifier writes resolutions: 480p, 1080p, 2160p, 1080i. */
    private static final java.util.regex.Pattern RESOLUTION_TEXT = java.util.regex.Pattern.compile("\\d{3,4}[pi]");

    private Params() {
    }

    /** A hash in a path: 40 hex digits (v1 or truncated v2) or 64 (v2), either case. */
    static InfoHash infoHash(String raw) {
        if (raw == null || (raw.length() != 40 && raw.length() != 64)) {
            throw HttpError.badRequest("an info-hash is 40 or 64 hex digits, not " + describe(raw));
        }
        try {
            return InfoHash.fromHex(raw);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("an info-hash is 40 or 64 hex digits, not " + describe(raw));
        }
    }

    /** The API's search: {@code q} required. */
    static SearchQuery search(Map<String, List<String>> params) {
        only(params, SEARCH);
        String q = single(params, Q);
        if (q == null) {
            throw HttpError.badRequest("q is required");
        }
        return query(q, params);
    }

    /** The search page's: no query (just the form) when {@code q} is missing or blank. */
    static Optional<SearchQuery> searchIfAsked(Map<String, List<String>> params) {
        only(params, SEARCH);
        String q = single(params, Q);
        if (q == null || q.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(query(q, params));
    }

    private static SearchQuery query(String q, Map<String, List<String>> params) {
        if (q.isBlank()) {
            throw HttpError.badRequest("q must not be blank");
        }
        if (q.length() > SearchQuery.MAX_TEXT_LENGTH) {
            throw HttpError.badRequest("q must be at most " + SearchQuery.MAX_TEXT_LENGTH + " characters");
        }
        int limit = (int) number(params, LIMIT, SearchQuery.DEFAULT_LIMIT, 1, SearchQuery.MAX_LIMIT);
        int offset = (int) number(params, OFFSET, 0, 0, SearchQuery.MAX_OFFSET);
        long minSize = number(params, MIN_SIZE, 0, 0, Long.MAX_VALUE);
        long maxSize = number(params, MAX_SIZE, Long.MAX_VALUE, 0, Long.MAX_VALUE);
        int minFiles = (int) number(params, MIN_FILES, 0, 0, Integer.MAX_VALUE);
        int maxFiles = (int) number(params, MAX_FILES, Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
        if (maxSize < minSize) {
            throw HttpError.badRequest("maxSize must not be below minSize");
        }
        if (maxFiles < minFiles) {
            throw HttpError.badRequest("maxFiles must not be below minFiles");
        }
        try {
            return new SearchQuery(q, minSize, maxSize, minFiles, maxFiles, limit, offset, filters(params),
                    sort(params), false);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    /** {@code type}, {@code resolution}, {@code season}, {@code episode}, {@code year}; each optional. */
    static SearchFilters filters(Map<String, List<String>> params) {
        String type = single(params, TYPE);
        ContentType t = null;
        if (type != null) {
            try {
                t = ContentType.of(type);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("type must be one of " + typeLabels() + ", not " + describe(type));
            }
        }
        String resolution = single(params, RESOLUTION);
        if (resolution != null && !RESOLUTION_TEXT.matcher(resolution).matches()) {
            throw HttpError.badRequest("resolution must look like 1080p, not " + describe(resolution));
        }
        return SearchFilters.ofType(t).withResolution(resolution)
                .withSeason(optionalNumber(params, SEASON, 0, SearchFilters.MAX_NUMBER))
                .withEpisode(optionalNumber(params, EPISODE, 0, SearchFilters.MAX_NUMBER))
                .withYear(optionalNumber(params, YEAR, 1800, 2200));
    }

    static SearchSort sort(Map<String, List<String>> params) {
        String sort = single(params, SORT);
        try {
            return sort == null ? SearchSort.RELEVANCE : SearchSort.of(sort);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage() + ", not " + describe(sort));
        }
    }

    static String typeLabels() {
        return java.util.Arrays.stream(ContentType.values()).map(ContentType::label)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** A whole number within bounds, or null when absent. */
    static Integer optionalNumber(Map<String, List<String>> params, String name, int min, int max) {
        return single(params, name) == null ? null : (int) number(params, name, min, min, max);
    }

    /** A download id in a path: letters, digits, '-' and '_'. */
    static String downloadId(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_DOWNLOAD_ID_LENGTH || !isIdText(raw)) {
            throw HttpError.badRequest("a download id is 1 to " + MAX_DOWNLOAD_ID_LENGTH
                    + " letters, digits, '-' or '_', not " + describe(raw));
        }
        return raw;
    }

    /** Refuses parameters outside {@code known}; a typo should not be silently ignored. */
    static void only(Map<String, List<String>> params, Set<String> known) {
        for (String name : params.keySet()) {
            if (!known.contains(name)) {
                throw HttpError.badRequest("unknown parameter " + describe(name));
            }
        }
    }

    /** The one value of {@code name}, or null when absent. */
    static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw HttpError.badRequest(name + " is given more than once");
        }
        return values.get(0);
    }

    /** A whole decimal number from {@code min} to {@code max}; {@code absent} when not given. */
    static long number(Map<String, List<String>> params, String name, long absent, long min, long max) {
        String raw = single(params, name);
        if (raw == null) {
            return absent;
        }
        if (raw.isEmpty() || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw HttpError.badRequest(name + " must be a whole number from " + min + " to " + max + ", not "
                    + describe(raw));
        }
        String digits = raw.replaceFirst("^0+(?=.)", "");
        long value;
        try {
            if (digits.length() > MAX_NUMBER_DIGITS) {
                throw new NumberFormatException(digits);
            }
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(name + " must be from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw HttpError.badRequest(name + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    private static boolean isIdText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Quotes user text for a reason: cut short, control characters shown as '?'. */
    static String describe(String s) {
        if (s == null) {
            return "nothing";
        }
        String cut = s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED) + "...";
        StringBuilder b = new StringBuilder(cut.length() + 2).append('\'');
        cut.chars().forEach(c -> b.append(Character.isISOControl(c) ? '?' : (char) c));
        return b.append('\'').toString();
    }
}
