package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.SearchHit;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.TorrentRecord;
import io.lodestone.metainfo.TorrentSummary.FileEntry;
import io.lodestone.ops.transfer.MagneticoFixture;
import io.lodestone.types.InfoHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import --magnetico} and {@code export}/{@code import}: a magnetico database made here in
 * magnetico's schema imports searchable and without metadata, a torrent of it gains its info dict
 * when resolved, and export then import gives the same index (every record, info dicts byte for
 * byte). CI imports 20,000 rows; {@code -Dlodestone.magneticoRows=100000} runs the count.
 */
class ImportExportTest {
    static final int ROWS = Integer.getInteger("lodestone.magneticoRows", 20_000);
    /** An info dict this test resolves: a single 5-byte file. */
    static final byte[] INFO = "d6:lengthi5e4:name5:a.bin12:piece lengthi16384e6:pieces20:01234567890123456789e"
            .getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    static void magnetico(Path db, int rows, byte[] firstHash) throws Exception {
        Random r = new Random(14);
        try (MagneticoFixture m = MagneticoFixture.create(db)) {
            for (int i = 1; i <= rows; i++) {
                byte[] h = new byte[20];
                r.nextBytes(h);
                boolean single = i % 2 == 1;
                String name = i == 1 ? "a.bin" : "Release " + i + " word" + i + (single ? ".iso" : "");
                m.add(i, i == 1 ? firstHash : h, name, single ? 5 : 3000, 1_600_000_000L + i, single
                        ? List.of(new MagneticoFixture.File(name, 5))
                        : List.of(new MagneticoFixture.File("disc/a" + i + ".flac", 1500),
                        new MagneticoFixture.File("cover.jpg", 1500)));
            }
        }
    }

    @Test
    void aMagneticoDatabaseImportsSearchableGainsInfoDictsAndExportsAndImportsIdentically() throws Exception {
        InfoHash resolvedHash = InfoHash.v1(MessageDigest.getInstance("SHA-1").digest(INFO));
        Path db = dir.resolve("magnetico.sqlite3");
        magnetico(db, ROWS, resolvedHash.bytes());
        Path data = dir.resolve("data");
        long t0 = System.nanoTime();
        CliRun in = CliRun.of("import", "--magnetico", db.toString(), "--data-dir", data.toString());
        System.out.printf("magnetico import of %d rows: %.1f s%n", ROWS, (System.nanoTime() - t0) / 1e9);
        assertThat(in.code()).as(in.err()).isZero();
        assertThat(in.out()).contains("imported " + ROWS + " new torrents of " + ROWS + " read (0 refused");

        try (IndexService index = IndexService.open(data, IndexConfig.defaults())) {
            assertThat(index.torrentCount()).isEqualTo(ROWS);
            assertThat(index.pendingCount()).as("all queued for the crawl to resolve").isEqualTo(ROWS);
            int probe = ROWS / 2 * 2; // a multi-file one
            List<SearchHit> hits = index.search(SearchQuery.of("word" + probe)).results();
            assertThat(hits).hasSize(1);
            TorrentRecord rec = index.get(hits.getFirst().infoHash()).orElseThrow();
            assertThat(rec.hasMetadata()).isFalse();
            assertThat(rec.summary().files()).containsExactly(
                    new FileEntry("Release " + probe + " word" + probe + "/disc/a" + probe + ".flac", 1500),
                    new FileEntry("Release " + probe + " word" + probe + "/cover.jpg", 1500));
            assertThat(rec.discoveredAt()).isEqualTo(Instant.ofEpochSecond(1_600_000_000L + probe));
            assertThat(index.search(SearchQuery.of("a" + probe)).total()).as("found by a file name").isEqualTo(1);
            assertThat(index.isIndexed(resolvedHash)).isFalse();

            // the crawl resolves one: it gains its info dict and keeps its history
            index.write(new CrawlBatch(List.of(), List.of(), List.of(new ResolvedTorrent(resolvedHash, INFO,
                    Instant.now(), Instant.now(), 1, 1)), List.of()));
            TorrentRecord gained = index.get(resolvedHash).orElseThrow();
            assertThat(gained.hasMetadata()).isTrue();
            assertThat(gained.infoDict()).isEqualTo(INFO);
            assertThat(gained.discoveredAt()).isEqualTo(Instant.ofEpochSecond(1_600_000_001L));
            assertThat(index.pendingCount()).isEqualTo(ROWS - 1);
            assertThat(index.awaitSearchable(Duration.ofSeconds(60))).isTrue();
        }

        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        t0 = System.nanoTime();
        CliRun ex = CliRun.of("export", a.toString(), "--data-dir", data.toString());
        assertThat(ex.code()).as(ex.err()).isZero();
        assertThat(ex.out()).contains("exported " + ROWS + " torrents (" + (ROWS - 1) + " without metadata)");
        CliRun back = CliRun.of("import", a.toString(), "--data-dir", dir.resolve("copy").toString());
        assertThat(back.code()).as(back.err()).isZero();
        CliRun again = CliRun.of("export", b.toString(), "--data-dir", dir.resolve("copy").toString());
        assertThat(again.code()).as(again.err()).isZero();
        System.out.printf("export, import, export of %d torrents: %.1f s%n", ROWS, (System.nanoTime() - t0) / 1e9);
        // every record, info dict bytes included (base64 in the lines), the same in the copy
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        assertThat(Files.readAllLines(a)).hasSize(ROWS).anyMatch(l -> l.contains("\"infoDict\":\""));
    }

