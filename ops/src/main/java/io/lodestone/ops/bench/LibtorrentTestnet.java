package io.lodestone.ops.bench;

import io.lodestone.index.json.TorrentJson;
import io.lodestone.ops.cli.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Real libtorrent nodes on loopback for the benchmarks: runs the project's libtorrent driver
 * script (shipped in the jar) with Debian's python3-libtorrent. Stops when closed, when this
 * process dies (the script stops on stdin EOF) or after its duration limit.
 */
final class LibtorrentTestnet implements AutoCloseable {
    private static final String SCRIPT = "/io/lodestone/interop/lt_harness.py";

    private final Process process;
    private final Path dir;
    private final JsonNode manifest;

    private LibtorrentTestnet(Process process, Path dir, JsonNode manifest) {
        this.process = process;
        this.dir = dir;
        this.manifest = manifest;
    }

    static LibtorrentTestnet start(List<String> args, int readySeconds) throws IOException, InterruptedException {
        String python = findPython();
        Path dir = Files.createTempDirectory("lodestone-bench-");
        Path script = dir.resolve("lt_harness.py");
        try (InputStream in = LibtorrentTestnet.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("the libtorrent driver script is missing from the jar");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "testnet", "--stop-on-stdin-eof"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.log").toFile());
        pb.environment().put("LT_HARNESS_REEXEC", "1"); // we chose the interpreter
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(readySeconds);
        String line;
        while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
            JsonNode j = TorrentJson.MAPPER.readTree(line);
            if (j.path("ready").asBoolean(false)) {
                Thread.ofPlatform().daemon().start(() -> drain(out));
                return new LibtorrentTestnet(p, dir, j.get("manifest"));
            }
            if (j.has("error")) {
                break;
            }
        }
        p.destroyForcibly();
        String log = Files.exists(dir.resolve("stderr.log")) ? tail(Files.readString(dir.resolve("stderr.log"))) : "";
        throw new IllegalStateException("libtorrent testnet did not start: " + log);
    }

    /** The address of libtorrent node {@code i}. */
    InetSocketAddress node(int i) {
        JsonNode n = manifest.get("nodes").get(i);
        return new InetSocketAddress(n.get("host").asString(), n.get("port").asInt());
    }

    /** CPU time (user + system) the libtorrent process has used so far, in nanoseconds. */
    long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        // fields after the command name, which is in parentheses and may hold spaces
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    /** USER_HZ: 100 on every Linux architecture the JDK runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    int size() {
        return manifest.get("nodes").size();
    }

    /** The testnet's manifest: nodes, torrents (name, infoHashV1, infoHashV2, files), settings. */
    JsonNode manifest() {
        return manifest;
    }

    String version() {
        return manifest.path("libtorrent").asString();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** An interpreter that can import libtorrent: Debian's own first (pyenv ones cannot). */
    static String findPython() throws InterruptedException {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("LODESTONE_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import libtorrent").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return c;
                }
            } catch (IOException e) {
                // not there: try the next
            }
        }
        throw new BadInputException("the benchmark needs libtorrent's Python bindings: apt-get install python3-libtorrent");
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // replies and the final "stopped" line: not needed here
            }
        } catch (IOException e) {
            // process gone
        }
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() <= 600 ? t : t.substring(t.length() - 600);
    }
}
