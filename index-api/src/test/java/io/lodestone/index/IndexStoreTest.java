package io.lodestone.index;

import static io.lodestone.index.TestTorrents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.HarvestSource;
import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.crawler.Sighting;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexStoreTest {
    @TempDir
    Path dir;

    private IndexService open() throws IOException {
        return IndexService.open(dir, IndexConfig.defaults());
    }

    @Test
    void storesAResolvedTorrentByteForByteWithTheParsersSummary() throws Exception {
        byte[] info = TestTorrents.multiFile("Some.Album", List.of("01 - first.flac", "cover/front.jpg"), 5000);
        ResolvedTorrent r = TestTorrents.resolved(info, 7);
        try (IndexService index = open()) {
            index.write(TestTorrents.resolvedBatch(List.of(r)));
            TorrentRecord rec = index.get(r.infoHash()).orElseThrow();
            assertThat(rec.infoDict()).isEqualTo(info);
            assertThat(TestTorrents.sha1(rec.infoDict())).isEqualTo(r.infoHash());
            assertThat(rec.summary()).isEqualTo(MetainfoParser.parseInfo(info).summary());
            assertThat(rec.summary().files()).extracting(f -> f.path())
                    .containsExactly("Some.Album/01 - first.flac", "Some.Album/cover/front.jpg");
            assertThat(rec.discoveredAt()).isEqualTo(T0);
            assertThat(rec.resolvedAt()).isEqualTo(T0.plusSeconds(30));
            assertThat(rec.seenCount()).isEqualTo(7);
            assertThat(index.isIndexed(r.infoHash())).isTrue();
            assertThat(index.torrentCount()).isEqualTo(1);
        }
        try (IndexService reopened = open()) {
            assertThat(reopened.get(r.infoHash()).orElseThrow().infoDict()).isEqualTo(info);
            assertThat(reopened.get(TestTorrents.randomHash(new Random(1)))).isEmpty();
        }
    }

    @Test
    void hybridAndV2TorrentsAnswerToEveryHashTheyHave() throws Exception {
        Path content = Files.createDirectories(dir.resolve("content"));
        Files.writeString(content.resolve("a.txt"), "hello hybrid world".repeat(2000));
        Files.writeString(content.resolve("b.txt"), "second file".repeat(100));
        Metainfo hybrid = MetainfoParser.parseTorrent(TorrentCreator.create(content,
                CreateOptions.defaults().withFormat(CreateOptions.Format.HYBRID).withName("hybrid")));
        Metainfo v2 = MetainfoParser.parseTorrent(TorrentCreator.create(content,
                CreateOptions.defaults().withFormat(CreateOptions.Format.V2).withName("v2only")));
        try (IndexService index = IndexService.open(dir.resolve("data"), IndexConfig.defaults())) {
            // the hybrid is harvested under its truncated v2 hash: it is still keyed by its v1 hash
            index.write(TestTorrents.resolvedBatch(List.of(
                    new ResolvedTorrent(hybrid.infoHashV2().truncated(), hybrid.infoBytes(), T0, T0, 1, 1),
                    new ResolvedTorrent(v2.infoHashV2().truncated(), v2.infoBytes(), T0, T0, 1, 1))));
            for (InfoHash h : List.of(hybrid.infoHashV1(), hybrid.infoHashV2(), hybrid.infoHashV2().truncated())) {
                TorrentRecord rec = index.get(h).orElseThrow();
                assertThat(rec.infoHash()).isEqualTo(hybrid.infoHashV1());
                assertThat(rec.summary()).isEqualTo(hybrid.summary());
                assertThat(index.isIndexed(h)).isTrue();
            }
            for (InfoHash h : List.of(v2.infoHashV2(), v2.infoHashV2().truncated())) {
                TorrentRecord rec = index.get(h).orElseThrow();
                assertThat(rec.infoHash()).isEqualTo(v2.infoHashV2().truncated());
                assertThat(rec.summary()).isEqualTo(v2.summary());
            }
            assertThat(index.torrentCount()).isEqualTo(2);
        }
    }

    @Test
    void pendingHashesSightingsAndAbandonmentFollowTheBatches() throws Exception {
        Random rnd = new Random(2);
        InfoHash a = TestTorrents.randomHash(rnd);
        InfoHash b = TestTorrents.randomHash(rnd);
        byte[] info = TestTorrents.singleFile("stored.iso", 1 << 20);
        ResolvedTorrent stored = TestTorrents.resolved(info, 1);
        try (IndexService index = open()) {
            PendingHash pa = TestTorrents.pending(a);
            index.write(TestTorrents.batch(List.of(), List.of(pa, TestTorrents.pending(b),
                    TestTorrents.pending(stored.infoHash())), List.of(), List.of()));
            assertThat(index.pendingCount()).isEqualTo(3);
            assertThat(index.loadPending(10)).contains(pa).hasSize(3);
            assertThat(index.loadPending(2)).hasSize(2);

            // resolving removes the pending entry; abandoning removes another
            index.write(TestTorrents.batch(List.of(), List.of(), List.of(stored), List.of(b)));
            assertThat(index.loadPending(10)).containsExactly(pa);

            // a sighting bumps the count and the sources; one of an unknown hash is dropped
            index.write(TestTorrents.batch(List.of(new Sighting(stored.infoHash(), HarvestSource.SAMPLE, T0),
                    new Sighting(stored.infoHash(), HarvestSource.GET_PEERS, T0.minusSeconds(5)),
                    new Sighting(b, HarvestSource.ANNOUNCE, T0)), List.of(), List.of(), List.of()));
            TorrentRecord rec = index.get(stored.infoHash()).orElseThrow();
            assertThat(rec.seenCount()).isEqualTo(3);
            assertThat(rec.sources()).isEqualTo(1 | (1 << HarvestSource.SAMPLE.ordinal())
                    | (1 << HarvestSource.GET_PEERS.ordinal()));
            assertThat(rec.discoveredAt()).isEqualTo(T0.minusSeconds(5));
            assertThat(index.metrics().sightingsUnknown()).isEqualTo(1);

            // a hash already indexed is not made pending again
            index.write(TestTorrents.batch(List.of(), List.of(TestTorrents.pending(stored.infoHash())), List.of(),
                    List.of()));
            assertThat(index.pendingCount()).isEqualTo(1);
        }
        try (IndexService reopened = open()) {
            assertThat(reopened.loadPending(10)).containsExactly(TestTorrents.pending(a));
        }
    }

    @Test
    void aResolvedTorrentThatDoesNotHashToItsHashIsRefusedAndTheRestStored() throws Exception {
        byte[] good = TestTorrents.singleFile("good.bin", 100);
        byte[] other = TestTorrents.singleFile("other.bin", 100);
        InfoHash claimed = TestTorrents.sha1(good);
        ResolvedTorrent liar = new ResolvedTorrent(TestTorrents.randomHash(new Random(3)), other, T0, T0, 1, 1);
        ResolvedTorrent garbage = new ResolvedTorrent(TestTorrents.randomHash(new Random(4)),
                "not bencode".getBytes(StandardCharsets.US_ASCII), T0, T0, 1, 1);
        try (IndexService index = open()) {
            index.write(TestTorrents.batch(List.of(), List.of(TestTorrents.pending(liar.infoHash())),
                    List.of(liar, garbage, TestTorrents.resolved(good, 1)), List.of()));
            assertThat(index.isIndexed(claimed)).isTrue();
            assertThat(index.isIndexed(liar.infoHash())).isFalse();
            assertThat(index.isIndexed(TestTorrents.sha1(other))).isFalse();
            assertThat(index.pendingCount()).isZero();
            assertThat(index.metrics().torrentsRejected()).isEqualTo(2);
        }
    }

    @Test
    void resolvingTheSameTorrentTwiceKeepsOneRecordAndMergesCounts() throws Exception {
        byte[] info = TestTorrents.singleFile("twice.bin", 100);
        InfoHash h = TestTorrents.sha1(info);
        try (IndexService index = open()) {
            index.write(TestTorrents.resolvedBatch(List.of(new ResolvedTorrent(h, info, T0, T0, 2, 1))));
            index.write(TestTorrents.resolvedBatch(List.of(new ResolvedTorrent(h, info, T0.minusSeconds(9),
                    T0.plusSeconds(9), 5, 2))));
            TorrentRecord rec = index.get(h).orElseThrow();
            assertThat(index.torrentCount()).isEqualTo(1);
            assertThat(rec.seenCount()).isEqualTo(5);
            assertThat(rec.sources()).isEqualTo(3);
            assertThat(rec.discoveredAt()).isEqualTo(T0.minusSeconds(9));
            assertThat(rec.resolvedAt()).isEqualTo(T0);
        }
    }

    @Test
    void aBatchThatFailsLeavesNothingOfItselfBehind() throws Exception {
        // a store too small for the second batch: LMDB fails it part-way, and the transaction is dropped whole
        IndexConfig tiny = IndexConfig.defaults().withMapSize(2L << 20);
        byte[] first = TestTorrents.singleFile("first.bin", 1000);
        try (IndexService index = IndexService.open(dir, tiny)) {
            index.write(TestTorrents.resolvedBatch(List.of(TestTorrents.resolved(first, 1))));
            List<ResolvedTorrent> big = new ArrayList<>();
            List<PendingHash> pending = new ArrayList<>();
            Random rnd = new Random(5);
            for (int i = 0; i < 40; i++) {
                // 256 KiB pieces of 100 MB: 8 KB of piece hashes each, 40 of them overflow 2 MiB with pages
                big.add(TestTorrents.resolved(TestTorrents.singleFile("big-" + i + ".bin", 100L << 20), 1));
                pending.add(TestTorrents.pending(TestTorrents.randomHash(rnd)));
            }
            for (int i = 0; i < 200; i++) {
                big.add(TestTorrents.resolved(TestTorrents.singleFile("more-" + i + ".bin", 300L << 20), 1));
            }
            CrawlBatch batch = TestTorrents.batch(List.of(), pending, big, List.of());
            assertThatThrownBy(() -> index.write(batch)).isInstanceOf(IOException.class);
            assertThat(index.torrentCount()).isEqualTo(1);
            assertThat(index.pendingCount()).isZero();
            for (ResolvedTorrent r : big) {
                assertThat(index.isIndexed(r.infoHash())).isFalse();
            }
            assertThat(index.isIndexed(TestTorrents.sha1(first))).isTrue();
        }
    }

    @Test
    void theMapGrowsByItselfUpToItsMaximum() throws Exception {
        IndexConfig growing = IndexConfig.defaults().withMapSize(2L << 20, 64L << 20);
        List<ResolvedTorrent> big = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            big.add(TestTorrents.resolved(TestTorrents.singleFile("grow-" + i + ".bin", 300L << 20), 1));
        }
        try (IndexService index = IndexService.open(dir, growing)) {
            index.write(TestTorrents.resolvedBatch(big));
            assertThat(index.torrentCount()).isEqualTo(240);
            assertThat(index.mapSizeBytes()).isGreaterThan(2L << 20).isLessThanOrEqualTo(64L << 20);
        }
        IndexConfig capped = IndexConfig.defaults().withMapSize(2L << 20, 4L << 20);
        List<ResolvedTorrent> more = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            more.add(TestTorrents.resolved(TestTorrents.singleFile("over-" + i + ".bin", 300L << 20), 1));
        }
        try (IndexService index = IndexService.open(dir.resolve("capped"), capped)) {
            assertThatThrownBy(() -> index.write(TestTorrents.resolvedBatch(more)))
                    .isInstanceOf(io.lodestone.index.store.StoreFullException.class)
                    .hasMessageContaining("maximum");
            assertThat(index.torrentCount()).isZero();
            index.write(TestTorrents.resolvedBatch(more.subList(0, 5))); // a smaller batch still fits
            assertThat(index.torrentCount()).isEqualTo(5);
        }
    }

    @Test
    void crawlStateRoundTripsAndBadKeysAreRefused() throws Exception {
        try (IndexService index = open()) {
            index.putCrawlState("sweep.cursor", new byte[] {1, 2, 3});
            assertThat(index.crawlState("sweep.cursor")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
            assertThat(index.crawlState("missing")).isEmpty();
            assertThatThrownBy(() -> index.putCrawlState("", new byte[1])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> index.putCrawlState("k".repeat(600), new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        try (IndexService index = open()) {
            assertThat(index.crawlState("sweep.cursor")).isPresent();
        }
    }

    @Test
    void aClosedIndexAnswersWithAnErrorNotACrash() throws Exception {
        IndexService index = open();
        index.close();
        index.close();
        assertThatThrownBy(() -> index.torrentCount()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> index.search(SearchQuery.of("x"))).isInstanceOf(IOException.class);
    }
}
