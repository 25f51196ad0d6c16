package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.json.TorrentJson;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The dht commands against a loopback DHT of libtorrent nodes. */
class DhtCommandsIT {
    static Testnet testnet;

    @BeforeAll
    static void start() throws Exception {
        testnet = Libtorrent.require().startTestnet(TestnetOptions.defaults().withNodes(12).withTorrents(3)
                .withSeeders(2).withDuration(Duration.ofSeconds(240)));
    }

    @AfterAll
    static void stop() {
        if (testnet != null) {
            testnet.close();
        }
    }

    static String addr(TestnetManifest.Node n) {
        return n.host() + ":" + n.port();
    }

    @Test
    void pingFindNodeGetPeersAndSampleAnswerAsJson() throws Exception {
        TestnetManifest.Node n0 = testnet.node(0);
        TestnetManifest.Node n1 = testnet.node(1);
        CliRun ping = CliRun.of("dht", "ping", addr(n0), addr(n1), "--json");
        assertThat(ping.code()).as(ping.err()).isZero();
        List<JsonNode> lines = ping.out().lines().map(TorrentJson.MAPPER::readTree).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("id").asString()).isEqualTo(n0.nodeId());
        assertThat(lines.get(1).get("id").asString()).isEqualTo(n1.nodeId());

        CliRun find = CliRun.of("dht", "find-node", addr(n0), "--target", n1.nodeId(), "--json");
        assertThat(find.code()).as(find.err()).isZero();
        JsonNode f = TorrentJson.MAPPER.readTree(find.out());
        assertThat(f.get("nodes").valueStream().map(x -> x.get("id").asString())).contains(n1.nodeId());

        TestnetManifest.Torrent t = testnet.torrent(0);
        String key = t.dhtInfoHashes().get(0);
        CliRun peers = CliRun.of("dht", "get-peers", addr(n0), "--info-hash", key, "--json");
        assertThat(peers.code()).as(peers.err()).isZero();
        JsonNode p = TorrentJson.MAPPER.readTree(peers.out());
        assertThat(p.get("token").asString()).isNotEmpty();
        assertThat(p.get("values").size() + p.get("nodes").size()).isPositive();

        CliRun sample = CliRun.of("dht", "sample", addr(n0), "--json");
        assertThat(sample.code()).as(sample.err()).isZero();
        JsonNode s = TorrentJson.MAPPER.readTree(sample.out());
        assertThat(s.get("sampling").asBoolean()).isTrue();
        assertThat(s.get("num").asInt()).isPositive();
        assertThat(s.get("samples").size()).isPositive();
    }

    @Test
    void aSilentNodeExitsThree() {
        CliRun run = CliRun.of("dht", "ping", "127.0.0.1:9", "--timeout", "1", "--json");
        assertThat(run.code()).isEqualTo(ExitCodes.NOT_FOUND_IN_TIME);
        assertThat(TorrentJson.MAPPER.readTree(run.out()).get("error").asString()).isNotEmpty();
    }

    @Test
    void lookupFindsTheSeedersOfEveryTorrent() {
        for (TestnetManifest.Torrent t : testnet.torrents()) {
            for (String key : t.dhtInfoHashes()) {
                CliRun run = CliRun.of("dht", "lookup", key, "--bootstrap", addr(testnet.node(3)), "--allow-private",
                        "--timeout", "20", "--json");
                assertThat(run.code()).as(run.err()).isZero();
                List<String> found = TorrentJson.MAPPER.readTree(run.out()).get("peers").valueStream()
                        .map(JsonNode::asString).toList();
                for (var seeder : t.seederAddresses()) {
                    assertThat(found).contains(seeder.getAddress().getHostAddress() + ":" + seeder.getPort());
                }
            }
        }
    }

    @Test
    void lookupOfAnUnknownHashExitsThree() {
        CliRun run = CliRun.of("dht", "lookup", "0badc0de0badc0de0badc0de0badc0de0badc0de", "--bootstrap",
                addr(testnet.node(2)), "--allow-private", "--timeout", "15", "--json");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.NOT_FOUND_IN_TIME);
        assertThat(TorrentJson.MAPPER.readTree(run.out()).get("peers").size()).isZero();
    }

    @Test
    void announcedPeerIsFoundByLibtorrent() {
        String hash = "ab5eed00ab5eed00ab5eed00ab5eed00ab5eed01";
        CliRun run = CliRun.of("dht", "lookup", hash, "--bootstrap", addr(testnet.node(4)), "--allow-private",
                "--announce", "6543", "--timeout", "20", "--json");
        assertThat(run.code()).as(run.err() + run.out()).isZero();
        assertThat(TorrentJson.MAPPER.readTree(run.out()).get("announcedTo").asInt()).isPositive();
        assertThat(testnet.libtorrentGetPeers(6, hash, Duration.ofSeconds(10))).anyMatch(p -> p.endsWith(":6543"));
    }

    @Test
    void dhtRunPrintsItsNodesAndExitsZeroOnSigterm() throws Exception {
        Path root = Path.of(System.getProperty("lodestone.root", "..")).toAbsolutePath().normalize();
        Process p = new ProcessBuilder(root.resolve("lodestone").toString(), "dht", "run", "--nodes", "3",
                "--bind", "127.0.0.1", "--port", "0", "--bootstrap", addr(testnet.node(5)), "--allow-private")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                lines.add(out.readLine());
            }
            assertThat(lines).allSatisfy(l -> assertThat(l).matches("[0-9a-f]{40} 127\\.0\\.0\\.1:[0-9]+"));
            Thread.sleep(2000); // let it bootstrap and answer
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
