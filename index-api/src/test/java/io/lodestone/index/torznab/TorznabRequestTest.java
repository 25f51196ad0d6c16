package io.lodestone.index.torznab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.index.SearchFilters;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.SearchSort;
import io.lodestone.index.classify.ContentType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TorznabRequestTest {

    static Map<String, List<String>> params(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    static SearchQuery search(String... kv) {
        return ((TorznabRequest.Search) TorznabRequest.parse(params(kv))).query();
    }

    static int code(String... kv) {
        try {
            TorznabRequest.parse(params(kv));
        } catch (TorznabException e) {
            return e.code();
        }
        throw new AssertionError("no error for " + List.of(kv));
    }

    @Test
    void tvsearchMapsQuerySeasonEpisodeAndCategory() {
        SearchQuery q = search("t", "tvsearch", "q", "Restless River", "season", "2", "ep", "05", "cat", "5040",
                "limit", "50", "offset", "10", "extended", "1");
        assertThat(q.text()).isEqualTo("Restless River");
        assertThat(q.filters()).isEqualTo(SearchFilters.NONE.withAnyOf(List.of(
                new SearchFilters.TypeFilter(ContentType.TV, TorznabCategory.HD))).withSeason(2).withEpisode(5));
        assertThat(q.limit()).isEqualTo(50);
        assertThat(q.offset()).isEqualTo(10);
        assertThat(q.sort()).isEqualTo(SearchSort.RELEVANCE);
    }

    @Test
    void functionsWithoutCategoriesSearchTheirTypesAndNoTextListsNewest() {
        assertThat(search("t", "tvsearch").filters().anyOf()).containsExactly(SearchFilters.TypeFilter.of(ContentType.TV));
        assertThat(search("t", "tvsearch").sort()).isEqualTo(SearchSort.INDEXED);
        assertThat(search("t", "movie", "q", "dune", "year", "2024").filters())
                .isEqualTo(SearchFilters.ofType(ContentType.MOVIE).withYear(2024));
        assertThat(search("t", "music").filters().anyOf()).containsExactly(SearchFilters.TypeFilter.of(ContentType.MUSIC));
        assertThat(search("t", "book").filters().anyOf()).extracting(SearchFilters.TypeFilter::type)
                .containsExactlyInAnyOrder(ContentType.EBOOK, ContentType.AUDIOBOOK);
        assertThat(search("t", "search", "q", "x").filters()).isEqualTo(SearchFilters.NONE);
        assertThat(search("t", "search", "cat", "2000,5045").filters().anyOf()).containsExactly(
                SearchFilters.TypeFilter.of(ContentType.MOVIE), new SearchFilters.TypeFilter(ContentType.TV, Set.of("2160p")));
        assertThat(search("t", "search", "cat", "3000").filters().anyOf()).extracting(SearchFilters.TypeFilter::type)
                .containsExactly(ContentType.MUSIC, ContentType.AUDIOBOOK);
        assertThat(search("t", "search", "cat", "1000").filters().anyOf()).containsExactly(TorznabRequest.NOTHING);
        assertThat(TorznabRequest.parse(params("t", "caps"))).isInstanceOf(TorznabRequest.Caps.class);
    }

    @Test
    void mistakesGetTorznabCodes() {
        assertThat(code()).isEqualTo(200);
        assertThat(code("t", "")).isEqualTo(200);
        assertThat(code("t", "details")).isEqualTo(202);
        assertThat(code("t", "tvsearch", "imdbid", "tt0133093")).as("never pretend to filter on ids").isEqualTo(201);
        assertThat(code("t", "tvsearch", "tvdbid", "1")).isEqualTo(201);
        assertThat(code("t", "movie", "season", "1")).isEqualTo(201);
        assertThat(code("t", "tvsearch", "season", "x")).isEqualTo(201);
        assertThat(code("t", "tvsearch", "ep", "10/15")).isEqualTo(201);
        assertThat(code("t", "search", "limit", "0")).isEqualTo(201);
        assertThat(code("t", "search", "limit", "101")).isEqualTo(201);
        assertThat(code("t", "search", "offset", "99999999999")).isEqualTo(201);
        assertThat(code("t", "search", "cat", "50x0")).isEqualTo(201);
        assertThat(code("t", "search", "q", "a", "q", "b")).isEqualTo(201);
        assertThat(code("t", "search", "q", "x".repeat(300))).isEqualTo(201);
        assertThat(code("t", "search", "o", "json")).isEqualTo(201);
    }

    @Test
    void categoriesFollowTypeAndResolution() {
        assertThat(TorznabCategory.of(TorznabXmlTest.hit("x", ContentType.TV, "1080p").classification()))
                .isEqualTo(TorznabCategory.TV_HD);
        assertThat(TorznabCategory.of(TorznabXmlTest.hit("x", ContentType.TV, "480p").classification()))
                .isEqualTo(TorznabCategory.TV);
        assertThat(TorznabCategory.of(TorznabXmlTest.hit("x", ContentType.MOVIE, "2160p").classification()))
                .isEqualTo(TorznabCategory.MOVIES_UHD);
        assertThat(TorznabCategory.of(TorznabXmlTest.hit("x", ContentType.GAME, null).classification()).withParent())
                .containsExactly(TorznabCategory.PC_GAMES, TorznabCategory.PC);
        assertThatThrownBy(() -> SearchFilters.NONE.withSeason(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
