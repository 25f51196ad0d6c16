package io.lodestone.ops.bench;

import io.lodestone.index.json.TorrentJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * libtorrent as the resolver to compare with: the driver script's {@code resolve} command, a fresh
 * libtorrent session that seeds nothing, bootstrapped from the testnet, timing each magnet from
 * add_torrent to metadata_received_alert. One process per run.
 */
final class BenchResolveLibtorrent {
    private static final String SCRIPT = "/io/lodestone/interop/lt_harness.py";
    /** Start-up of the script and its session, on top of the resolve timeouts. */
    private static final Duration START_MARGIN = Duration.ofSeconds(60);

    private final String python;
    private final Path dir;
    private final Path script;

    BenchResolveLibtorrent(Path dir) throws IOException, InterruptedException {
        this.python = LibtorrentTestnet.findPython();
        this.dir = dir;
        this.script = dir.resolve("lt_harness.py");
        try (InputStream in = BenchResolveLibtorrent.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("the libtorrent driver script is missing from the jar");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Resolves the {@code warmup} magnets one by one, untimed, then {@code magnets} one after
     * another ({@code atOnce} false; {@code timeout} each) or all at once ({@code timeout} in all).
     */
    BenchResolveStats resolve(List<String> warmup, List<String> magnets, List<InetSocketAddress> bootstrap,
                              boolean atOnce, Duration timeout) throws IOException, InterruptedException {
        Path list = Files.createTempFile(dir, "magnets-", ".txt");
        Files.write(list, magnets, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "resolve", "--magnets", list.toString(),
                "--no-utp", "--timeout", Long.toString(Math.max(1, timeout.toSeconds()))));
        if (!warmup.isEmpty()) {
            Path warm = Files.createTempFile(dir, "warmup-", ".txt");
            Files.write(warm, warmup, StandardCharsets.UTF_8);
            cmd.add("--warmup");
            cmd.add(warm.toString());
        }
        for (InetSocketAddress b : bootstrap) {
            cmd.add("--bootstrap");
            cmd.add(b.getAddress().getHostAddress() + ":" + b.getPort());
        }
        if (atOnce) {
            cmd.add("--at-once");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("resolve-stderr.log").toFile());
        pb.environment().put("LT_HARNESS_REEXEC", "1"); // the interpreter is chosen here
        Process p = pb.start();
        p.getOutputStream().close();
        Duration limit = (atOnce ? timeout : timeout.multipliedBy(magnets.size())).plus(START_MARGIN)
                .plus(timeout.multipliedBy(warmup.size()));
        // the watchdog ends a stuck script, which ends the read loop below
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        });
        List<Double> millis = new ArrayList<>();
        JsonNode summary = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                JsonNode j = parse(line);
                if (j == null) {
                    continue;
                }
                if (j.has("ms")) {
                    millis.add(j.get("ms").asDouble());
                } else if (j.has("summary")) {
                    summary = j.get("summary");
                } else if (j.has("error") && !j.has("index")) {
                    throw new IllegalStateException("libtorrent resolve failed: " + j.get("error").asString());
                }
            }
        } finally {
            watchdog.interrupt();
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
        if (summary == null) {
            throw new IllegalStateException("libtorrent resolve ended without a summary (exit "
                    + (p.isAlive() ? "?" : p.exitValue()) + "): " + tail(dir.resolve("resolve-stderr.log")));
        }
        return new BenchResolveStats(magnets.size(), millis, summary.path("wallSeconds").asDouble());
    }

    private static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            return TorrentJson.MAPPER.readTree(line);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String tail(Path log) throws IOException {
        String t = Files.exists(log) ? Files.readString(log).strip() : "";
        return t.length() <= 600 ? t : t.substring(t.length() - 600);
    }
}
