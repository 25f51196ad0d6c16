package io.lodestone.ops.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.bench.SyntheticCorpus;
import io.lodestone.index.content.AuditLog;
import io.lodestone.index.content.BlockList;
import io.lodestone.index.content.BlockRule;
import io.lodestone.index.content.BlockingSink;
import io.lodestone.index.content.ContentControl;
import io.lodestone.time.Clock;
import io.lodestone.types.HostPort;
import io.lodestone.types.InfoHash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog on one real KRaft broker, in this JVM: what a crawler publishes reaches two replicas
 * byte for byte; a replica restarted goes on from its stored offsets (nothing twice); a replica
 * started later builds the whole catalog; a delete and a block made on one replica reach the other
 * replicas and the crawler.
 */
class FleetCatalogIT {

    static final int FIRST = 150;
    static final int MORE = 50;
    static final Duration WAIT = Duration.ofSeconds(60);

    /** One instance's store, block list and fleet membership. */
    static final class Member implements AutoCloseable {
        final IndexService index;
        final BlockList blocks;
        final BlockingSink sink;
        final ContentControl content;
        final Fleet fleet;

        Member(Path dir, FleetConfig config, String id) throws Exception {
            index = IndexService.open(dir, IndexConfig.defaults());
            blocks = new BlockList(dir, Clock.system());
            sink = new BlockingSink(index, blocks);
            fleet = Fleet.start(config, id, index, blocks, sink, new Harvester(1_000, Clock.system()), 1_000);
            content = new ContentControl(index, fleet.remover(index::delete), blocks, new AuditLog(dir));
        }

        @Override
        public void close() throws Exception {
            fleet.close();
            index.close();
        }
    }

    @Test
    void replicasFollowTheCatalogAndTheBlocks(@TempDir Path dir) throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start(dir.resolve("kafka"), 1)) {
            FleetConfig base = new FleetConfig(FleetConfig.Role.INDEX,
                    List.of(HostPort.parse(kafka.bootstrap())), 1, 1, "it.", 4, 3, 0);
            SyntheticCorpus corpus = new SyntheticCorpus(7, SyntheticCorpus.DEFAULT_MAX_PIECES);
            List<ResolvedTorrent> all = new ArrayList<>();
            for (int i = 0; i < FIRST + MORE; i++) {
                SyntheticCorpus.Torrent t = corpus.torrent(i);
                all.add(new ResolvedTorrent(t.infoHash(), t.infoDict(), t.discoveredAt(), java.time.Instant.now(),
                        t.seenCount(), t.sources()));
            }
            try (Member crawler = new Member(dir.resolve("crawler"), base.withRole(FleetConfig.Role.CRAWL), "c1");
                 Member a = new Member(dir.resolve("a"), base, "a")) {
                Member first = new Member(dir.resolve("b"), base, "b");
                Member[] bs = {first};
                try {
                    // the crawler's sink publishes; its own store keeps no torrent
                    crawler.fleet.crawlSink(crawler.sink).write(new CrawlBatch(List.of(), List.of(),
                            all.subList(0, FIRST), List.of()));
                    assertThat(crawler.index.torrentCount()).isZero();
                    await(() -> count(a) == FIRST && count(first) == FIRST, "both replicas hold the first " + FIRST);
                    sameContents(a, first, all.subList(0, FIRST));

                    // b stops; more arrive; b comes back and applies only what it had not
                    first.close();
                    crawler.fleet.crawlSink(crawler.sink).write(new CrawlBatch(List.of(), List.of(),
                            all.subList(FIRST, FIRST + MORE), List.of()));
                    Member restarted = new Member(dir.resolve("b"), base, "b");
                    bs[0] = restarted;
                    await(() -> count(restarted) == FIRST + MORE, "restarted replica caught up");
                    Thread.sleep(2_000); // anything replayed from the start would show in the count now
                    assertThat(restarted.fleet.reading().catalogApplied()).as("records applied after the restart")
                            .isEqualTo(MORE);
                    sameContents(a, restarted, all);

                    // a delete and a block through a's content control reach b and the crawler
                    InfoHash deleted = all.get(3).infoHash();
                    InfoHash blocked = all.get(4).infoHash();
                    await(() -> a.fleet.reading().blocksCaughtUp() && restarted.fleet.reading().blocksCaughtUp(),
                            "block sync caught up");
                    assertThat(a.content.delete(deleted, "it")).isTrue();
                    a.content.block(BlockRule.Kind.HASH, blocked.hex(), "it");
                    await(() -> !has(restarted, deleted) && !has(restarted, blocked), "b lost both");
                    await(() -> crawler.blocks.blocksHash(deleted) && crawler.blocks.blocksHash(blocked),
                            "the crawler honours both");
                    assertThat(crawler.sink.isBlocked(blocked)).isTrue();

                    // a replica started now builds the whole catalog, without the two
                    try (Member c = new Member(dir.resolve("c"), base, "c")) {
                        await(() -> count(c) == FIRST + MORE - 2, "late replica built the catalog");
                        assertThat(has(c, deleted)).isFalse();
                        assertThat(has(c, blocked)).isFalse();
                        // the block topic is read apart from the catalog: it may come a moment later
                        await(() -> c.blocks.blocksHash(deleted), "late replica keeps the deleted hash out");
                    }
                    assertThat(a.fleet.reading().catalogLag()).isZero();
                    assertThat(a.fleet.reading().byCrawler()).containsKey("c1");
                } finally {
                    bs[0].close();
                }
            }
        }
    }

    private static long count(Member m) {
        try {
            return m.index.torrentCount();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean has(Member m, InfoHash h) {
        try {
            return m.index.isIndexed(h);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sameContents(Member a, Member b, List<ResolvedTorrent> expected) throws Exception {
        for (ResolvedTorrent t : expected) {
            var ra = a.index.get(t.infoHash()).orElseThrow();
            var rb = b.index.get(t.infoHash()).orElseThrow();
            assertThat(ra.infoDict()).isEqualTo(t.infoDict());
            assertThat(Arrays.equals(ra.infoDict(), rb.infoDict())).isTrue();
        }
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
    }
}
