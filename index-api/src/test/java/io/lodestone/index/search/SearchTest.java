package io.lodestone.index.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.SearchHit;
import io.lodestone.index.SearchPage;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.TestTorrents;
import io.lodestone.types.InfoHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchTest {
    @TempDir
    static java.nio.file.Path dir;
    private IndexService index;
    private final Map<String, InfoHash> byName = new java.util.HashMap<>();

    @BeforeAll
    void fill() throws Exception {
        index = IndexService.open(dir, IndexConfig.defaults());
        List<ResolvedTorrent> all = new ArrayList<>();
        add(all, TestTorrents.singleFile("The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv", 8L << 30), 1);
        add(all, TestTorrents.singleFile("The.Matrix.Reloaded.2003.720p.WEB-DL.mkv", 4L << 30), 1);
        add(all, TestTorrents.multiFile("Ubuntu 24.04 Desktop", List.of("ubuntu-24.04-desktop-amd64.iso",
                "SHA256SUMS", "docs/ReleaseNotes.txt"), 1L << 30), 1);
        add(all, TestTorrents.multiFile("[字幕组] 進撃の巨人 第1季", List.of("進撃の巨人 第01話 1080p.mp4",
                "進撃の巨人 第02話 1080p.mp4"), 500L << 20), 1);
        add(all, TestTorrents.singleFile("流浪地球 2019 1080p.mkv", 3L << 30), 1);
        add(all, TestTorrents.singleFile("나의 아저씨 E01.mp4", 1L << 30), 1);
        add(all, TestTorrents.multiFile("Amélie Soundtrack (2001) [FLAC]", List.of("01 - J'y suis jamais allé.flac",
                "02 - Les jours tristes.flac", "Artwork/cover.jpg"), 30L << 20), 1);
        add(all, TestTorrents.singleFile("CamelCaseProject_v2.zip", 10L << 20), 1);
        add(all, TestTorrents.multiFile("Backup photos", List.of("2019/holiday/beach_sunset.jpg",
                "2019/holiday/mountain.jpg"), 5L << 20), 1);
        // many alike torrents for paging, of which one seen very often
        for (int i = 0; i < 45; i++) {
            add(all, TestTorrents.singleFile("Common Sample Torrent " + i + ".bin", (i + 1) * (10L << 20)),
                    i == 30 ? 5000 : 1);
        }
        index.write(TestTorrents.resolvedBatch(all));
        assertThat(index.awaitSearchable(Duration.ofSeconds(30))).isTrue();
    }

    private void add(List<ResolvedTorrent> all, byte[] info, long seen) {
        ResolvedTorrent r = TestTorrents.resolved(info, seen);
        all.add(r);
        byName.put(io.lodestone.metainfo.MetainfoParser.parseInfo(info).name(), r.infoHash());
    }

    @AfterAll
    void close() throws Exception {
        index.close();
    }

    private List<String> names(String q) throws Exception {
        return index.search(SearchQuery.of(q)).results().stream().map(SearchHit::name).toList();
    }

    @Test
    void latinNamesMatchByWordAcrossDotsCaseAndAccents() throws Exception {
        assertThat(names("matrix")).containsExactlyInAnyOrder("The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv",
                "The.Matrix.Reloaded.2003.720p.WEB-DL.mkv");
        assertThat(names("MATRIX 1080p")).containsExactly("The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv");
        assertThat(names("bluray")).containsExactly("The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv");
        assertThat(names("Blu-Ray x264")).containsExactly("The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv");
        assertThat(names("amelie")).containsExactly("Amélie Soundtrack (2001) [FLAC]");
        assertThat(names("AMÉLIE flac")).containsExactly("Amélie Soundtrack (2001) [FLAC]");
        assertThat(names("camel case")).containsExactly("CamelCaseProject_v2.zip");
        assertThat(names("camelcaseproject")).containsExactly("CamelCaseProject_v2.zip");
        assertThat(names("reloaded 2003")).containsExactly("The.Matrix.Reloaded.2003.720p.WEB-DL.mkv");
        assertThat(names("matrix nothere")).isEmpty();
    }

    @Test
    void filePathsAreSearchedToo() throws Exception {
        assertThat(names("amd64")).containsExactly("Ubuntu 24.04 Desktop");
        assertThat(names("release notes")).containsExactly("Ubuntu 24.04 Desktop");
        assertThat(names("beach sunset")).containsExactly("Backup photos");
        assertThat(names("tristes")).containsExactly("Amélie Soundtrack (2001) [FLAC]");
        // a word from the name and one from a path, together
        assertThat(names("backup mountain")).containsExactly("Backup photos");
    }

    @Test
    void cjkNamesMatchByWordsAndSingleCharacters() throws Exception {
        assertThat(names("進撃の巨人")).containsExactly("[字幕组] 進撃の巨人 第1季");
        assertThat(names("巨人")).containsExactly("[字幕组] 進撃の巨人 第1季");
        assertThat(names("字幕组")).containsExactly("[字幕组] 進撃の巨人 第1季");
        assertThat(names("第02話")).containsExactly("[字幕组] 進撃の巨人 第1季"); // only in a file path
        assertThat(names("流浪地球")).containsExactly("流浪地球 2019 1080p.mkv");
        assertThat(names("地球")).containsExactly("流浪地球 2019 1080p.mkv");
        assertThat(names("아저씨")).containsExactly("나의 아저씨 E01.mp4");
        assertThat(names("1080p")).contains("流浪地球 2019 1080p.mkv", "[字幕组] 進撃の巨人 第1季",
                "The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv");
        assertThat(names("巨人 地球")).isEmpty();
    }

    @Test
    void aNameMatchOutranksAPathMatchAndHitsCarryTheirRecord() throws Exception {
        SearchPage p = index.search(SearchQuery.of("ubuntu"));
        SearchHit hit = p.results().getFirst();
        assertThat(hit.infoHash()).isEqualTo(byName.get("Ubuntu 24.04 Desktop"));
        assertThat(hit.fileCount()).isEqualTo(3);
        assertThat(hit.totalSize()).isEqualTo(3L << 30);
        assertThat(hit.discoveredAt()).isEqualTo(TestTorrents.T0);
        assertThat(hit.score()).isPositive();
    }

    @Test
    void theOftenSeenTorrentRanksFirstAmongEquals() throws Exception {
        SearchPage p = index.search(SearchQuery.of("common sample torrent"));
        assertThat(p.total()).isEqualTo(45);
        assertThat(p.results().getFirst().name()).isEqualTo("Common Sample Torrent 30.bin");
        assertThat(p.results().getFirst().seenCount()).isEqualTo(5000);
    }

    @Test
    void pagesAreDisjointAndCoverEveryMatch() throws Exception {
        List<String> seen = new ArrayList<>();
        for (int offset = 0; offset < 45; offset += 10) {
            SearchPage p = index.search(new SearchQuery("common sample", 0, Long.MAX_VALUE, 0, Integer.MAX_VALUE,
                    10, offset));
            assertThat(p.total()).isEqualTo(45);
            seen.addAll(p.results().stream().map(SearchHit::name).toList());
        }
        assertThat(seen).hasSize(45).doesNotHaveDuplicates();
        SearchPage beyond = index.search(new SearchQuery("common", 0, Long.MAX_VALUE, 0, Integer.MAX_VALUE, 10, 100));
        assertThat(beyond.total()).isEqualTo(45);
        assertThat(beyond.results()).isEmpty();
    }

    @Test
    void sizeAndFileCountFiltersAreInclusiveRanges() throws Exception {
        // sizes are (i + 1) * 10 MiB: 100..200 MiB is i = 9..19
        SearchPage sized = index.search(new SearchQuery("common", 100L << 20, 200L << 20, 0, Integer.MAX_VALUE, 50, 0));
        assertThat(sized.total()).isEqualTo(11);
        assertThat(sized.results()).allSatisfy(h -> assertThat(h.totalSize()).isBetween(100L << 20, 200L << 20));
        assertThat(index.search(new SearchQuery("1080p", 0, Long.MAX_VALUE, 2, 2, 20, 0)).results())
                .extracting(SearchHit::name).containsExactly("[字幕组] 進撃の巨人 第1季");
        assertThat(index.search(new SearchQuery("matrix", 5L << 30, Long.MAX_VALUE, 1, 1, 20, 0)).results())
                .extracting(SearchHit::name).containsExactly("The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"matrix", "matrix:", "title:matrix", "matrix*", "*", "?", "(matrix", "matrix)",
        "[1999 TO 2003]", "matrix~2", "+matrix -reloaded", "a AND OR NOT b", "\\", "/regex/", "{", "^3", "&&", "||",
        "!", "   \u0000  ", "\uD83D\uDE00 emoji", "\u200f\u202e", "\"\"\"\"", "::::"})
    void luceneSyntaxInUserTextIsJustText(String q) throws Exception {
        SearchPage p = index.search(SearchQuery.of(q));
        assertThat(p.total()).isGreaterThanOrEqualTo(0);
        assertThat(p.results().size()).isLessThanOrEqualTo(SearchQuery.DEFAULT_LIMIT);
    }

    @Test
    void syntaxCharactersAroundWordsStillFindThem() throws Exception {
        assertThat(names("\"matrix\" +reloaded")).containsExactly("The.Matrix.Reloaded.2003.720p.WEB-DL.mkv");
        assertThat(names("(amelie)")).containsExactly("Amélie Soundtrack (2001) [FLAC]");
    }

    @Test
    void randomTextOfMaximumLengthNeverFails() throws Exception {
        Random rnd = new Random(9);
        String alphabet = "ab .-_:\"*()[]{}~^!&|\\/+世界あア한0123456789XYZ'";
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + rnd.nextInt(SearchQuery.MAX_TEXT_LENGTH);
            for (int k = 0; k < n; k++) {
                b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            if (b.toString().isBlank()) {
                continue;
            }
            assertThat(index.search(SearchQuery.of(b.toString())).total()).isGreaterThanOrEqualTo(0);
        }
    }
}
