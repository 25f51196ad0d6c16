package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.json.TorrentJson;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
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
        return lodestone(java.util.Map.of(), args);
    }

    private Result lodestone(java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("lodestone.root", "..")).toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of(root.resolve("lodestone").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().putAll(env);
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

    /** No command starts with a JVM warning (Unsafe, native access, incubator modules, logging). */
    @Test
    void commandsStartWithoutJvmWarnings() throws Exception {
        Files.write(cwd.resolve("w.bin"), TestContent.bytes(50_000, 3));
        List<Result> runs = new ArrayList<>();
        runs.add(lodestone("torrent", "create", "w.bin", "-o", "w.torrent"));
        runs.add(lodestone("torrent", "inspect", "w.torrent", "--json"));
        runs.add(serveBriefly());
        runs.add(lodestone("index", "rebuild", "--data-dir", "data"));
        for (Result r : runs) {
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.err().lines().filter(line -> line.contains("WARNING") || line.startsWith("SLF4J")))
                    .as(r.err()).isEmpty();
        }
    }

    /** `serve` on loopback with a dead bootstrap, until it says it is up, then SIGTERM. */
    private Result serveBriefly() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("lodestone.root", "..")).toAbsolutePath().normalize();
        Path log = cwd.resolve("serve.out");
        Path errLog = cwd.resolve("serve.err");
        int httpPort;
        int dhtPort;
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            httpPort = tcp.getLocalPort();
            dhtPort = udp.getLocalPort();
        }
        Process p = new ProcessBuilder(root.resolve("lodestone").toString(), "serve", "--data-dir", "data",
                "--http", "127.0.0.1:" + httpPort, "--dht-bind", "127.0.0.1", "--dht-port", String.valueOf(dhtPort),
                "--nodes", "1",
                "--bootstrap", "127.0.0.1:9", "--allow-private")
                .directory(cwd.toFile()).redirectOutput(log.toFile()).redirectError(errLog.toFile()).start();
        p.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("HTTP on") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(log), Files.readString(errLog));
    }

    /**
     * The JVM options are the launcher's choice by job: a resolve runs on C1 alone with the code
     * cache tiered mode would have; a serve and a download keep both compilers.
     */
    @Test
    void resolveRunsOnC1AloneAndServeAndDownloadKeepC2() throws Exception {
        var flags = java.util.Map.of("LODESTONE_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        for (String[] args : List.of(new String[] {"resolve", "--help"}, new String[] {"bench", "resolve", "--help"})) {
            Result r = lodestone(flags, args);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out().lines().findFirst().orElse("")).as(String.join(" ", args))
                    .contains("-XX:TieredStopAtLevel=1").contains("-XX:ReservedCodeCacheSize=251658240");
        }
        for (String[] args : List.of(new String[] {"serve", "--help"}, new String[] {"download", "--help"},
                new String[] {"bench", "download", "--help"})) {
            Result r = lodestone(flags, args);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out().lines().findFirst().orElse("")).as(String.join(" ", args))
                    .doesNotContain("TieredStopAtLevel").doesNotContain("CompileThresholdScaling");
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
