package io.lodestone.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.crawler.ResolvedTorrent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer and many readers at once, then a close under the readers' feet. */
class ConcurrentUseTest {
    private static final int BATCHES = 60;
    private static final int PER_BATCH = 10;
    private static final int READERS = 6;

    @TempDir
    Path dir;

    @Test
    void readersSeeAGrowingIndexWhileTheWriterWritesAndOnlyErrorsAfterClose() throws Exception {
        IndexConfig config = IndexConfig.defaults().withRefreshInterval(Duration.ofMillis(20));
        IndexService index = IndexService.open(dir, config);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean closed = new AtomicBoolean();
        CountDownLatch readersDone = new CountDownLatch(READERS);
        for (int r = 0; r < READERS; r++) {
            Thread.ofVirtual().start(() -> {
                long lastTotal = 0;
                try {
                    for (int i = 0; i < 100_000; i++) {
                        try {
                            long total = index.search(SearchQuery.of("item")).total();
                            if (total < lastTotal) {
                                failures.add(new AssertionError("total went down: " + lastTotal + " -> " + total));
                            }
                            lastTotal = total;
                            index.get(SearchRebuildTest.items(i % 600, 1).getFirst().infoHash());
                            index.torrentCount();
                        } catch (IOException e) {
                            if (!closed.get()) {
                                failures.add(e);
                            }
                            return;
                        } catch (RuntimeException | Error e) {
                            failures.add(e);
                            return;
                        }
                    }
                } finally {
                    readersDone.countDown();
                }
            });
        }
        for (int b = 0; b < BATCHES; b++) {
            List<ResolvedTorrent> batch = SearchRebuildTest.items(b * PER_BATCH, PER_BATCH);
            index.write(TestTorrents.resolvedBatch(batch));
        }
        SearchRebuildTest.assertSearchAgreesWithStore(index, BATCHES * PER_BATCH);
        closed.set(true);
        index.close();
        assertThat(readersDone.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        assertThatThrownBy(() -> index.get(SearchRebuildTest.items(0, 1).getFirst().infoHash()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void configBoundsAreChecked() {
        IndexConfig d = IndexConfig.defaults();
        assertThatThrownBy(() -> d.withMapSize(1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withCommitInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withRefreshInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withRamBufferMb(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
