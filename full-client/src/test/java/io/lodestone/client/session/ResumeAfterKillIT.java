package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.engine.TorrentStats;
import io.lodestone.client.interop.LibtorrentPeer;
import io.lodestone.interop.Libtorrent;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and resume: a download in its own process is killed with SIGKILL once about half is
 * verified; a second run checks what is on disk, keeps what verifies, fetches only the rest and
 * ends with every byte right.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ResumeAfterKillIT {

    static final long SIZE = 6_000_000;
    /** Slow enough to be killed halfway, fast enough to get there in seconds. */
    static final long CHILD_RATE = 1_500_000;

    @Test
    void killedHalfwayThenResumedFetchesOnlyWhatIsMissing(@TempDir Path tmp) throws Exception {
        Libtorrent lt = Libtorrent.require();
        Path data = tmp.resolve("data");
        Content.write(data.resolve("big.bin"), SIZE, new SplittableRandom(11));
        lt.create(data.resolve("big.bin"), tmp.resolve("big.torrent"), "hybrid", 64 * 1024);
        Metainfo meta = MetainfoParser.parseTorrent(Files.readAllBytes(tmp.resolve("big.torrent")));
        Path out = tmp.resolve("out");
        try (LibtorrentPeer seeder = LibtorrentPeer.seed(tmp.resolve("big.torrent"), data, 0, Duration.ofMinutes(3))) {
            String peer = "127.0.0.1:" + seeder.address().getPort();
            long verifiedAtKill = runChildAndKillHalfway(tmp.resolve("big.torrent"), out, peer);
            assertThat(verifiedAtKill).isBetween(1L, SIZE - 1);

            try (TestClient client = TestClient.start(List.of())) {
                Download d = client.download(new DownloadRequest(null, meta, out, List.of(seeder.address()),
                        List.of(), false, Duration.ofSeconds(60)));
                DownloadOutcome o = d.start().get(90, TimeUnit.SECONDS);
                assertThat(o).isInstanceOf(DownloadOutcome.Complete.class);
                TorrentStats s = ((DownloadOutcome.Complete) o).stats();
                long checked = d.checkedBytes();
                System.out.printf("resume: %d bytes verified before the kill, %d found on disk, %d downloaded"
                        + " (%d wasted) of %d%n", verifiedAtKill, checked, s.downloaded(), s.wasted(), s.totalBytes());
                assertThat(checked).as("every piece verified before the kill is kept").isGreaterThanOrEqualTo(
                        verifiedAtKill);
                assertThat(s.downloaded() - s.wasted()).as("nothing verified is fetched again")
                        .isLessThanOrEqualTo(s.totalBytes() - checked);
            }
        }
        assertThat(Checksums.sha256(out.resolve("big.bin"))).isEqualTo(Checksums.sha256(data.resolve("big.bin")));
    }

    /** Runs {@link DownloadChild} and SIGKILLs it once 40 % is verified; returns what it had verified. */
    private static long runChildAndKillHalfway(Path torrent, Path out, String peer) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), DownloadChild.class.getName(),
                torrent.toString(), out.toString(), peer, Long.toString(CHILD_RATE)));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long verified = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("verified ")) {
                    verified = Long.parseLong(line.split(" ")[1]);
                    if (verified >= SIZE * 4 / 10) {
                        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        return verified;
    }
}
