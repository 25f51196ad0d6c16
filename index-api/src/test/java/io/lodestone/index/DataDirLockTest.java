package io.lodestone.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.index.search.SearchIndex;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process per data directory, and a search index that a lock or I/O error never wipes. */
class DataDirLockTest {

    @TempDir
    Path data;

    @Test
    void aSecondOpenIsRefusedAndTheFirstKeepsItsSearchIndex() throws Exception {
        Path f = Files.writeString(Files.createDirectories(data.resolve("content")).resolve("x.txt"), "x");
        var m = MetainfoParser.parseTorrent(TorrentCreator.create(f, CreateOptions.defaults().withName("Golf Lock")));
        Path dir = Files.createDirectories(data.resolve("d"));
        try (IndexService first = IndexService.open(dir, IndexConfig.defaults())) {
            java.time.Instant now = java.time.Instant.now();
            first.write(new io.lodestone.crawler.CrawlBatch(List.of(), List.of(), List.of(
                    new io.lodestone.crawler.ResolvedTorrent(m.dhtInfoHash(), m.infoBytes(), now, now, 1, 1)), List.of()));
            assertThat(first.awaitSearchable(Duration.ofSeconds(20))).isTrue();
            List<String> before;
            try (var files = Files.list(dir.resolve(IndexService.SEARCH_DIR))) {
                before = files.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertThatThrownBy(() -> IndexService.open(dir, IndexConfig.defaults()))
                    .isInstanceOf(DataDirLock.InUseException.class).hasMessageContaining("in use");
            // the search index itself, opened while its writer holds it: refused, nothing deleted
            assertThatThrownBy(() -> SearchIndex.open(dir.resolve(IndexService.SEARCH_DIR), 16, true))
                    .isInstanceOf(java.io.IOException.class);
            try (var files = Files.list(dir.resolve(IndexService.SEARCH_DIR))) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsAll(before);
            }
            assertThat(first.search(SearchQuery.of("golf")).total()).isEqualTo(1);
        }
        try (IndexService again = IndexService.open(dir, IndexConfig.defaults())) {
            assertThat(again.awaitSearchable(Duration.ofSeconds(20))).isTrue();
            assertThat(again.search(SearchQuery.of("golf")).total()).as("not rebuilt from nothing").isEqualTo(1);
        }
    }

    @Test
    void onlyVerifiedCorruptionCountsAsDamage() {
        assertThat(SearchIndex.isVerifiedCorruption(new org.apache.lucene.index.CorruptIndexException("x", "y"))).isTrue();
        assertThat(SearchIndex.isVerifiedCorruption(new java.io.IOException("disk",
                new org.apache.lucene.store.LockObtainFailedException("held")))).isFalse();
        assertThat(SearchIndex.isVerifiedCorruption(new java.io.IOException("No space left on device"))).isFalse();
    }
}
