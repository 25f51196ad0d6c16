package io.lodestone.index.torznab;

import io.lodestone.index.SearchFilters;
import io.lodestone.index.classify.Classification;
import io.lodestone.index.classify.ContentType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Newznab standard categories we file torrents under, and how a content type and resolution
 * map to them. A parent (2000) holds its subcategories (2040, 2045): asking for a parent gets them all.
 */
public enum TorznabCategory {
    MOVIES(2000, "Movies", null),
    MOVIES_HD(2040, "Movies/HD", MOVIES),
    MOVIES_UHD(2045, "Movies/UHD", MOVIES),
    AUDIO(3000, "Audio", null),
    AUDIOBOOK(3030, "Audio/Audiobook", AUDIO),
    PC(4000, "PC", null),
    PC_GAMES(4050, "PC/Games", PC),
    TV(5000, "TV", null),
    TV_HD(5040, "TV/HD", TV),
    TV_UHD(5045, "TV/UHD", TV),
    XXX(6000, "XXX", null),
    BOOKS(7000, "Books", null),
    BOOKS_EBOOK(7020, "Books/EBook", BOOKS),
    OTHER(8000, "Other", null);

    /** Resolutions filed as HD; 2160p (and 4320p, which the classifier calls 2160p) is UHD. */
    static final Set<String> HD = Set.of("720p", "1080p", "1080i", "1440p");
    static final Set<String> UHD = Set.of("2160p");

    private final int id;
    private final String label;
    private final TorznabCategory parent;

    TorznabCategory(int id, String label, TorznabCategory parent) {
        this.id = id;
        this.label = label;
        this.parent = parent;
    }

    public int id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** The parent category, or null for a top-level one. */
    public TorznabCategory parent() {
        return parent;
    }

    public List<TorznabCategory> children() {
        List<TorznabCategory> out = new ArrayList<>();
        for (TorznabCategory c : values()) {
            if (c.parent == this) {
                out.add(c);
            }
        }
        return out;
    }

    public static TorznabCategory byId(int id) {
        for (TorznabCategory c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }

    /** The most specific category of a classified torrent. */
    public static TorznabCategory of(Classification c) {
        String r = c.attributes().resolution() == null ? "" : c.attributes().resolution(); // Set.of refuses null
        return switch (c.type()) {
            case MOVIE -> UHD.contains(r) ? MOVIES_UHD : HD.contains(r) ? MOVIES_HD : MOVIES;
            case TV -> UHD.contains(r) ? TV_UHD : HD.contains(r) ? TV_HD : TV;
            case MUSIC -> AUDIO;
            case AUDIOBOOK -> AUDIOBOOK;
            case EBOOK -> BOOKS_EBOOK;
            case SOFTWARE -> PC;
            case GAME -> PC_GAMES;
            case XXX -> XXX;
            case OTHER -> OTHER;
        };
    }

    /** The category and its parent, most specific first: what an item is listed under. */
    public List<TorznabCategory> withParent() {
        return parent == null ? List.of(this) : List.of(this, parent);
    }

    /**
     * The search filters for a list of asked categories: each one becomes the types (and
     * resolutions) filed under it. Categories we never file anything under match nothing.
     */
    public static List<SearchFilters.TypeFilter> filters(List<TorznabCategory> asked) {
        Set<SearchFilters.TypeFilter> out = new LinkedHashSet<>();
        for (TorznabCategory c : asked) {
            out.addAll(c.typeFilters());
        }
        return List.copyOf(out);
    }

    private List<SearchFilters.TypeFilter> typeFilters() {
        return switch (this) {
            case MOVIES -> List.of(SearchFilters.TypeFilter.of(ContentType.MOVIE));
            case MOVIES_HD -> List.of(new SearchFilters.TypeFilter(ContentType.MOVIE, HD));
            case MOVIES_UHD -> List.of(new SearchFilters.TypeFilter(ContentType.MOVIE, UHD));
            case AUDIO -> List.of(SearchFilters.TypeFilter.of(ContentType.MUSIC),
                    SearchFilters.TypeFilter.of(ContentType.AUDIOBOOK));
            case AUDIOBOOK -> List.of(SearchFilters.TypeFilter.of(ContentType.AUDIOBOOK));
            case PC -> List.of(SearchFilters.TypeFilter.of(ContentType.SOFTWARE),
                    SearchFilters.TypeFilter.of(ContentType.GAME));
            case PC_GAMES -> List.of(SearchFilters.TypeFilter.of(ContentType.GAME));
            case TV -> List.of(SearchFilters.TypeFilter.of(ContentType.TV));
            case TV_HD -> List.of(new SearchFilters.TypeFilter(ContentType.TV, HD));
            case TV_UHD -> List.of(new SearchFilters.TypeFilter(ContentType.TV, UHD));
            case XXX -> List.of(SearchFilters.TypeFilter.of(ContentType.XXX));
            case BOOKS -> List.of(SearchFilters.TypeFilter.of(ContentType.EBOOK));
            case BOOKS_EBOOK -> List.of(SearchFilters.TypeFilter.of(ContentType.EBOOK));
            case OTHER -> List.of(SearchFilters.TypeFilter.of(ContentType.OTHER));
        };
    }
}
