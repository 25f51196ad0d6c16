package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.bench.SyntheticCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexCommandTest {
    @TempDir
    Path dir;

    @Test
    void rebuildMakesTheSearchIndexAgainFromTheStore() throws Exception {
        SyntheticCorpus corpus = new SyntheticCorpus(7, 64);
        List<ResolvedTorrent> torrents = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            SyntheticCorpus.Torrent t = corpus.torrent(i);
            torrents.add(new ResolvedTorrent(t.infoHash(), t.infoDict(), t.discoveredAt(), t.discoveredAt(),
                    t.seenCount(), t.sources()));
        }
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            index.write(new CrawlBatch(List.of(), List.of(), torrents, List.of()));
        }
        // damage the search index: every segment file goes
        try (Stream<Path> files = Files.list(dir.resolve(IndexService.SEARCH_DIR))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        CliRun run = CliRun.of("index", "rebuild", "--data-dir", dir.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("300 torrents");
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            assertThat(index.searchableDocuments()).isEqualTo(300);
            assertThat(index.awaitSearchable(Duration.ofSeconds(30))).isTrue();
            String firstName = corpus.torrent(0).name();
            assertThat(index.search(SearchQuery.of(firstName)).results())
                    .anySatisfy(h -> assertThat(h.infoHash()).isEqualTo(corpus.torrent(0).infoHash()));
            assertThat(index.metrics().searchIndexRebuilds()).isZero(); // the command left a whole index behind
        }
    }

    @Test
    void rebuildOfADirectoryWithoutAnIndexIsBadInput() {
        CliRun run = CliRun.of("index", "rebuild", "--data-dir", dir.resolve("nothing").toString());
        assertThat(run.isOneLineBadInput()).as(run.err()).isTrue();
        assertThat(CliRun.of("index").code()).isEqualTo(ExitCodes.BAD_INPUT);
    }
}
