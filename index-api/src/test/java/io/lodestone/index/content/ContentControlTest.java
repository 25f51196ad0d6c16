package io.lodestone.index.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.SearchQuery;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delete, block and bulk delete on the real index, each recorded in the audit log. */
class ContentControlTest {

    @TempDir
    Path temp;

    @Test
    void deletesBlocksAndBulkDeletesAreEnforcedAndAudited() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        List<Metainfo> torrents = new ArrayList<>();
        for (String name : List.of("Alpha Sunrise", "Bravo Sunrise", "Charlie Sunrise", "Delta Moon", "Echo Moon")) {
            torrents.add(BlockListTest.create(temp, name));
        }
        try (IndexService index = IndexService.open(data, IndexConfig.defaults())) {
            write(index, torrents);
            BlockList blocks = new BlockList(data, Clock.system());
            ContentControl c = new ContentControl(index, index::delete, blocks, new AuditLog(data));
            BlockingSink sink = new BlockingSink(index, blocks);

            assertThat(c.delete(torrents.get(3).dhtInfoHash(), "tester")).isTrue();
            assertThat(index.get(torrents.get(3).dhtInfoHash())).isEmpty();
            assertThat(index.awaitSearchable(Duration.ofSeconds(20))).isTrue();
            awaitTotal(index, "moon", 1);
            // the crawl finds it again: refused before the fetch and before the write
            assertThat(sink.isBlocked(torrents.get(3).dhtInfoHash())).isTrue();
            write(sink, List.of(torrents.get(3)));
            assertThat(index.get(torrents.get(3).dhtInfoHash())).isEmpty();

            BlockRule byHash = c.block(BlockRule.Kind.HASH, torrents.get(4).dhtInfoHash().hex(), "tester");
            assertThat(index.get(torrents.get(4).dhtInfoHash())).as("a hash block removes it").isEmpty();
            assertThat(byHash.kind()).isEqualTo(BlockRule.Kind.HASH);

            ContentControl.Bulk dry = c.bulkDelete("sunrise", true, "tester");
            assertThat(dry.matched()).isEqualTo(3);
            assertThat(dry.deleted()).isZero();
            assertThat(index.torrentCount()).isEqualTo(3);
            ContentControl.Bulk done = c.bulkDelete("sunrise", false, "tester");
            assertThat(done.deleted()).isEqualTo(3);
            assertThat(index.torrentCount()).isZero();
            awaitTotal(index, "sunrise", 0);

            // removing the deletion rule lets the torrent be indexed again
            long id = blocks.snapshot().rules().stream()
                    .filter(r -> r.value().equals(torrents.get(0).dhtInfoHash().hex())).findFirst().orElseThrow().id();
            assertThat(c.unblock(id, "tester")).isPresent();
            write(sink, List.of(torrents.get(0)));
            assertThat(index.get(torrents.get(0).dhtInfoHash())).isPresent();

            String audit = Files.readString(data.resolve(AuditLog.FILE_NAME));
            assertThat(audit.lines()).as("a dry run changes nothing and is not recorded").hasSize(4);
            assertThat(audit).contains("\"action\":\"delete\"").contains("\"action\":\"block-hash\"")
                    .contains("\"action\":\"bulk-delete\"").contains("\"target\":\"q=sunrise\"")
                    .contains("\"action\":\"unblock-deleted\"").contains("\"by\":\"tester\"");
        }
    }

    @Test
    void rulesAddedElsewhereAreEnforcedOnTheIndex() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data2"));
        Metainfo m = BlockListTest.create(temp, "Foxtrot Thing");
        try (IndexService index = IndexService.open(data, IndexConfig.defaults())) {
            write(index, List.of(m));
            ContentControl c = new ContentControl(index, index::delete, new BlockList(data, Clock.system()),
                    new AuditLog(data));
            assertThat(c.enforce()).isZero();
            new BlockList(data, Clock.system()).add(BlockRule.Kind.DELETED, m.dhtInfoHash().hex(), "cli");
            Thread.sleep(1_100); // the list looks at its file at most once a second
            assertThat(c.enforce()).isEqualTo(1);
            assertThat(index.get(m.dhtInfoHash())).isEmpty();
        }
    }

    static void write(io.lodestone.crawler.CrawlSink sink, List<Metainfo> torrents) throws Exception {
        Instant now = Instant.now();
        sink.write(new CrawlBatch(List.of(), List.of(), torrents.stream()
                .map(m -> new ResolvedTorrent(m.dhtInfoHash(), m.infoBytes(), now, now, 1, 1)).toList(), List.of()));
    }

    static void awaitTotal(IndexService index, String q, long total) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            index.awaitSearchable(Duration.ofSeconds(5));
            seen = index.search(SearchQuery.of(q)).total();
            if (seen == total) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(seen).as("search total for %s", q).isEqualTo(total);
    }
}
