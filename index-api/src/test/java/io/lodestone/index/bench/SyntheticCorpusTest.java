package io.lodestone.index.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.SearchHit;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.TestTorrents;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCorpusTest {
    private static final SyntheticCorpus CORPUS = new SyntheticCorpus(42, SyntheticCorpus.DEFAULT_MAX_PIECES);

    @TempDir
    Path dir;

    @Test
    void torrentsAreDeterministicValidAndVaried() {
        SyntheticCorpus again = new SyntheticCorpus(42, SyntheticCorpus.DEFAULT_MAX_PIECES);
        Set<String> names = new HashSet<>();
        int multi = 0;
        int cjk = 0;
        for (int i = 0; i < 2000; i++) {
            SyntheticCorpus.Torrent t = CORPUS.torrent(i);
            assertThat(again.torrent(i).infoDict()).isEqualTo(t.infoDict());
            Metainfo m = MetainfoParser.parseInfo(t.infoDict());
            assertThat(m.infoHashV1()).isEqualTo(t.infoHash());
            assertThat(m.name()).isEqualTo(t.name());
            assertThat(m.totalSize()).isEqualTo(t.totalSize());
            assertThat(m.summary().files()).extracting(TorrentSummary.FileEntry::path)
                    .containsExactlyElementsOf(t.files().stream().map(SyntheticCorpus.File::path).toList());
            assertThat(m.pieceLength()).isLessThanOrEqualTo(CreateOptions.MAX_AUTO_PIECE_LENGTH);
            if (m.pieceLength() < CreateOptions.MAX_AUTO_PIECE_LENGTH) {
                assertThat(m.pieceCount()).isLessThanOrEqualTo(SyntheticCorpus.DEFAULT_MAX_PIECES);
            }
            assertThat(t.files()).hasSizeBetween(1, SyntheticCorpus.MAX_FILES);
            names.add(t.name());
            multi += t.files().size() > 1 ? 1 : 0;
            cjk += t.name().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
                    || Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL) ? 1 : 0;
        }
        assertThat(names.size()).isGreaterThan(1990);
        assertThat(multi).isBetween(600, 1600);
        assertThat(cjk).isBetween(150, 500);
        assertThat(new SyntheticCorpus(43, 256).torrent(0).infoHash()).isNotEqualTo(CORPUS.torrent(0).infoHash());
    }

    @Test
    void everyPieceCapGivesTorrentsTheParserTakes() {
        for (int cap : new int[] {0, 1, 64, 4096}) {
            SyntheticCorpus c = new SyntheticCorpus(cap + 7, cap);
            for (int i = 0; i < 300; i++) {
                SyntheticCorpus.Torrent t = c.torrent(i);
                assertThat(MetainfoParser.parseInfo(t.infoDict()).infoHashV1()).isEqualTo(t.infoHash());
            }
        }
    }

    @Test
    void theQuerySetIsFixedAndPartlyFiltered() {
        List<SyntheticCorpus.Query> q = CORPUS.queries(1000);
        assertThat(new SyntheticCorpus(42, 256).queries(1000)).isEqualTo(q);
        assertThat(q.stream().filter(SyntheticCorpus.Query::filtered).count()).isBetween(150L, 250L);
        assertThat(q).allSatisfy(x -> assertThat(x.text()).isNotBlank().hasSizeLessThan(SearchQuery.MAX_TEXT_LENGTH));
    }

    /** Acceptance: every torrent is found on the first page by a word of its name and by one of its paths only. */
    @Test
    void everyTorrentIsFoundByADistinctiveWordOfItsNameAndOfAPath() throws Exception {
        int n = 1500;
        List<SyntheticCorpus.Torrent> torrents = new ArrayList<>(n);
        Map<String, Set<Long>> owners = new HashMap<>();
        for (int i = 0; i < n; i++) {
            SyntheticCorpus.Torrent t = CORPUS.torrent(i);
            torrents.add(t);
            words(t.name()).forEach(w -> owners.computeIfAbsent(w, k -> new HashSet<>()).add(t.index()));
            t.files().forEach(f -> words(f.path()).forEach(w -> owners.computeIfAbsent(w, k -> new HashSet<>())
                    .add(t.index())));
        }
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            for (int from = 0; from < n; from += 250) {
                List<ResolvedTorrent> batch = new ArrayList<>();
                for (SyntheticCorpus.Torrent t : torrents.subList(from, from + 250)) {
                    batch.add(new ResolvedTorrent(t.infoHash(), t.infoDict(), t.discoveredAt(), t.discoveredAt(),
                            t.seenCount(), t.sources()));
                }
                index.write(TestTorrents.resolvedBatch(batch));
            }
            assertThat(index.awaitSearchable(Duration.ofSeconds(60))).isTrue();
            int byName = 0;
            int byPath = 0;
            for (SyntheticCorpus.Torrent t : torrents) {
                Set<String> nameWords = words(t.name());
                String nameWord = nameWords.stream().filter(w -> owners.get(w).size() == 1).findFirst().orElse(null);
                if (nameWord != null) {
                    assertFoundOnFirstPage(index, nameWord, t);
                    byName++;
                } else if (sharingAll(owners, nameWords) <= SearchQuery.DEFAULT_LIMIT / 2) {
                    // no word of its own (a popular CJK title, say): its whole name then
                    assertFoundOnFirstPage(index, t.name(), t);
                    byName++;
                }
                String pathWord = t.files().stream().flatMap(f -> words(f.path()).stream())
                        .filter(w -> !nameWords.contains(w) && owners.get(w).size() == 1).findFirst().orElse(null);
                if (pathWord != null) {
                    assertFoundOnFirstPage(index, pathWord, t);
                    byPath++;
                }
                // the stored info dict is the one fetched: an exported .torrent keeps the info-hash
                assertThat(TestTorrents.sha1(index.get(t.infoHash()).orElseThrow().infoDict())).isEqualTo(t.infoHash());
            }
            assertThat(byName).isGreaterThan(n * 9 / 10);
            assertThat(byPath).isGreaterThan(n / 4);
        }
    }

    private static void assertFoundOnFirstPage(IndexService index, String word, SyntheticCorpus.Torrent t)
            throws Exception {
        List<SearchHit> page = index.search(SearchQuery.of(word)).results();
        assertThat(page).as("first page for '%s' (%s)", word, t.name()).extracting(SearchHit::infoHash)
                .contains(t.infoHash());
    }

    private static int sharingAll(Map<String, Set<Long>> owners, Set<String> words) {
        Set<Long> common = null;
        for (String w : words) {
            if (common == null) {
                common = new HashSet<>(owners.get(w));
            } else {
                common.retainAll(owners.get(w));
            }
        }
        return common == null ? Integer.MAX_VALUE : common.size();
    }

    private static Set<String> words(String s) {
        Set<String> out = new HashSet<>();
        for (String w : s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