    @Test
    void swarmCountsOfALaterMagneticoSchemaComeAlong() throws Exception {
        Path db = dir.resolve("v2.sqlite3");
        byte[] a = new byte[20];
        byte[] b = new byte[20];
        a[0] = 1;
        b[0] = 2;
        try (MagneticoFixture m = MagneticoFixture.create(db)) {
            m.execute("ALTER TABLE torrents ADD COLUMN updated_on INTEGER DEFAULT NULL");
            m.execute("ALTER TABLE torrents ADD COLUMN n_seeders INTEGER DEFAULT NULL");
            m.execute("ALTER TABLE torrents ADD COLUMN n_leechers INTEGER DEFAULT NULL");
            m.add(1, a, "counted", 10, 1_600_000_000L, List.of(new MagneticoFixture.File("counted", 10)));
            m.add(2, b, "never counted", 10, 1_600_000_000L, List.of(new MagneticoFixture.File("never counted", 10)));
            m.execute("UPDATE torrents SET n_seeders = 12, n_leechers = 3, updated_on = 1700000000 WHERE id = 1");
        }
        Path data = dir.resolve("data");
        assertThat(CliRun.of("import", "--magnetico", db.toString(), "--data-dir", data.toString()).code()).isZero();
        try (IndexService index = IndexService.open(data, IndexConfig.defaults())) {
            TorrentRecord counted = index.get(InfoHash.v1(a)).orElseThrow();
            assertThat(counted.seeders()).isEqualTo(12);
            assertThat(counted.peers()).isEqualTo(3);
            assertThat(counted.swarm().scrapedAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
            assertThat(index.get(InfoHash.v1(b)).orElseThrow().seeders()).isEqualTo(-1);
        }
    }

    @Test
    void badRowsAreRefusedWithReasonsTheRestImportedAndARunningServesDataDirIsRefused() throws Exception {
        Path db = dir.resolve("m.sqlite3");
        try (MagneticoFixture m = MagneticoFixture.create(db)) {
            for (int i = 1; i <= 3; i++) {
                m.add(i, new byte[] {(byte) i, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19},
                        "name " + i, 10, 1_600_000_000L, List.of(new MagneticoFixture.File("name " + i, 10)));
            }
            m.execute("INSERT INTO torrents VALUES (4, x'0102', 'short hash', 10, 1600000000)");
        }
        Path data = dir.resolve("data");
        CliRun run = CliRun.of("import", "--magnetico", db.toString(), "--data-dir", data.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("torrent id 4: info_hash is not 20 bytes");
        assertThat(run.out()).contains("imported 3 new torrents of 4 read (1 refused");

        Files.writeString(dir.resolve("not.sqlite3"), "hello, not a database");
        assertThat(CliRun.of("import", "--magnetico", dir.resolve("not.sqlite3").toString(), "--data-dir",
                dir.resolve("d2").toString()).isOneLineBadInput()).isTrue();
        Files.writeString(dir.resolve("bad.jsonl"), "{\"infoHash\": \"zz\"}\nnot json\n");
        CliRun lines = CliRun.of("import", dir.resolve("bad.jsonl").toString(), "--data-dir", dir.resolve("d3").toString());
        assertThat(lines.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(lines.err()).contains("line 1: infoHash must be 40 hex digits").contains("line 2: not JSON");

        try (IndexService running = IndexService.open(data, IndexConfig.defaults())) {
            CliRun locked = CliRun.of("import", "--magnetico", db.toString(), "--data-dir", data.toString());
            assertThat(locked.isOneLineBadInput()).as(locked.err()).isTrue();
            assertThat(locked.err()).contains("in use");
            assertThat(running.torrentCount()).isEqualTo(3);
        }
    }
}
