package io.lodestone.index;

import io.lodestone.index.classify.ContentType;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Filters on what the classifier found. Every non-null field must hold; {@code anyOf}, when not
 * empty, lets a torrent through if it fits one of its alternatives (Torznab's {@code cat=} list).
 *
 * @param anyOf      alternatives of a type and, when not empty, the resolutions allowed with it
 * @param resolution e.g. 1080p (as the classifier writes it)
 * @param season     a season the torrent holds (a pack of seasons 1-3 holds 2)
 * @param episode    an episode the torrent holds, within its season numbering
 * @param year       the release year
 */
public record SearchFilters(List<TypeFilter> anyOf, String resolution, Integer season, Integer episode,
                            Integer year) {
    public static final SearchFilters NONE = new SearchFilters(List.of(), null, null, null, null);
    /** More alternatives than the categories there are make no sense; bounds the query built. */
    public static final int MAX_ALTERNATIVES = 32;
    public static final int MAX_NUMBER = 100_000;

    /** One alternative: the type, and the resolutions allowed (empty: any). */
    public record TypeFilter(ContentType type, Set<String> resolutions) {
        public TypeFilter {
            Objects.requireNonNull(type, "type");
            resolutions = Set.copyOf(resolutions);
        }

        public static TypeFilter of(ContentType type) {
            return new TypeFilter(type, Set.of());
        }
    }

    public SearchFilters {
        anyOf = List.copyOf(anyOf);
        if (anyOf.size() > MAX_ALTERNATIVES) {
            throw new IllegalArgumentException("at most " + MAX_ALTERNATIVES + " type alternatives");
        }
        for (Integer n : new Integer[] {season, episode, year}) {
            if (n != null && (n < 0 || n > MAX_NUMBER)) {
                throw new IllegalArgumentException("season, episode and year must be 0 to " + MAX_NUMBER);
            }
        }
    }

    public static SearchFilters ofType(ContentType type) {
        return NONE.withAnyOf(type == null ? List.of() : List.of(TypeFilter.of(type)));
    }

    public boolean isEmpty() {
        return anyOf.isEmpty() && resolution == null && season == null && episode == null && year == null;
    }

    /** The one type asked for, or null when none or several are. */
    public ContentType singleType() {
        return anyOf.size() == 1 && anyOf.get(0).resolutions().isEmpty() ? anyOf.get(0).type() : null;
    }

    public SearchFilters withAnyOf(List<TypeFilter> a) {
        return new SearchFilters(a, resolution, season, episode, year);
    }

    public SearchFilters withResolution(String r) {
        return new SearchFilters(anyOf, r, season, episode, year);
    }

    public SearchFilters withSeason(Integer s) {
        return new SearchFilters(anyOf, resolution, s, episode, year);
    }

    public SearchFilters withEpisode(Integer e) {
        return new SearchFilters(anyOf, resolution, season, e, year);
    }

    public SearchFilters withYear(Integer y) {
        return new SearchFilters(anyOf, resolution, season, episode, y);
    }
}
