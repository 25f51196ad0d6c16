package io.lodestone.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.interop.Libtorrent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The crawl under internet conditions, CI-sized: 50 libtorrent nodes seeding 100 real torrents,
 * 600 phantom swarms of every kind (SYN dropped, refused, silent, silent after the handshake,
 * trickling, lying) announced into the DHT before {@code serve --profile server} starts, hashes
 * nobody serves, and DHT nodes that never answer or answer late; all in a private network
 * namespace. Runs {@code lodestone bench crawl} in a child process (it re-runs itself under
 * {@code unshare -n}) and checks its report: the real torrents are found, no phantom address is
 * dialled more than twice (counted on the phantom side), and the connections open or opening
 * never pass the cap (the crawler's count and the kernel's sampled socket table).
 */
class PhantomCrawlIT {

    static final int TORRENTS = 100;
    static final double REQUIRED_SHARE = 0.95;
    static final int MAX_DIALS_PER_PHANTOM = 2;
    /** The bench stops by itself after this; the process gets a margin for the testnet's start and stop. */
    static final int DURATION_SECONDS = 150;
    static final long PROCESS_LIMIT_SECONDS = DURATION_SECONDS + 240;

    @Test
    void realTorrentsAreFoundAmongPhantomsWithoutRedialsOrPassingTheCap(@TempDir Path dir) throws Exception {
        Libtorrent.require();
        requireNamespaces();
        Path out = dir.resolve("report.json");
        Path err = dir.resolve("progress.txt");
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                "io.lodestone.ops.Main", "bench", "crawl", "--phantoms", "600", "--profile", "server", "--simulation", "ci",
                "--mix", "drop=40,refuse=20,silent=10,silent_bt=10,trickle=10,wrong=10",
                "--no-peer-hashes", "200", "--bad-nodes", "20", "--torrents", Integer.toString(TORRENTS),
                "--duration", Integer.toString(DURATION_SECONDS), "--stop-when-done", "--min-seconds", "45",
                "--json"));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("bench crawl did not end within " + PROCESS_LIMIT_SECONDS + " s:\n" + tail(err));
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        System.out.println(tail(err));
        assertThat(p.exitValue()).as(tail(err)).isZero();
        JsonNode report = new ObjectMapper().readTree(Files.readString(out));
        // the command's second part, the simulated DHT, reports beside the phantom run
        JsonNode sim = report.get("simulation");
        assertThat(sim).as("bench crawl's simulation section").isNotNull();
        assertThat(sim.get("coverageEnd").asDouble()).isPositive();
        assertThat(sim.get("maxPacketsPerNodeIn10s").asInt()).isLessThan(50);
        JsonNode r = report.get("phantom");
        System.out.println("report: " + r);

        assertThat(r.get("searchable").asInt()).as("real torrents searchable")
                .isGreaterThanOrEqualTo((int) Math.ceil(REQUIRED_SHARE * TORRENTS));
        JsonNode side = r.get("phantomSide");
        // the phantoms were really there and really dialled: the measurement itself can fail
        assertThat(r.get("phantomsAnnounced").get("announced").asLong()).isPositive();
        assertThat(side.get("dials").asLong()).as("dials seen by the phantoms").isPositive();
        assertThat(side.get("accepts").asLong()).as("connections the listening phantoms accepted").isPositive();
        assertThat(side.get("maxDialsPerAddress").asInt()).as("most dials to one phantom address")
                .isLessThanOrEqualTo(MAX_DIALS_PER_PHANTOM);
        int cap = r.get("connectionCap").asInt();
        assertThat(r.get("socketSamples").asInt()).as("kernel socket table samples").isPositive();
        assertThat(r.get("peakSocketsSampled").asInt()).as("sockets open or opening (kernel)")
                .isPositive().isLessThanOrEqualTo(cap);
        assertThat(r.get("peakConnections").asInt()).as("connections open or opening (ours)").isLessThanOrEqualTo(cap);
        JsonNode attempts = r.get("crawl").get("attempts");
        for (String kind : List.of("connectTimeout", "refused", "silent", "deadPeers", "noPeers")) {
            assertThat(attempts.get(kind).asLong()).as("attempts ending %s", kind).isPositive();
        }
        assertThat(r.get("crawl").get("deadPeers").asLong()).as("dead-peer cache").isPositive();
    }

    /** Namespaces and iptables are part of the scenario: missing, the test fails in CI and is skipped elsewhere. */
    static void requireNamespaces() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("unshare", "-n", "iptables", "-L", "-n").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!ok) {
            String why = "a private network namespace with iptables is needed (root, util-linux, iptables): " + text;
            String ci = System.getenv(Libtorrent.CI_ENV);
            if (ci != null && !ci.isEmpty()) {
                throw new AssertionError(why);
            }
            org.junit.jupiter.api.Assumptions.abort(why);
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String tail(Path f) throws IOException {
        if (!Files.exists(f)) {
            return "";
        }
        String s = Files.readString(f);
        return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
    }
}
