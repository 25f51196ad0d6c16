package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.interop.Libtorrent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code lodestone bench download}, small: libtorrent, Lodestone (cold, then warm) and the bare
 * yardstick each download from one libtorrent seeder, every copy checks out, and the table holds each side's
 * figures, the sampled progress (the start-up ramp's bytes among it) and the seeder's CPU. The figures themselves are the benchmark's business.
 */
@Timeout(300)
class DownloadBenchIT {

    @Test
    void everyClientDownloadsAVerifiedCopyAndTheTableHasItsFigures() {
        Libtorrent.require();
        CliRun run = CliRun.of("bench", "download", "--size-mib", "24", "--skip", "aria2", "--timeout", "60");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("client ")).findFirst().orElseThrow());
        for (String client : new String[] {"libtorrent", "lodestone", "warm", "bare"}) {
            assertThat(lines).as(client).anyMatch(l -> l.trim().startsWith(client) && l.endsWith("verified"));
            String[] row = lines.subList(header + 1, lines.size()).stream()
                    .filter(l -> l.startsWith(client + " ")).findFirst().orElseThrow().trim().split("\\s+");
            assertThat(row).as(Arrays.toString(row)).hasSize(11);
            assertThat(Double.parseDouble(row[6])).as("MB by the seeder's first tick, " + client).isNotNegative();
            assertThat(Double.parseDouble(row[7])).as("to 50%% of " + client).isPositive();
            assertThat(Double.parseDouble(row[8])).as("50-95%% rate of " + client).isPositive();
            assertThat(row[9]).as(client).endsWith("x");
            assertThat(Double.parseDouble(row[10])).as("the seeder's CPU while " + client + " ran").isPositive();
        }
    }
}
