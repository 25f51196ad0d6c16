package io.lodestone.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A running loopback DHT of real libtorrent nodes (one script process holding one libtorrent
 * session per node), some of them seeding generated torrents. Everything stays on 127.0.0.0/8.
 *
 * <p>The process stops when this object is closed (its stdin reaches EOF), when this JVM dies
 * (stdin EOF again), after {@link TestnetOptions#duration()} and on SIGTERM. Use it in
 * try-with-resources.
 */
public final class Testnet implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_LINES = 400;
    private static final JsonNode EOF = Libtorrent.JSON.createObjectNode().put("eof", true);

    private final Process process;
    private final OutputStream stdin;
    private final Path workdir;
    private final boolean ownsWorkdir;
    private final boolean echo;
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private volatile String stopReason;
    private long commandSeq;
    private TestnetManifest manifest;

    private Testnet(Process process, Path workdir, boolean ownsWorkdir) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.workdir = workdir;
        this.ownsWorkdir = ownsWorkdir;
        this.echo = Boolean.getBoolean("lodestone.harness.verbose");
        this.stdoutReader = Thread.ofPlatform().daemon().name("testnet-stdout-" + process.pid())
                .start(this::readStdout);
        this.stderrReader = Thread.ofPlatform().daemon().name("testnet-stderr-" + process.pid())
                .start(this::readStderr);
    }

    static Testnet start(Libtorrent lt, TestnetOptions o) {
        Path dir = o.workdir();
        boolean owned = dir == null;
        try {
            dir = owned ? Files.createTempDirectory(lt.tempRoot(), "testnet-") : Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the testnet workdir", e);
        }
        if (owned) {
            ChildProcesses.registerTempDir(dir);
        }
        List<String> args = new ArrayList<>();
        args.add("testnet");
        args.addAll(o.toArgs());
        args.add("--workdir");
        args.add(dir.toAbsolutePath().toString());
        Process p;
        try {
            p = lt.start(args);
        } catch (RuntimeException e) {
            if (owned) {
                ChildProcesses.deleteTree(dir);
                ChildProcesses.unregisterTempDir(dir);
            }
            throw e;
        }
        Testnet net = new Testnet(p, dir, owned);
        // each start-up phase is bounded by readyTimeout inside the script
        Duration limit = o.readyTimeout().multipliedBy(4).plusSeconds(30);
        try {
            net.awaitReady(limit);
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
        return net;
    }

    private void awaitReady(Duration limit) {
        JsonNode m;
        try {
            m = ready.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw failure("testnet not ready within " + limit, null);
        } catch (ExecutionException e) {
            String error = e.getCause().getMessage();
            throw failure("testnet failed to start" + (error == null ? "" : ": " + error), error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the testnet", null);
        }
        manifest = Libtorrent.convert(m, TestnetManifest.class);
    }

    /** Stops the process and builds an exception with its exit status and stderr. */
    private LibtorrentException failure(String message, String error) {
        stopProcess();
        joinReaders();
        int rc = process.isAlive() ? -1 : process.exitValue();
        String tail = log();
        return new LibtorrentException(message + " (exit " + rc + ")" + (tail.isBlank() ? "" : "\nstderr:\n" + tail),
                rc, error, tail);
    }

    // ------------------------------------------------------------------ output readers

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n;
                try {
                    n = Libtorrent.JSON.readTree(line);
                } catch (JacksonException e) {
                    remember("(stdout) " + line);
                    continue;
                }
                if (n == null || !n.isObject()) {
                    remember("(stdout) " + line);
                } else if (n.has("ready")) {
                    if (n.path("ready").asBoolean()) {
                        ready.complete(n.get("manifest"));
                    } else {
                        ready.completeExceptionally(new IllegalStateException(n.path("error").asString("")));
                    }
                } else if (n.has("reply")) {
                    replies.add(n);
                } else if (n.has("stopped")) {
                    stopReason = n.path("reason").asString(null);
                } else {
                    remember("(stdout) " + line);
                }
            }
        } catch (IOException ignored) {
            // process gone
        } finally {
            ready.completeExceptionally(new IllegalStateException("the testnet process exited before it was ready"));
            replies.add(EOF);
        }
    }

    private void readStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                remember(line);
                if (echo) {
                    System.err.println(line);
                }
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    private void remember(String line) {
        synchronized (log) {
            if (log.size() >= LOG_LINES) {
                log.removeFirst();
            }
            log.addLast(line);
        }
    }

    // ------------------------------------------------------------------ the testnet

    public TestnetManifest manifest() {
        return manifest;
    }

    public List<TestnetManifest.Node> nodes() {
        return manifest.nodes();
    }

    public TestnetManifest.Node node(int index) {
        return manifest.nodes().get(index);
    }

    public List<TestnetManifest.Torrent> torrents() {
        return manifest.torrents();
    }

    public TestnetManifest.Torrent torrent(int index) {
        return manifest.torrents().get(index);
    }

    /** Every node's address: what a client bootstraps from. */
    public List<InetSocketAddress> bootstrap() {
        return manifest.bootstrapAddresses();
    }

    /** Where content and .torrent files live (deleted on close unless given in the options). */
    public Path workdir() {
        return workdir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Why the script stopped, once it has ("stdin closed", "duration of ... over", "error: ..."). */
    public String stopReason() {
        return stopReason;
    }

    /** The last lines of the script's stderr log. */
    public String log() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    // ------------------------------------------------------------------ commands

    /** Per-node libtorrent counters ("dht.dht_nodes", "dht.dht_get_peers_in", ...). */
    public List<NodeStats> stats() {
        JsonNode r = command("stats", Map.of());
        List<NodeStats> out = new ArrayList<>();
        for (JsonNode n : r.path("nodes")) {
            Map<String, Long> counters = new LinkedHashMap<>();
            n.properties().forEach(e -> {
                if (e.getValue().isNumber() && !e.getKey().equals("index")) {
                    counters.put(e.getKey(), e.getValue().asLong());
                }
            });
            out.add(new NodeStats(n.path("index").asInt(), n.path("addr").asString(), Map.copyOf(counters)));
        }
        return out;
    }

    /** Tells every node about a DHT node (e.g. the project's own), as if it had been seen. */
    public void addDhtNode(InetSocketAddress node) {
        addDhtNode(node, new int[0]);
    }

    /** Tells the given nodes (all if none given) about a DHT node. Loopback addresses only. */
    public void addDhtNode(InetSocketAddress node, int... nodeIndices) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("addr", node.getAddress().getHostAddress() + ":" + node.getPort());
        if (nodeIndices.length > 0) {
            args.put("nodes", nodeIndices);
        }
        command("add_node", args);
    }

    /** Makes every seeder announce all its torrents to the DHT now. */
    public void announceAll() {
        command("announce", Map.of());
    }

    /** libtorrent node {@code node} runs its own get_peers lookup; the peers it found, "ip:port". */
    public List<String> libtorrentGetPeers(int node, String infoHashHex, Duration timeout) {
        JsonNode r = command("get_peers", Map.of("node", node, "info_hash", infoHashHex,
                "timeout", timeout.toSeconds()), timeout.plusSeconds(10));
        List<String> peers = new ArrayList<>();
        r.path("peers").forEach(p -> peers.add(p.asString()));
        return peers;
    }

    /** What libtorrent got when it sent BEP 51 sample_infohashes to {@code endpoint}. */
    public record SampleReply(boolean answered, List<String> samples, long num, long interval, long nodes) {
    }

    public SampleReply libtorrentSample(int node, InetSocketAddress endpoint, String targetHex) {
        JsonNode r = command("sample", Map.of("node", node, "endpoint",
                endpoint.getAddress().getHostAddress() + ":" + endpoint.getPort(), "target", targetHex),
                Duration.ofSeconds(25));
        List<String> samples = new ArrayList<>();
        r.path("samples").forEach(p -> samples.add(p.asString()));
        return new SampleReply(r.path("answered").asBoolean(), samples, r.path("num").asLong(),
                r.path("interval").asLong(), r.path("nodes").asLong());
    }

    /** One entry of a libtorrent node's routing table. */
    public record LiveNode(String id, String addr) {
    }

    /** The live entries of libtorrent node {@code node}'s routing table. */
    public List<LiveNode> liveNodes(int node) {
        JsonNode r = command("live_nodes", Map.of("node", node));
        List<LiveNode> nodes = new ArrayList<>();
        r.path("nodes").forEach(n -> nodes.add(new LiveNode(n.path("id").asString(), n.path("addr").asString())));
        return nodes;
    }

    /** Round trip to the script's main loop. */
    public void ping() {
        command("ping", Map.of());
    }

    /** Sends one JSON command on stdin and waits for its reply (which must say "ok"). */
    public JsonNode command(String name, Map<String, ?> args) {
        return command(name, args, COMMAND_TIMEOUT);
    }

    public synchronized JsonNode command(String name, Map<String, ?> args, Duration timeout) {
        if (closed.get()) {
            throw new IllegalStateException("testnet closed");
        }
        long id = ++commandSeq;
        ObjectNode cmd = Libtorrent.JSON.createObjectNode();
        cmd.put("cmd", name);
        cmd.put("id", id);
        args.forEach((k, v) -> cmd.set(k, Libtorrent.JSON.valueToTree(v)));
        try {
            stdin.write((Libtorrent.JSON.writeValueAsString(cmd) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new LibtorrentException("testnet command " + name + ": cannot write to the process ("
                    + (process.isAlive() ? "alive" : "exited") + ")\n" + log(), -1, null, log(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode r;
            try {
                r = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LibtorrentException("interrupted waiting for testnet command " + name, -1, null, log());
            }
            if (r == null) {
                throw new LibtorrentException("testnet command " + name + " got no reply within " + timeout
                        + "\n" + log(), -1, null, log());
            }
            if (r == EOF) {
                replies.add(EOF);
                throw new LibtorrentException("testnet exited (" + stopReason + ") before answering " + name
                        + "\n" + log(), -1, null, log());
            }
            if (r.path("id").asLong(-1) != id) {
                continue;    // the late reply to a command that timed out
            }
            if (!r.path("ok").asBoolean()) {
                String error = r.path("error").asString("");
                throw new LibtorrentException("testnet command " + name + " failed: " + error, 0, error, "");
            }
            return r;
        }
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Stops the testnet: stdin EOF, then SIGTERM, then SIGKILL; waits for the process and removes
     * the workdir it created. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stopProcess();
            joinReaders();
        } finally {
            ChildProcesses.unregister(process);
            if (ownsWorkdir) {
                try {
                    ChildProcesses.deleteTree(workdir);
                } finally {
                    ChildProcesses.unregisterTempDir(workdir);
                }
            }
        }
    }

    private void stopProcess() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                ChildProcesses.kill(process, 5000);
            }
        } catch (InterruptedException e) {
            ChildProcesses.kill(process, 0);
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            ChildProcesses.kill(process, 5000);
        }
    }

    private void joinReaders() {
        try {
            stdoutReader.join(2000);
            stderrReader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not host:port: " + hostPort);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** One node's counters, as {@link #stats()} reports them. */
    public record NodeStats(int index, String addr, Map<String, Long> counters) {

        public long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }

        /** Routing-table size. */
        public long dhtNodes() {
            return counter("dht.dht_nodes");
        }
    }

    @Override
    public String toString() {
        return "Testnet[pid " + process.pid() + ", " + (manifest == null ? "starting" : manifest.nodes().size()
                + " nodes, " + manifest.torrents().size() + " torrents") + "]";
    }
}
