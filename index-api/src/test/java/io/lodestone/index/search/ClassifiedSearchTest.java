package io.lodestone.index.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.SearchFilters;
import io.lodestone.index.SearchHit;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.SearchSort;
import io.lodestone.index.TestTorrents;
import io.lodestone.index.classify.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Type and attribute filters, sorting, type counts and reclassification over the real index. */
class ClassifiedSearchTest {
    static final String MOVIE = "The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv";
    static final String MOVIE_4K = "Dune.Part.Two.2024.2160p.WEB-DL.DDP5.1.H.265-GRP.mkv";
    static final String EPISODE = "Restless.River.S02E05.720p.WEB-DL.x264-GRP.mkv";
    static final String OTHER_EPISODE = "Restless.River.S02E06.720p.WEB-DL.x264-GRP.mkv";
    static final String PACK = "Restless River Season 1-3 Complete 1080p BluRay x265";
    static final String MUSIC = "Ada Varga - Northern Lights (2019) [FLAC]";
    static final String APP = "Restless Editor 3.2 x64 Setup";

    @TempDir
    Path dir;

    private IndexService fill() throws Exception {
        IndexService index = IndexService.open(dir, IndexConfig.defaults());
        List<ResolvedTorrent> all = new ArrayList<>();
        // discovered first, its metadata found last: newest by date, last; newest indexed, first
        ResolvedTorrent late = at(TestTorrents.singleFile(MOVIE, 8L << 30), 1, 0);
        all.add(new ResolvedTorrent(late.infoHash(), late.infoDict(), late.firstSeen(),
                TestTorrents.T0.plusSeconds(60 * 100), 1, 1));
        all.add(at(TestTorrents.singleFile(MOVIE_4K, 20L << 30), 7, 10));
        all.add(at(TestTorrents.singleFile(EPISODE, 1L << 30), 50, 20));
        all.add(at(TestTorrents.singleFile(OTHER_EPISODE, 1L << 30), 2, 30));
        all.add(at(TestTorrents.multiFile(PACK, List.of("S01/Restless.River.S01E01.mkv", "S02/Restless.River.S02E01.mkv",
                "S03/Restless.River.S03E01.mkv"), 2L << 30), 3, 40));
        all.add(at(TestTorrents.multiFile(MUSIC, List.of("01 - Dawn.flac", "02 - Dusk.flac", "cover.jpg"), 30L << 20),
                4, 50));
        all.add(at(TestTorrents.multiFile(APP, List.of("setup.exe", "readme.txt"), 50L << 20), 5, 60));
        index.write(TestTorrents.resolvedBatch(all));
        assertThat(index.awaitSearchable(Duration.ofSeconds(30))).isTrue();
        return index;
    }

    private static ResolvedTorrent at(byte[] info, long seen, long minutes) {
        ResolvedTorrent r = TestTorrents.resolved(info, seen);
        return new ResolvedTorrent(r.infoHash(), info, TestTorrents.T0.plusSeconds(60 * minutes),
                TestTorrents.T0.plusSeconds(60 * minutes + 5), seen, 1);
    }

    private static List<String> names(IndexService index, SearchQuery q) throws Exception {
        return index.search(q).results().stream().map(SearchHit::name).toList();
    }

    private static SearchQuery q(String text, SearchFilters f) {
        return SearchQuery.of(text).withFilters(f);
    }

