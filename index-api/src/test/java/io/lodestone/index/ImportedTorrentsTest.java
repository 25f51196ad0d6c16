package io.lodestone.index;

import static io.lodestone.index.TestTorrents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.store.BareTorrent;
import io.lodestone.index.store.Imported;
import io.lodestone.index.store.PreparedTorrent;
import io.lodestone.index.store.StoreChange;
import io.lodestone.index.store.StoredTorrent;
import io.lodestone.metainfo.TorrentSummary.FileEntry;
import io.lodestone.types.InfoHash;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torrents imported without their info dict (magnetico rows), swarm counts, and the export walk. */
class ImportedTorrentsTest {
    @TempDir
    Path dir;

    static Imported bare(InfoHash h, String name, List<FileEntry> files, Instant discovered) {
        long size = files.stream().mapToLong(FileEntry::size).sum();
        StoredTorrent t = new StoredTorrent(0, discovered, discovered, 1, 0, size, files.size(), name);
        return new Imported(null, new BareTorrent(h.bytes(), t, files, new PendingHash(h, discovered, 1, 0, 0,
                discovered)), SwarmCounts.NONE);
    }

    @Test
    void aBareTorrentIsSearchableWithoutMetadataAndPendingThenGainsItsInfoDict() throws Exception {
        byte[] info = TestTorrents.multiFile("Blue.Planet.S01", List.of("e01.mkv", "e02.mkv"), 4000);
        InfoHash h = TestTorrents.sha1(info);
        Instant early = T0.minusSeconds(86_400);
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            int added = index.importBatch(List.of(bare(h, "Blue.Planet.S01",
                    List.of(new FileEntry("Blue.Planet.S01/old-name.mkv", 8000)), early)));
            assertThat(added).isEqualTo(1);
            assertThat(index.importBatch(List.of(bare(h, "again", List.of(), early)))).isZero();
            assertThat(index.awaitSearchable(Duration.ofSeconds(30))).isTrue();

            TorrentRecord rec = index.get(h).orElseThrow();
            assertThat(rec.hasMetadata()).isFalse();
            assertThat(rec.infoDict()).isNull();
            assertThat(rec.summary().files()).containsExactly(new FileEntry("Blue.Planet.S01/old-name.mkv", 8000));
            // the crawl must not take it for indexed, and finds it pending
            assertThat(index.isIndexed(h)).isFalse();
            assertThat(index.loadPending(10)).extracting(PendingHash::infoHash).containsExactly(h);
            assertThat(index.search(SearchQuery.of("planet")).results()).extracting(SearchHit::infoHash)
                    .containsExactly(h);
            assertThat(index.search(SearchQuery.of("old")).total()).isEqualTo(1);

            index.write(TestTorrents.resolvedBatch(List.of(new ResolvedTorrent(h, info, T0, T0.plusSeconds(5), 3, 1))));
            assertThat(index.awaitSearchable(Duration.ofSeconds(30))).isTrue();
            TorrentRecord now = index.get(h).orElseThrow();
            assertThat(now.hasMetadata()).isTrue();
            assertThat(now.infoDict()).isEqualTo(info);
            assertThat(now.discoveredAt()).isEqualTo(early);
            assertThat(now.resolvedAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(now.summary().files()).extracting(FileEntry::path)
                    .containsExactly("Blue.Planet.S01/e01.mkv", "Blue.Planet.S01/e02.mkv");
            assertThat(index.isIndexed(h)).isTrue();
            assertThat(index.loadPending(10)).isEmpty();
            assertThat(index.torrentCount()).isEqualTo(1);
            assertThat(index.search(SearchQuery.of("old")).total()).isZero();
            assertThat(index.search(SearchQuery.of("e02")).total()).isEqualTo(1);
        }
    }

