package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.json.TorrentJson;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code lodestone resolve} against a loopback DHT of libtorrent nodes seeding v1, v2 and hybrid torrents. */
@Timeout(600)
class ResolveCommandIT {
    static Testnet testnet;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        testnet = Libtorrent.require().startTestnet(TestnetOptions.defaults()
                .withNodes(10)
                .withTorrents(6)
                .withSeeders(2)
                .withFormats("v1", "v2", "hybrid")
                .withLayouts("single", "multi")
                .withSizes("64K", "300K", "1M", "2M")
                .withNoUtp(true)
                .withDuration(Duration.ofMinutes(8)));
    }

    @AfterAll
    static void stop() {
        if (testnet != null) {
            testnet.close();
        }
    }

    private static String bootstrap() {
        TestnetManifest.Node n = testnet.node(0);
        return n.host() + ":" + n.port();
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }

    @Test
    void everyTorrentResolvesFromItsBareHash() throws Exception {
        for (TestnetManifest.Torrent t : testnet.torrents()) {
            check(t, t.magnetMinimal());
            if (present(t.infoHashV2())) {
                check(t, "magnet:?xt=urn:btmh:1220" + t.infoHashV2());
            }
        }
    }

    private void check(TestnetManifest.Torrent t, String magnet) throws Exception {
        Path out = dir.resolve(t.index() + "-" + Math.abs(magnet.hashCode()) + ".torrent");
        CliRun run = CliRun.of("resolve", magnet, "--bootstrap", bootstrap(), "--allow-private", "--json",
                "--timeout", "30", "--torrent-out", out.toString());
        String what = "torrent " + t.index() + " (" + t.format() + " " + t.layout() + ") " + magnet;
        assertThat(run.code()).as(what + ": " + run.err()).isZero();
        JsonNode o = TorrentJson.MAPPER.readTree(run.out());
        assertThat(o.get("name").asString()).as(what).isEqualTo(t.name());
        assertThat(o.get("totalSize").asLong()).as(what).isEqualTo(t.totalSize());
        String expectedHash = present(t.infoHashV1()) ? t.infoHashV1() : t.infoHashV2().substring(0, 40);
        assertThat(o.get("infoHash").asString()).as(what).isEqualTo(expectedHash);
        if (present(t.infoHashV2())) {
            assertThat(o.get("infoHashV2").asString()).as(what).isEqualTo(t.infoHashV2());
        } else {
            assertThat(o.get("infoHashV2").isNull()).as(what).isTrue();
        }
        assertThat(o.get("version").asString()).as(what).isEqualTo(t.format());

        assertThat(Files.size(out)).isPositive();
        CliRun inspect = CliRun.of("torrent", "inspect", out.toString(), "--json");
        assertThat(inspect.code()).as(inspect.err()).isZero();
        JsonNode i = TorrentJson.MAPPER.readTree(inspect.out());
        assertThat(i.get("infoHash").asString()).as(what).isEqualTo(expectedHash);
        assertThat(i).as(what).isEqualTo(o);
    }

    @Test
    void anUnknownHashExitsThreeWithinTheTimeout() {
        byte[] random = new byte[20];
        new Random(42).nextBytes(random);
        long start = System.nanoTime();
        CliRun run = CliRun.of("resolve", HexFormat.of().formatHex(random), "--bootstrap", bootstrap(),
                "--allow-private", "--json", "--timeout", "10");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.NOT_FOUND_IN_TIME);
        assertThat(run.out()).isEmpty();
        assertThat(took).isLessThan(Duration.ofSeconds(16));
    }

    @Test
    void badInputExitsTwo() {
        assertThat(CliRun.of("resolve", "not-a-hash", "--bootstrap", bootstrap()).isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("resolve", "0123456789abcdef0123456789abcdef01234567", "--timeout", "0",
                "--bootstrap", bootstrap()).isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("resolve", "0123456789abcdef0123456789abcdef01234567", "--peer", "nope",
                "--bootstrap", bootstrap()).isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("resolve").isOneLineBadInput()).isTrue();
    }
}
