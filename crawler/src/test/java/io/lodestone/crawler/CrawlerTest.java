package io.lodestone.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lodestone.crawler.harvest.Harvest;
import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.crawler.pipeline.MetadataResolver;
import io.lodestone.crawler.pipeline.ResolveOutcome;
import io.lodestone.time.Clock;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The facade on its own thread: start, crawl, stats, close, start again. */
class CrawlerTest {

    final InMemorySink sink = new InMemorySink();
    final CrawlerConfig config = CrawlerConfig.defaults().withBatch(50, Duration.ofMillis(100), 1_000);

    static InfoHash h(int i) {
        return InfoHash.fromHex(String.format("%040x", 0x5000 + i));
    }

    static final MetadataResolver EVEN_ONLY = (hash, peers, timeout) -> CompletableFuture.completedFuture(
            (hash.bytes()[19] & 1) == 0
                    ? new ResolveOutcome.Resolved(("d4:name1:" + (hash.bytes()[19] & 7) + "e").getBytes(StandardCharsets.US_ASCII), List.of())
                    : new ResolveOutcome.Failed("odd (test)"));

    @Test
    void crawlsOnItsOwnThreadAndPicksUpPendingHashesAfterARestart() throws IOException {
        Harvester harvester = new Harvester(1_000, Clock.system());
        Crawler crawler = Crawler.start(harvester, EVEN_ONLY, sink, config, CrawlTime.system(), null);
        for (int i = 0; i < 20; i++) {
            HarvestSource s = HarvestSource.values()[i % 3];
            harvester.offer(new Harvest(h(i), s, s == HarvestSource.ANNOUNCE ? new InetSocketAddress("127.0.0.9", 9) : null,
                    System.nanoTime()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> crawler.stats().pipeline().resolved() == 10
                && crawler.stats().pipeline().failed() == 10);
        CrawlerStats st = crawler.stats();
        assertThat(st.harvested()).isEqualTo(20);
        assertThat(st.harvestedAnnounce()).isEqualTo(7);
        assertThat(st.pipeline().unique()).isEqualTo(20);
        assertThat(st.pipeline().pending()).isEqualTo(10);
        assertThat(st.dropped()).isZero();
        crawler.close();
        assertThat(sink.state().torrents()).hasSize(10);
        assertThat(sink.state().pending()).hasSize(10).allSatisfy((h, p) -> assertThat(p.attempts()).isEqualTo(1));
        assertThat(sink.callerThreads()).containsOnly("crawler");

        // the next run takes the pending hashes back; they resolve once their backoff has passed
        MetadataResolver all = (hash, peers, timeout) -> CompletableFuture.completedFuture(
                new ResolveOutcome.Resolved("d1:xi1ee".getBytes(StandardCharsets.US_ASCII), List.of()));
        CrawlTime later = CrawlTime.of(Clock.system(), java.time.Instant.now().plus(Duration.ofMinutes(2)));
        Crawler again = Crawler.start(new Harvester(10, Clock.system()), all, sink, config, later, null);
        assertThat(again.stats().pipeline().restored()).isEqualTo(10);
        await().atMost(Duration.ofSeconds(10)).until(() -> again.stats().pipeline().resolved() == 10);
        again.close();
        assertThat(sink.state().torrents()).hasSize(20);
        assertThat(sink.state().pending()).isEmpty();
    }

    @Test
    void aSinkThatCannotLoadFailsTheStart() {
        CrawlSink broken = new CrawlSink() {
            @Override
            public boolean isIndexed(InfoHash infoHash) {
                return false;
            }

            @Override
            public List<PendingHash> loadPending(int max) throws IOException {
                throw new IOException("disk gone (test)");
            }

            @Override
            public void write(CrawlBatch batch) {
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Crawler.start(new Harvester(10, Clock.system()),
                EVEN_ONLY, broken, config, CrawlTime.system(), null))
                .isInstanceOf(IOException.class).hasMessageContaining("disk gone");
    }
}
