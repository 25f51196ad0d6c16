package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code serve} is killed with SIGKILL while three downloads run (from libtorrent seeders on a
 * loopback testnet, the download rate held down so the kill lands halfway). After a restart on the
 * same data directory all three resume by themselves, complete with every file's SHA-256 right,
 * and fetch no piece that was verified before the kill.
 */
@Timeout(300)
class DownloadsKillIT {

    static final int TORRENTS = 3;
    /**
     * Bytes per second over all downloads before the kill: one alone takes 84 s, so all three have
     * started (their metadata takes a few seconds on the testnet, over 14 s once on a loaded
     * machine) and none has completed at the kill. A completed download leaves the download list
     * (nothing to resume), so one complete before the kill would leave this test nothing to check
     * for it. The restart runs without the limit.
     */
    static final long RATE = 50_000;
    static final Duration DEADLINE = Duration.ofMinutes(2);

    @Test
    void threeDownloadsResumeAfterSigkillAndFetchOnlyWhatWasMissing(@TempDir Path tmp) throws Exception {
        Libtorrent lt = Libtorrent.require();
        try (Testnet net = lt.startTestnet(TestnetOptions.defaults()
                .withNodes(8).withTorrents(TORRENTS).withSeeders(2)
                .withFormats("v1", "hybrid").withLayouts("single", "multi")
                .withSizes("4M").withPieceSizes("64K").withDuration(Duration.ofMinutes(5)))) {
            String bootstrap = net.bootstrap().stream()
                    .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).collect(Collectors.joining(","));
            Path data = tmp.resolve("data");
            Files.createDirectories(data);
            Path config = Files.writeString(tmp.resolve("serve.yaml"), """
                    downloads:
                      download-rate-limit: %d
                      min-free-bytes: 0
                    """.formatted(RATE));
            Path unlimited = Files.writeString(tmp.resolve("restart.yaml"), """
                    downloads:
                      min-free-bytes: 0
                    """);
            List<String> options = List.of("--config", config.toString(), "--nodes", "2", "--bootstrap", bootstrap,
                    "--allow-private");
            List<String> restartOptions = List.of("--config", unlimited.toString(), "--nodes", "2", "--bootstrap",
                    bootstrap, "--allow-private");
            Map<String, TestnetManifest.Torrent> byId = new LinkedHashMap<>();
            Map<String, Long> verifiedAtKill = new LinkedHashMap<>();
            try (ServeProcess first = ServeProcess.start(data, options)) {
                for (TestnetManifest.Torrent t : net.torrents()) {
                    byId.put(first.download(t.magnetMinimal()), t);
                }
                awaitAllHalfway(first, byId.keySet());
                for (String id : byId.keySet()) {
                    verifiedAtKill.put(id, first.json("/api/v1/downloads/" + id).get("downloadedBytes").asLong());
                }
                first.kill();
            }
            System.out.println("verified at SIGKILL: " + verifiedAtKill);
            assertThat(Files.readAllLines(data.resolve("downloads").resolve("downloads.list"))).hasSize(TORRENTS);

            try (ServeProcess second = ServeProcess.start(data, restartOptions)) {
                Map<String, JsonNode> done = awaitAllComplete(second, byId.keySet());
                long fetchedTotal = 0;
                for (Map.Entry<String, JsonNode> e : done.entrySet()) {
                    JsonNode s = e.getValue();
                    long total = s.get("totalBytes").asLong();
                    long resumed = s.get("resumedBytes").asLong();
                    long fetched = s.get("fetchedBytes").asLong();
                    long wasted = s.get("wastedBytes").asLong();
                    fetchedTotal += fetched;
                    System.out.printf("download %s: %d bytes, %d verified at the kill, %d found on disk at restart,"
                            + " %d fetched after (%d wasted)%n", e.getKey(), total, verifiedAtKill.get(e.getKey()),
                            resumed, fetched, wasted);
                    assertThat(resumed).as("what was verified before the kill is kept")
                            .isGreaterThanOrEqualTo(verifiedAtKill.get(e.getKey()));
                    assertThat(fetched - wasted).as("no verified piece is fetched again")
                            .isLessThanOrEqualTo(total - resumed);
                }
                System.out.println("bytes fetched after the restart, all three: " + fetchedTotal);
                Path downloads = tmp.resolve("downloads");
                for (Map.Entry<String, TestnetManifest.Torrent> e : byId.entrySet()) {
                    for (TestnetManifest.FileEntry f : e.getValue().files()) {
                        Path file = downloads.resolve(e.getKey()).resolve(f.path());
                        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                        assertThat(HexFormat.of().formatHex(digest)).as(f.path()).isEqualTo(f.sha256());
                    }
                }
                assertThat(second.stop()).isZero();
            }
        }
    }

    /**
     * Until each download has verified a piece and none has completed: the kill then lands
     * mid-download for all three. Fails if one completes first (the rate is meant to rule that out).
     */
    private static void awaitAllHalfway(ServeProcess serve, Iterable<String> ids) throws Exception {
        long start = System.nanoTime();
        List<String> last = new ArrayList<>();
        while (System.nanoTime() - start < DEADLINE.toNanos()) {
            boolean all = true;
            last.clear();
            for (String id : ids) {
                JsonNode s = serve.json("/api/v1/downloads/" + id);
                long got = s.get("downloadedBytes").asLong();
                long total = s.get("totalBytes").asLong();
                String state = s.get("state").asString();
                last.add(state + " " + got + "/" + total);
                assertThat(state).as("no download fails or completes before the kill: %s", s)
                        .isIn("resolving", "checking", "downloading");
                all &= total > 0 && got > 0 && got < total;
            }
            if (all) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("downloads did not all get going: " + last);
    }

    private static Map<String, JsonNode> awaitAllComplete(ServeProcess serve, Iterable<String> ids) throws Exception {
        long start = System.nanoTime();
        Map<String, JsonNode> out = new LinkedHashMap<>();
        while (System.nanoTime() - start < DEADLINE.toNanos()) {
            out.clear();
            boolean all = true;
            for (String id : ids) {
                var r = serve.get("/api/v1/downloads/" + id);
                assertThat(r.statusCode()).as("download %s resumed after the restart", id).isEqualTo(200);
                JsonNode s = ServeProcess.JSON.readTree(r.body());
                assertThat(s.get("state").asString()).as("%s: %s", id, s).isNotEqualTo("failed");
                out.put(id, s);
                all &= s.get("state").asString().equals("complete");
            }
            if (all) {
                return out;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not all complete after the restart: " + out);
    }
}
