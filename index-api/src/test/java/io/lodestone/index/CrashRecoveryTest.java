package io.lodestone.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer process killed with SIGKILL mid-stream, twice: what it was told is committed survives, and search catches up. */
class CrashRecoveryTest {
    private static final int ROUNDS = 2;
    private static final int BATCHES_BEFORE_KILL = 60;
    private static final long CHILD_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void killNineWhileWritingLosesNothingCommittedAndSearchAgrees() throws Exception {
        int lastCommitted = -1;
        for (int round = 0; round < ROUNDS; round++) {
            lastCommitted = Math.max(lastCommitted, runAndKill());
            try (IndexService index = IndexService.open(dir, IndexConfig.defaults())) {
                long count = index.torrentCount();
                // all acknowledged batches are there; the one in flight is there whole or not at all
                assertThat(count % CrashWriter.TORRENTS_PER_BATCH).isZero();
                int batches = (int) (count / CrashWriter.TORRENTS_PER_BATCH);
                assertThat(batches).isBetween(lastCommitted + 1, lastCommitted + 2);
                for (int b = 0; b < batches; b++) {
                    for (ResolvedTorrent r : CrashWriter.torrents(b)) {
                        assertThat(index.isIndexed(r.infoHash())).isTrue();
                    }
                }
                List<PendingHash> pending = index.loadPending(100_000);
                assertThat(pending).hasSize(batches * CrashWriter.PENDING_PER_BATCH);
                for (int b = 0; b < batches; b++) {
                    assertThat(pending).containsAll(CrashWriter.pending(b));
                }
                SearchRebuildTest.assertSearchAgreesWithStore(index, (int) count);
                lastCommitted = batches - 1;
            }
        }
    }

    /** Starts the writer, kills it with SIGKILL after some batches, returns the last batch it acknowledged. */
    private int runAndKill() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dir.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int last = -1;
        int seen = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (seen < BATCHES_BEFORE_KILL && (line = out.readLine()) != null) {
                last = Integer.parseInt(line.substring("committed ".length()));
                seen++;
            }
            p.toHandle().destroyForcibly(); // SIGKILL, leaving our end of its stdout open to read the rest
            assertThat(p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            while ((line = out.readLine()) != null) {
                last = Integer.parseInt(line.substring("committed ".length()));
            }
        } finally {
            p.destroyForcibly();
        }
        assertThat(seen).isEqualTo(BATCHES_BEFORE_KILL);
        assertThat(p.exitValue()).isEqualTo(137);
        return last;
    }
}
