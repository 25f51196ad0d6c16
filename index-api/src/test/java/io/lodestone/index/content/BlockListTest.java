package io.lodestone.index.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.CrawlSink;
import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.TorrentCreator;
import io.lodestone.time.VirtualClock;
import io.lodestone.types.InfoHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockListTest {

    static final InfoHash A = InfoHash.fromHex("aa".repeat(20));
    static final InfoHash B = InfoHash.fromHex("bb".repeat(20));

    @TempDir
    Path dir;
    VirtualClock clock = new VirtualClock();

    @Test
    void patternsMatchAnywhereInAnyCaseWithWildcards() {
        assertThat(NamePattern.parse("word").matches("A Sentence With WORDS in it")).isTrue();
        assertThat(NamePattern.parse("word").matches("wor d")).isFalse();
        assertThat(NamePattern.parse("ubuntu*iso").matches("Ubuntu 24.04 desktop.ISO")).isTrue();
        assertThat(NamePattern.parse("a?c").matches("xxABCxx")).isTrue();
        assertThat(NamePattern.parse("a?c").matches("xxACxx")).isFalse();
        assertThat(NamePattern.parse("(.*)+[").matches("(.*)+[ literal")).as("no regex syntax").isTrue();
        assertThat(NamePattern.parse("Ägypten").matches("reise ägypten 2024")).isTrue();
        assertThatThrownBy(() -> NamePattern.parse("**")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NamePattern.parse(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NamePattern.parse("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NamePattern.parse("x".repeat(201))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NamePattern.parse("a*b*c*d*e*f*g*h*i*j*k")).isInstanceOf(IllegalArgumentException.class);
        // long hostile names stay quick: a few wildcards on a 100k-character name
        String name = "a".repeat(100_000);
        assertThat(NamePattern.parse("a*a*a*a*b").matches(name)).isFalse();
    }

    @Test
    void hashRulesBlockTheHashAndAV2HashByItsTruncatedForm() throws Exception {
        BlockList list = new BlockList(dir, clock);
        InfoHash v2 = InfoHash.fromHex("cd".repeat(32));
        list.add(BlockRule.Kind.HASH, A.hex().toUpperCase(), "t");
        list.add(BlockRule.Kind.DELETED, v2.truncated().hex(), "t");
        assertThat(list.blocksHash(A)).isTrue();
        assertThat(list.blocksHash(B)).isFalse();
        assertThat(list.blocksHash(v2)).isTrue();
        assertThat(list.add(BlockRule.Kind.HASH, A.hex(), "again").id()).as("no duplicate").isEqualTo(1);
        assertThatThrownBy(() -> list.add(BlockRule.Kind.HASH, "xyz", "t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherProcessesChangesAreSeenWithinASecondAndRemovalUnblocks() throws Exception {
        BlockList server = new BlockList(dir, clock);
        BlockList cli = new BlockList(dir, new VirtualClock());
        BlockRule r = cli.add(BlockRule.Kind.HASH, B.hex(), "cli");
        assertThat(server.blocksHash(B)).as("not looked at yet").isFalse();
        clock.advance(Duration.ofMillis(1_001));
        assertThat(server.blocksHash(B)).isTrue();
        assertThat(cli.remove(r.id())).isPresent();
        clock.advance(Duration.ofMillis(1_001));
        assertThat(server.blocksHash(B)).isFalse();
        assertThat(cli.remove(r.id())).isEmpty();
    }

    @Test
    void threadsOfOneProcessChangeTheListAtOnceWithoutLosingAnUpdate() throws Exception {
        BlockList list = new BlockList(dir, clock);
        BlockList other = new BlockList(dir, clock);
        int threads = 8;
        int each = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        (i % 2 == 0 ? list : other).add(BlockRule.Kind.PATTERN, "p" + id + "x" + i, "t");
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get(); // an OverlappingFileLockException would surface here
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new BlockList(dir, clock).snapshot().rules()).hasSize(threads * each);
    }

    @Test
    void aBrokenFileLineIsSkippedAndTheRestEnforced() throws Exception {
        Files.writeString(dir.resolve(BlockList.FILE_NAME), "nonsense\n7 hash 0 cli " + A.hex() + "\n9 pattern 0 cli **\n");
        BlockList list = new BlockList(dir, clock);
        assertThat(list.blocksHash(A)).isTrue();
        assertThat(list.snapshot().rules()).hasSize(1);
    }

    @Test
    void theSinkRefusesBlockedHashesBeforeFetchAndBlockedNamesBeforeWriting(@TempDir Path temp) throws Exception {
        BlockList list = new BlockList(dir, clock);
        list.add(BlockRule.Kind.HASH, A.hex(), "t");
        list.add(BlockRule.Kind.PATTERN, "forbidden", "t");
        Metainfo bad = create(temp, "Some Forbidden Name");
        Metainfo good = create(temp, "Harmless");
        List<CrawlBatch> written = new ArrayList<>();
        CrawlSink inner = new CrawlSink() {
            @Override
            public boolean isIndexed(InfoHash h) {
                return false;
            }

            @Override
            public List<PendingHash> loadPending(int max) {
                return List.of(new PendingHash(A, Instant.EPOCH, 1, 1, 0, Instant.EPOCH),
                        new PendingHash(B, Instant.EPOCH, 1, 1, 0, Instant.EPOCH));
            }

            @Override
            public void write(CrawlBatch b) {
                written.add(b);
            }
        };
        BlockingSink sink = new BlockingSink(inner, list);
        assertThat(sink.isBlocked(A)).isTrue();
        assertThat(sink.isBlocked(B)).isFalse();
        assertThat(sink.refusedBeforeFetch()).isEqualTo(1);
        assertThat(sink.loadPending(10)).extracting(PendingHash::infoHash).containsExactly(B);
        Instant now = Instant.now();
        sink.write(new CrawlBatch(List.of(), List.of(new PendingHash(A, now, 1, 1, 0, now)), List.of(
                new ResolvedTorrent(bad.dhtInfoHash(), bad.infoBytes(), now, now, 1, 1),
                new ResolvedTorrent(good.dhtInfoHash(), good.infoBytes(), now, now, 1, 1)), List.of()));
        CrawlBatch out = written.getFirst();
        assertThat(out.pending()).isEmpty();
        assertThat(out.resolved()).extracting(ResolvedTorrent::infoHash).containsExactly(good.dhtInfoHash());
        assertThat(out.abandoned()).containsExactly(bad.dhtInfoHash());
        assertThat(sink.refusedAtIndex()).isEqualTo(1);
    }

    static Metainfo create(Path temp, String name) throws Exception {
        Path f = Files.createDirectories(temp.resolve(name.replace(' ', '_'))).resolve("f.txt");
        Files.writeString(f, name);
        return io.lodestone.metainfo.MetainfoParser.parseTorrent(
                TorrentCreator.create(f, CreateOptions.defaults().withName(name).withFormat(CreateOptions.Format.V1)));
    }
}
