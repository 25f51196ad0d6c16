package io.lodestone.ops.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The other clients of the download benchmark, all on loopback: a libtorrent seeder and leecher
 * (the project's lt_peer.py driver, shipped in the jar), aria2c as a leecher, opentracker so
 * aria2 can find the seeder. Each run is one child process with a time limit.
 */
final class BenchDownloadPeers {

    static final String LT_PEER = "/io/lodestone/client/interop/lt_peer.py";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What one leecher run cost; {@code progress} is null where the client does not tell, and
     * {@code seederCpuSeconds} NaN until {@link #withSeederCpu} sets it.
     */
    record Run(String client, double seconds, double cpuSeconds, boolean ok, String note, DownloadProgress progress,
               double seederCpuSeconds) {
        Run(String client, double seconds, double cpuSeconds, boolean ok, String note, DownloadProgress progress) {
            this(client, seconds, cpuSeconds, ok, note, progress, Double.NaN);
        }

        Run(String client, double seconds, double cpuSeconds, boolean ok, String note) {
            this(client, seconds, cpuSeconds, ok, note, null);
        }

        /** The same run, with what the seeder spent while it ran. */
        Run withSeederCpu(double seconds) {
            return new Run(client, this.seconds, cpuSeconds, ok, note, progress, seconds);
        }
    }

    private final Path dir;
    private final String python;
    private final Path script;

    BenchDownloadPeers(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.python = LibtorrentTestnet.findPython();
        this.script = dir.resolve("lt_peer.py");
        try (InputStream in = BenchDownloadPeers.class.getResourceAsStream(LT_PEER)) {
            if (in == null) {
                throw new IllegalStateException("lt_peer.py is missing from the jar");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A running libtorrent seeder; close to stop it. */
    final class Seeder implements AutoCloseable {
        private final Process process;
        final InetSocketAddress address;
        /** Wall-clock time (epoch ms) it said it was ready: its session's once-a-second tick runs from before. */
        final long readyAtMillis;

        /** CPU time the seeder process has used so far, all its threads; NaN where the OS does not tell. */
        double cpuSeconds() {
            return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        }

        Seeder(Process process, int port) {
            this.process = process;
            this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            this.readyAtMillis = System.currentTimeMillis();
        }

        /**
         * The first moment {@link #START_PHASE_MILLIS} past a whole second after {@link #readyAtMillis}
         * that is at least {@code leadMillis} from now: a leecher started then finds the seeder's rate
         * tick as far away as every other leecher did.
         */
        long nextStartMillis(long leadMillis) {
            return alignedStart(readyAtMillis + START_PHASE_MILLIS, System.currentTimeMillis(), leadMillis);
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Where in the seeder's second each leecher starts. Measured here, libtorrent's seeder reports
     * ready just after one of its ticks: leechers started on the whole second all met close to a full
     * second of one-block-at-a-time sending; started half way, each meets about half a second, what a
     * leecher arriving at a random moment meets on average.
     */
    static final long START_PHASE_MILLIS = 500;

    /** The first {@code anchor + k * 1000} (k >= 0) no earlier than {@code now + lead}; all epoch ms. */
    static long alignedStart(long anchor, long now, long lead) {
        long earliest = now + lead;
        long k = Math.max(0, Math.floorDiv(earliest - anchor + 999, 1000));
        return anchor + k * 1000;
    }

    /** Sleeps until the wall clock reads {@code epochMillis}. */
    static void sleepUntil(long epochMillis) throws InterruptedException {
        for (long left; (left = epochMillis - System.currentTimeMillis()) > 0; ) {
            Thread.sleep(left);
        }
    }

    Seeder seed(Path torrent, Path data, long durationSeconds) throws IOException {
        return seed(torrent, data, durationSeconds, "tcp");
    }

    /** A seeder over {@code transport}: tcp, utp (TCP disabled) or both. */
    Seeder seed(Path torrent, Path data, long durationSeconds, String transport) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "seed", "--torrent", torrent.toString(),
                "--save", data.toString(), "--duration", Long.toString(durationSeconds), "--transport", transport)
                .redirectError(dir.resolve("lt-seed.log").toFile());
        pb.environment().put("LT_PEER_REEXEC", "1");
        Process p = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("{")) {
                JsonNode j = JSON.readTree(line);
                if (j.path("ready").asBoolean()) {
                    return new Seeder(p, j.path("port").asInt());
                }
                break;
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("libtorrent seeder did not start: " + line);
    }

    /** A libtorrent download that starts at {@code startAtMillis} (epoch ms; 0: at once). */
    Run libtorrentLeech(Path torrent, Path save, InetSocketAddress seeder, long timeoutSeconds, long startAtMillis)
            throws IOException, InterruptedException {
        return libtorrentLeech(torrent, save, seeder, timeoutSeconds, "tcp", startAtMillis);
    }

    /** A libtorrent download over {@code transport}: tcp, utp (TCP disabled) or both. */
    Run libtorrentLeech(Path torrent, Path save, InetSocketAddress seeder, long timeoutSeconds, String transport)
            throws IOException, InterruptedException {
        return libtorrentLeech(torrent, save, seeder, timeoutSeconds, transport, 0);
    }

    private Run libtorrentLeech(Path torrent, Path save, InetSocketAddress seeder, long timeoutSeconds,
                                String transport, long startAtMillis) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "leech", "--torrent", torrent.toString(),
                "--save", save.toString(), "--peer", "127.0.0.1:" + seeder.getPort(),
                "--timeout", Long.toString(timeoutSeconds), "--transport", transport,
                "--start-at", Double.toString(startAtMillis / 1000.0))
                .redirectError(dir.resolve("lt-leech.log").toFile());
        pb.environment().put("LT_PEER_REEXEC", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("{")) {
                    last = line;
                }
            }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        JsonNode j = last == null ? JSON.createObjectNode() : JSON.readTree(last);
        DownloadProgress progress = null;
        if (j.path("progress").isArray()) {
            progress = new DownloadProgress();
            for (JsonNode sample : j.path("progress")) {
                progress.add(sample.path(0).asDouble(), sample.path(1).asLong());
            }
        }
        return new Run("libtorrent", j.path("seconds").asDouble(),
                j.path("cpuSeconds").asDouble(), j.path("ok").asBoolean(), j.path("error").asString(""), progress);
    }

    /**
     * aria2c downloading {@code torrent}, which names the tracker the seeder announced to; CPU
     * time comes from the shell's {@code times} for its child, so nothing is sampled.
     */
    Run aria2Leech(Path torrent, Path save, long timeoutSeconds, long startAtMillis)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "aria2c \"$@\"; rc=$?; times; exit $rc", "sh",
                "--no-conf", "--interface=127.0.0.1", "--disable-ipv6=true", "--enable-dht=false",
                "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
                "--listen-port=" + port, "--dir=" + save, "--file-allocation=none", "--seed-time=0",
                "--bt-stop-timeout=" + timeoutSeconds, "--console-log-level=warn", "--summary-interval=0",
                "--enable-color=false", torrent.toString()));
        sleepUntil(startAtMillis);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("aria2.log").toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(timeoutSeconds + 30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!done) {
            p.destroyForcibly();
        }
        String[] lines = out.strip().split("\n");
        double cpu = lines.length >= 1 ? childTimes(lines[lines.length - 1]) : 0;
        boolean ok = done && p.exitValue() == 0;
        return new Run("aria2", seconds, cpu, ok, ok ? "" : "exit " + (done ? p.exitValue() : "timeout"));
    }

    /** "0m1.234s 0m0.567s" (user, system) as seconds. */
    static double childTimes(String line) {
        double total = 0;
        for (String t : line.strip().split("\\s+")) {
            int m = t.indexOf('m');
            if (m > 0 && t.endsWith("s")) {
                total += Integer.parseInt(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
            }
        }
        return total;
    }

    /** The first of {@code commands} that is not an executable on the PATH, or null when all are. */
    static String missingCommand(String... commands) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String command : commands) {
            boolean found = java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                    .filter(d -> !d.isEmpty())
                    .anyMatch(d -> Files.isExecutable(Path.of(d).resolve(command)));
            if (!found) {
                return command;
            }
        }
        return null;
    }

    /** An opentracker on a free loopback port tracking {@code infoHashHex}; close to stop it. */
    Process opentracker(String infoHashHex, int port) throws IOException {
        Path ot = Files.createDirectories(dir.resolve("opentracker"));
        Files.writeString(ot.resolve("whitelist.txt"), infoHashHex + "\n");
        ot.toFile().setReadable(true, false);
        ot.toFile().setExecutable(true, false);
        ot.resolve("whitelist.txt").toFile().setReadable(true, false);
        String p = Integer.toString(port);
        return new ProcessBuilder("opentracker", "-i", "127.0.0.1", "-p", p, "-P", p, "-d", ot.toString(),
                "-w", "whitelist.txt").redirectErrorStream(true).redirectOutput(ot.resolve("log.txt").toFile())
                .start();
    }

    /** Waits until something accepts connections on the loopback port; false after {@code seconds}. */
    static boolean awaitListening(int port, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return true;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
