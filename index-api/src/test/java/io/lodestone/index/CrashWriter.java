package io.lodestone.index;

import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.types.InfoHash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link CrashRecoveryTest}: writes batches in a loop and prints
 * "committed N" after each write returns, until it is killed (or its bounds run out).
 */
public final class CrashWriter {
    static final int TORRENTS_PER_BATCH = 20;
    static final int PENDING_PER_BATCH = 5;
    private static final int MAX_BATCHES = 5_000;
    private static final long MAX_MILLIS = 60_000;

    private CrashWriter() {
    }

    static List<ResolvedTorrent> torrents(int batch) {
        return SearchRebuildTest.items(batch * TORRENTS_PER_BATCH, TORRENTS_PER_BATCH);
    }

    static List<PendingHash> pending(int batch) {
        List<PendingHash> out = new ArrayList<>();
        for (int i = 0; i < PENDING_PER_BATCH; i++) {
            byte[] h = new byte[20];
            h[0] = (byte) 0xEE;
            h[1] = (byte) i;
            h[2] = (byte) (batch >>> 8);
            h[3] = (byte) batch;
            out.add(TestTorrents.pending(InfoHash.v1(h)));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        IndexConfig config = IndexConfig.defaults().withCommitInterval(Duration.ofMillis(200))
                .withRefreshInterval(Duration.ofMillis(50));
        IndexService index = IndexService.open(dir, config);
        int first = (int) (index.torrentCount() / TORRENTS_PER_BATCH);
        long deadline = System.nanoTime() + MAX_MILLIS * 1_000_000;
        for (int b = first; b < first + MAX_BATCHES && System.nanoTime() < deadline; b++) {
            index.write(TestTorrents.batch(List.of(), pending(b), torrents(b), List.of()));
            System.out.println("committed " + b);
            System.out.flush();
            Thread.sleep(5);
        }
        index.close();
    }
}
