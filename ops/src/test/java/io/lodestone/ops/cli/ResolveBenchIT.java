package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.json.TorrentJson;
import io.lodestone.interop.Libtorrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * {@code lodestone bench resolve}, small: both resolvers resolve every magnet of a loopback
 * testnet, one by one and all at once, and the report holds both sides' figures. The figures
 * themselves are the benchmark's business, not this test's.
 */
@Timeout(300)
class ResolveBenchIT {

    @Test
    void bothResolversResolveEveryMagnetAndTheReportSaysSo() throws Exception {
        Libtorrent.require();
        CliRun run = CliRun.of("bench", "resolve", "--magnets", "6", "--warmup", "2", "--at-once", "12",
                "--rounds", "1", "--testnet-nodes", "10", "--seeders", "3", "--timeout", "30", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode o = TorrentJson.MAPPER.readTree(run.out());
        assertThat(o.get("testnetNodes").asInt()).isEqualTo(10);
        assertThat(o.get("torrents").asInt()).isEqualTo(12);
        for (String mode : new String[] {"oneByOne", "atOnce"}) {
            int magnets = mode.equals("oneByOne") ? 6 : 12;
            for (String who : new String[] {"libtorrent", "lodestone"}) {
                JsonNode r = o.get(mode).get(who);
                assertThat(r.get("magnets").asInt()).as(mode + " " + who).isEqualTo(magnets);
                assertThat(r.get("resolved").asInt()).as(mode + " " + who).isEqualTo(magnets);
                assertThat(r.get("failed").asInt()).as(mode + " " + who).isZero();
                assertThat(r.get("p50Ms").isNumber()).as(mode + " " + who).isTrue();
            }
        }
        assertThat(o.get("oneByOne").get("p50Ratio").isNumber()).isTrue();
        assertThat(o.get("atOnce").get("wallRatio").isNumber()).isTrue();
    }

    @Test
    void badNumbersExitTwo() {
        assertThat(CliRun.of("bench", "resolve", "--magnets", "0").isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("bench", "resolve", "--rounds", "99").isOneLineBadInput()).isTrue();
    }
}
