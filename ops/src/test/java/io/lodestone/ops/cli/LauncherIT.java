package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.json.TorrentJson;
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

/** The real launcher and the shaded jar, run from another directory, as a user runs them. */
class LauncherIT {

    @TempDir
    Path cwd;

    record Result(int code, String out, String err) {
    }

    private Result lodestone(String... args) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("lodestone.root", "..")).toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of(root.resolve("lodestone").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void createAndInspectThroughTheLauncher() throws Exception {
        Path file = Files.write(cwd.resolve("hello.bin"), TestContent.bytes(100_000, 5));
        Result made = lodestone("torrent", "create", "hello.bin", "-o", "hello.torrent", "--format", "hybrid");
        assertThat(made.code()).as(made.err()).isZero();
        Result inspected = lodestone("torrent", "inspect", "hello.torrent", "--json");
        assertThat(inspected.code()).as(inspected.err()).isZero();
        JsonNode json = TorrentJson.MAPPER.readTree(inspected.out());
        assertThat(json.get("name").asString()).isEqualTo("hello.bin");
        assertThat(json.get("totalSize").asLong()).isEqualTo(Files.size(file));
        assertThat(json.get("version").asString()).isEqualTo("hybrid");
    }

    @Test
    void badInputExitsTwoWithOneLine() throws Exception {
        Files.write(cwd.resolve("junk.torrent"), TestContent.bytes(500, 9));
        for (String[] args : List.of(
                new String[] {"torrent", "inspect", "junk.torrent"},
                new String[] {"torrent", "inspect", "magnet:?xt=urn:btih:nothex"},
                new String[] {"torrent", "inspect", "missing.torrent", "--json"},
                new String[] {"torrent", "create", "missing-dir", "-o", "x.torrent"},
                new String[] {"torrent", "inspect", "--no-such-option"})) {
            Result r = lodestone(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void helpAndVersionWork() throws Exception {
        Result help = lodestone("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("torrent");
        assertThat(lodestone("torrent", "create", "--help").out()).contains("--piece-length");
        assertThat(lodestone("--version").out()).startsWith("lodestone ");
    }
}
