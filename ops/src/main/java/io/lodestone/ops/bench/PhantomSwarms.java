package io.lodestone.ops.bench;

import io.lodestone.index.json.TorrentJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
 * The phantom-swarm driver script (shipped in the jar) as a child process: announces phantom
 * swarms into a loopback DHT, serves the misbehaving peers and counts every dial to them.
 */
final class PhantomSwarms implements AutoCloseable {
    private static final String SCRIPT = "phantoms.py";
    private static final long ANSWER_SECONDS = 30;

    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;
    private final Path dir;
    private final JsonNode ready;

    private PhantomSwarms(Process process, Path dir, JsonNode ready, BufferedReader out) {
        this.process = process;
        this.dir = dir;
        this.ready = ready;
        this.out = out;
        this.in = process.getOutputStream();
    }

    /** Starts the script and waits until every swarm is announced. */
    static PhantomSwarms start(List<InetSocketAddress> testnet, List<String> args, long readySeconds)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("lodestone-phantoms-");
        Path script = dir.resolve(SCRIPT);
        try (InputStream res = PhantomSwarms.class.getResourceAsStream(SCRIPT)) {
            if (res == null) {
                throw new IllegalStateException("the phantom driver script is missing from the jar");
            }
            Files.copy(res, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> nodes = testnet.stream().map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), "--nodes",
                String.join(",", nodes)));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        JsonNode first = readLine(p, out, readySeconds);
        if (first == null || !first.path("ready").asBoolean(false)) {
            p.destroyForcibly();
            throw new IllegalStateException("phantoms did not start: " + first + " " + tail(dir.resolve("stderr.log")));
        }
        return new PhantomSwarms(p, dir, first, out);
    }

    /** What the script said once announced: swarms, kinds, addresses, announces that took. */
    JsonNode ready() {
        return ready;
    }

    /** Has the no-peer hashes asked for at these farm nodes, as clients looking for dead torrents do. */
    JsonNode askFarm(List<InetSocketAddress> farm) throws IOException, InterruptedException {
        List<String> nodes = farm.stream().map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList();
        return command(TorrentJson.MAPPER.createObjectNode().put("cmd", "farm")
                .set("nodes", TorrentJson.MAPPER.valueToTree(nodes)));
    }

    /** The dials seen so far, counted on the phantom side. */
    JsonNode report() throws IOException, InterruptedException {
        return command(TorrentJson.MAPPER.createObjectNode().put("cmd", "report"));
    }

    private synchronized JsonNode command(JsonNode cmd) throws IOException, InterruptedException {
        in.write((cmd.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        JsonNode r = readLine(process, out, ANSWER_SECONDS);
        if (r == null || r.has("error")) {
            throw new IllegalStateException("phantoms: " + r + " " + tail(dir.resolve("stderr.log")));
        }
        return r;
    }

    /** The next JSON line within {@code seconds}, or null if the process ended or stayed silent. */
    private static JsonNode readLine(Process p, BufferedReader out, long seconds)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (out.ready()) {
                String line = out.readLine();
                return line == null ? null : TorrentJson.MAPPER.readTree(line);
            }
            if (!p.isAlive()) {
                return null;
            }
            Thread.sleep(20);
        }
        return null;
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log).strip();
            return s.length() <= 800 ? s : s.substring(s.length() - 800);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        in.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