    @Test
    void swarmCountsAreStoredShownInSearchAndTheOldestScrapeComesFirst() throws Exception {
        byte[] a = TestTorrents.singleFile("alpha.iso", 1000);
        byte[] b = TestTorrents.singleFile("beta.iso", 1000);
        byte[] c = TestTorrents.singleFile("gamma.iso", 1000);
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            index.write(TestTorrents.resolvedBatch(List.of(TestTorrents.resolved(a, 1), TestTorrents.resolved(b, 1),
                    TestTorrents.resolved(c, 1))));
            byte[] ka = TestTorrents.sha1(a).bytes();
            byte[] kb = TestTorrents.sha1(b).bytes();
            byte[] kc = TestTorrents.sha1(c).bytes();
            assertThat(index.dueForScrape(T0, 10)).hasSize(3);
            index.putSwarms(List.of(ka, kb), List.of(new SwarmCounts(7, 2, T0.plusSeconds(20), 0),
                    new SwarmCounts(1, 0, T0.plusSeconds(10), 4)));
            // never scraped, then the oldest scrape, then the newest; none newer than the cut-off
            assertThat(index.dueForScrape(T0.plusSeconds(60), 10)).containsExactly(kc, kb, ka);
            assertThat(index.dueForScrape(T0.plusSeconds(15), 10)).containsExactly(kc, kb);
            assertThat(index.dueForScrape(T0.plusSeconds(60), 1)).containsExactly(kc);

            TorrentRecord ra = index.get(TestTorrents.sha1(a)).orElseThrow();
            assertThat(ra.seeders()).isEqualTo(7);
            assertThat(ra.peers()).isEqualTo(2);
            assertThat(index.get(TestTorrents.sha1(b)).orElseThrow().swarm().announcers()).isEqualTo(4);
            assertThat(index.get(TestTorrents.sha1(c)).orElseThrow().seeders()).isEqualTo(-1);
            assertThat(index.awaitSearchable(Duration.ofSeconds(30))).isTrue();
            SearchHit hit = index.search(SearchQuery.of("alpha")).results().getFirst();
            assertThat(hit.seeders()).isEqualTo(7);
            assertThat(hit.peers()).isEqualTo(2);

            index.putSwarms(List.of(ka), List.of(new SwarmCounts(9, 3, T0.plusSeconds(30), 0)));
            assertThat(index.dueForScrape(T0.plusSeconds(60), 10)).containsExactly(kc, kb, ka);
            assertThat(index.get(TestTorrents.sha1(a)).orElseThrow().seeders()).isEqualTo(9);
            // announces the crawl sees count distinct addresses; a scrape keeps the count
            List<io.lodestone.crawler.Sighting> seen = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                seen.add(new io.lodestone.crawler.Sighting(TestTorrents.sha1(c), io.lodestone.crawler.HarvestSource.ANNOUNCE,
                        T0, java.net.InetAddress.getByName("10.0.0." + (i % 6 + 1))));
            }
            seen.add(new io.lodestone.crawler.Sighting(TestTorrents.sha1(c), io.lodestone.crawler.HarvestSource.GET_PEERS,
                    T0));
            index.write(TestTorrents.batch(seen, List.of(), List.of(), List.of()));
            assertThat(index.get(TestTorrents.sha1(c)).orElseThrow().swarm().announcers()).isEqualTo(6);
            index.putSwarms(List.of(kc), List.of(new SwarmCounts(2, 2, T0.plusSeconds(40), 0)));
            assertThat(index.get(TestTorrents.sha1(c)).orElseThrow().swarm().announcers()).isEqualTo(6);
            assertThat(index.get(TestTorrents.sha1(c)).orElseThrow().seeders()).isEqualTo(2);
            // deleting a torrent takes it out of the scrape queue
            index.delete(TestTorrents.sha1(a));
            assertThat(index.dueForScrape(T0.plusSeconds(60), 10)).containsExactly(kb, kc);
        }
    }

    @Test
    void theExportWalkReadsBackIntoAnIdenticalStore() throws Exception {
        byte[] full = TestTorrents.multiFile("Some.Album", List.of("01.flac", "02.flac"), 5000);
        InfoHash bareHash = TestTorrents.randomHash(new java.util.Random(4));
        List<StoreChange> first;
        try (IndexService index = IndexService.open(dir.resolve("a"), IndexConfig.defaults())) {
            index.write(TestTorrents.resolvedBatch(List.of(TestTorrents.resolved(full, 5))));
            index.importBatch(List.of(bare(bareHash, "only a name", List.of(new FileEntry("only a name", 3)), T0)));
            index.putSwarms(List.of(TestTorrents.sha1(full).bytes()), List.of(new SwarmCounts(3, 1, T0, 2)));
            first = index.exportPage(null, 1);
            first = new java.util.ArrayList<>(first);
            first.addAll(index.exportPage(first.getFirst().key(), 10));
        }
        assertThat(first).hasSize(2);
        try (IndexService copy = IndexService.open(dir.resolve("b"), IndexConfig.defaults())) {
            for (StoreChange c : first) {
                copy.importBatch(List.of(c.hasMetadata()
                        ? new Imported(PreparedTorrent.of(new ResolvedTorrent(InfoHash.v1(c.key()), c.infoDict(),
                        c.torrent().discoveredAt(), c.torrent().resolvedAt(), c.torrent().seenCount(),
                        c.torrent().sources())), null, c.swarm())
                        : bare(InfoHash.v1(c.key()), c.torrent().name(), c.bareFiles(), c.torrent().discoveredAt())));
            }
            List<StoreChange> second = copy.exportPage(null, 10);
            assertThat(second).hasSize(2);
            for (int i = 0; i < 2; i++) {
                StoreChange x = first.get(i);
                StoreChange y = second.get(i);
                assertThat(y.key()).isEqualTo(x.key());
                assertThat(y.infoDict()).isEqualTo(x.infoDict());
                assertThat(y.bareFiles()).isEqualTo(x.bareFiles());
                assertThat(y.swarm()).isEqualTo(x.swarm());
                assertThat(y.torrent().withSequence(0)).isEqualTo(x.torrent().withSequence(0));
            }
        }
    }
}