    @Test
    void filtersOnTypeAndAttributes() throws Exception {
        try (IndexService index = fill()) {
            assertThat(names(index, q("restless", SearchFilters.ofType(ContentType.TV))))
                    .containsExactlyInAnyOrder(EPISODE, OTHER_EPISODE, PACK);
            assertThat(names(index, q("restless", SearchFilters.ofType(ContentType.SOFTWARE)))).containsExactly(APP);
            assertThat(names(index, q("restless", SearchFilters.NONE.withSeason(2))))
                    .as("a pack of seasons 1-3 holds season 2").containsExactlyInAnyOrder(EPISODE, OTHER_EPISODE, PACK);
            assertThat(names(index, q("restless", SearchFilters.NONE.withSeason(2).withEpisode(5))))
                    .containsExactly(EPISODE);
            assertThat(names(index, q("restless", SearchFilters.NONE.withResolution("1080P")))).containsExactly(PACK);
            assertThat(names(index, q("matrix", SearchFilters.NONE.withYear(1999)))).containsExactly(MOVIE);
            assertThat(names(index, q("matrix", SearchFilters.NONE.withYear(2000)))).isEmpty();
            SearchFilters hdMovies = SearchFilters.NONE.withAnyOf(List.of(
                    new SearchFilters.TypeFilter(ContentType.MOVIE, Set.of("1080p", "720p")),
                    SearchFilters.TypeFilter.of(ContentType.MUSIC)));
            assertThat(names(index, SearchQuery.newest("", hdMovies, 20, 0))).containsExactly(MOVIE, MUSIC);
            SearchHit hit = index.search(q("dune", SearchFilters.NONE)).results().get(0);
            assertThat(hit.type()).isEqualTo(ContentType.MOVIE);
            assertThat(hit.classification().attributes().resolution()).isEqualTo("2160p");
            assertThat(hit.classification().attributes().year()).isEqualTo(2024);
        }
    }

    @Test
    void sortsAndCountsTypes() throws Exception {
        try (IndexService index = fill()) {
            SearchQuery all = SearchQuery.newest("", SearchFilters.NONE, 100, 0);
            assertThat(names(index, all)).containsExactly(MOVIE, APP, MUSIC, PACK, OTHER_EPISODE, EPISODE, MOVIE_4K);
            assertThat(names(index, all.withSort(SearchSort.DATE)))
                    .containsExactly(APP, MUSIC, PACK, OTHER_EPISODE, EPISODE, MOVIE_4K, MOVIE);
            assertThat(names(index, all.withSort(SearchSort.SIZE)).get(0)).isEqualTo(MOVIE_4K);
            assertThat(names(index, all.withSort(SearchSort.SEEN)).subList(0, 2)).containsExactly(EPISODE, MOVIE_4K);
            assertThat(names(index, q("restless", SearchFilters.NONE).withSort(SearchSort.DATE)))
                    .containsExactly(APP, PACK, OTHER_EPISODE, EPISODE);
            // every seeder count is 0 until swarm sizes are stored: the sort still answers, in score order
            assertThat(names(index, q("restless", SearchFilters.NONE).withSort(SearchSort.SEEDERS))).hasSize(4);
            SearchQuery tvOnly = q("restless", SearchFilters.ofType(ContentType.TV));
            assertThat(index.typeCounts(tvOnly)).as("the type filter is left out of the counts")
                    .isEqualTo(Map.of(ContentType.TV, 3L, ContentType.SOFTWARE, 1L));
            assertThat(index.search(all.withPage(2, 1)).results()).extracting(SearchHit::name)
                    .containsExactly(APP, MUSIC);
        }
    }

    @Test
    void changedRulesReclassifyEveryTorrentOnceInTheBackground() throws Exception {
        fill().close();
        Files.writeString(dir.resolve("classify-rules.txt"), "# ours\nname software 500 \\bMatrix\\b\n");
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            SearchQuery software = q("matrix", SearchFilters.ofType(ContentType.SOFTWARE));
            while (names(index, software).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(names(index, software)).containsExactly(MOVIE);
            while (index.metrics().reclassified() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(index.metrics().reclassified()).isEqualTo(7);
            assertThat(names(index, q("dune", SearchFilters.ofType(ContentType.MOVIE)))).containsExactly(MOVIE_4K);
        }
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            assertThat(index.awaitSearchable(Duration.ofSeconds(10))).isTrue();
            Thread.sleep(300);
            assertThat(index.metrics().reclassified()).as("the same rules again: nothing to do").isZero();
            assertThat(names(index, q("matrix", SearchFilters.ofType(ContentType.SOFTWARE)))).containsExactly(MOVIE);
        }
        Files.writeString(dir.resolve("classify-rules.txt"), "name software 5 (unclosed\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IndexService.open(dir, IndexConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classify-rules.txt:1");
    }
}
