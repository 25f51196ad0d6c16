package io.lodestone.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.crawler.HarvestSource;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.crawler.Sighting;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchRebuildTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dir;

    /** Torrents named "Item K{i}Z": each has one word no other has. */
    static List<ResolvedTorrent> items(int from, int count) {
        List<ResolvedTorrent> out = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            out.add(TestTorrents.resolved(TestTorrents.multiFile("Item K" + i + "Z",
                    List.of("disc/Track P" + i + "Q.flac"), 1000), 1));
        }
        return out;
    }

    /** Every torrent in the store is found by its own word in the name and in a path, and nothing else is indexed. */
    static void assertSearchAgreesWithStore(IndexService index, int count) throws Exception {
        assertThat(index.awaitSearchable(WAIT)).isTrue();
        assertThat(index.torrentCount()).isEqualTo(count);
        assertThat(index.searchableDocuments()).isEqualTo(count);
        assertThat(index.searchLag()).isZero();
        for (int i = 0; i < count; i++) {
            assertThat(index.search(SearchQuery.of("k" + i + "z")).results()).extracting(SearchHit::name)
                    .containsExactly("Item K" + i + "Z");
            assertThat(index.search(SearchQuery.of("P" + i + "Q")).total()).isEqualTo(1);
        }
    }

    private void fill(int count) throws Exception {
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            for (int from = 0; from < count; from += 50) {
                index.write(TestTorrents.resolvedBatch(items(from, Math.min(50, count - from))));
            }
            assertThat(index.awaitSearchable(WAIT)).isTrue();
        }
    }

    private Path searchDir() {
        return dir.resolve(IndexService.SEARCH_DIR);
    }

    @Test
    void aMissingSearchIndexIsRebuiltFromTheStore() throws Exception {
        fill(120);
        try (Stream<Path> files = Files.walk(searchDir())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            assertSearchAgreesWithStore(index, 120);
            assertThat(index.metrics().searchIndexRebuilds()).isEqualTo(1);
        }
    }

    @Test
    void aDeletedSegmentFileMakesTheIndexRebuildItself() throws Exception {
        fill(120);
        Path victim = largestIndexFile();
        Files.delete(victim);
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            assertSearchAgreesWithStore(index, 120);
            assertThat(index.metrics().searchIndexRebuilds()).isEqualTo(1);
        }
    }

    @Test
    void aTruncatedSegmentFileMakesTheIndexRebuildItself() throws Exception {
        fill(120);
        try (RandomAccessFile f = new RandomAccessFile(largestIndexFile().toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            assertSearchAgreesWithStore(index, 120);
            assertThat(index.metrics().searchIndexRebuilds()).isEqualTo(1);
        }
    }

    @Test
    void flippedBytesAreCaughtByTheChecksumsAfterAnUncleanShutdown() throws Exception {
        fill(120);
        try (RandomAccessFile f = new RandomAccessFile(largestIndexFile().toFile(), "rw")) {
            long middle = f.length() / 2;
            f.seek(middle);
            int b = f.read();
            f.seek(middle);
            f.write(b ^ 0xff);
        }
        // without the clean-shutdown mark the index is checked before it is trusted
        Files.delete(searchDir().resolve("clean-shutdown"));
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            assertSearchAgreesWithStore(index, 120);
            assertThat(index.metrics().searchIndexRebuilds()).isEqualTo(1);
        }
    }

    @Test
    void theRebuildCommandPathStartsOverAndRefusesAnIndexInUse() throws Exception {
        fill(80);
        long docs = IndexService.rebuildSearchIndex(dir, IndexConfig.defaults(), WAIT);
        assertThat(docs).isEqualTo(80);
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
            assertSearchAgreesWithStore(index, 80);
            assertThatThrownBy(() -> IndexService.rebuildSearchIndex(dir, IndexConfig.defaults(), WAIT))
                    .isInstanceOf(IOException.class).hasMessageContaining("in use");
            assertSearchAgreesWithStore(index, 80);
        }
    }

    @Test
    void writesDuringARebuildAndSightingsThatMoveTorrentsEndUpIndexedOnce() throws Exception {
        fill(200);
        IndexService.rebuildSearchIndex(dir, IndexConfig.defaults(), WAIT);
        try (Stream<Path> files = Files.list(searchDir())) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        try (IndexService index = IndexService.open(dir, IndexConfig.defaults().withRefreshInterval(Duration.ZERO))) {
            // while the rebuild runs: new torrents, and sightings that give old ones a newer sequence
            index.write(TestTorrents.resolvedBatch(items(200, 30)));
            List<Sighting> sightings = new ArrayList<>();
            for (ResolvedTorrent r : items(0, 200)) {
                sightings.add(new Sighting(r.infoHash(), HarvestSource.SAMPLE, TestTorrents.T0));
            }
            index.write(TestTorrents.batch(sightings, List.of(), List.of(), List.of()));
            assertSearchAgreesWithStore(index, 230);
            assertThat(index.search(SearchQuery.of("k3z")).results().getFirst().seenCount()).isEqualTo(2);
        }
    }

    private Path largestIndexFile() throws IOException {
        try (Stream<Path> files = Files.list(searchDir())) {
            return files.filter(p -> !p.getFileName().toString().equals("write.lock"))
                    .filter(p -> !p.getFileName().toString().equals("clean-shutdown"))
                    .filter(p -> !p.getFileName().toString().startsWith("segments"))
                    .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
    }
}
