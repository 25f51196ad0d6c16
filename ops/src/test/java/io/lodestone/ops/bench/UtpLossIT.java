package io.lodestone.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * uTP under loss, CI-sized: {@code lodestone bench utp --loss 5} in a private network namespace
 * where 5% of the packets on loopback are dropped at random, 16 MiB: our uTP stream, and a
 * download by our engine from our seeder over uTP only, both checked byte for byte by the bench
 * (the 64 MiB run and the libtorrent side are run by hand).
 */
class UtpLossIT {

    static final long PROCESS_LIMIT_SECONDS = 240;

    @Test
    void sixteenMebibytesCrossAFivePercentLossyLoopbackOverUtp(@TempDir Path dir) throws Exception {
        PhantomCrawlIT.requireNamespaces();
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(List.of(PhantomCrawlIT.javaBinary(), "-cp", System.getProperty("java.class.path"),
                "io.lodestone.ops.Main", "bench", "utp", "--loss", "5", "--size-mib", "16", "--timeout", "120",
                "--skip", "seeder,tcp")).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("bench utp did not end within " + PROCESS_LIMIT_SECONDS + " s:\n"
                        + PhantomCrawlIT.tail(out));
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String report = Files.readString(out);
        System.out.println(report);
        assertThat(p.exitValue()).as(report).isZero();
        assertThat(report).contains("5.0% of loopback packets dropped");
        assertThat(report.lines().filter(l -> l.contains("our uTP stream") && l.endsWith("verified"))).hasSize(1);
        assertThat(report.lines().filter(l -> l.contains("lodestone utp (ours)") && l.endsWith("verified")))
                .hasSize(1);
    }
}
