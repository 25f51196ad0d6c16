package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.interop.Libtorrent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * BEP 55 for real: two Lodestone peers that cannot dial each other (one behind a NAT-like firewall
 * in a private network namespace) meet through a libtorrent relay both can reach, and the whole
 * torrent moves between them over uTP. The relay uploads at most 1 KB/s, so a download done in
 * time came from the peer behind the firewall. See {@link HolepunchScenario}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HolepunchIT {

    @Test
    void twoPeersThatCannotDialEachOtherMeetThroughALibtorrentRelay(@TempDir Path tmp) throws Exception {
        Libtorrent.require(); // fails in CI, skips on a developer machine, when python3-libtorrent is missing
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of("unshare", "-n", java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), HolepunchScenario.class.getName(), tmp.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("scenario.err").toFile());
        pb.environment().put("LODESTONE_HOLEPUNCH_NETNS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String last = out.lines().filter(l -> l.startsWith("{")).reduce((x, y) -> y).orElse("{\"error\": \"no answer, exit "
                + p.exitValue() + ": " + out.strip().replace("\"", "'") + "\"}");
        JsonNode r = JsonMapper.builder().build().readTree(last);
        System.out.println("HolepunchIT: " + last);
        assertThat(r.path("ok").asBoolean()).as(last + "\n" + tail(tmp.resolve("scenario.err"))).isTrue();
        assertThat(r.path("uploadedByC").asLong()).isPositive();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (java.io.IOException e) {
            return "(no scenario log)";
        }
    }
}
