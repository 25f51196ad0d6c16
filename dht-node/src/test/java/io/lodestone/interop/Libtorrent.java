package io.lodestone.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real-peer harness: drives libtorrent (Python bindings, 2.0.x) through the
 * {@code lt_harness.py} script shipped beside this class. Tests get an instance with
 * {@link #require()}; every call runs one short-lived script process with a time limit, except
 * {@link #startTestnet(TestnetOptions)}, which returns a running loopback DHT to close.
 *
 * <p>Finding libtorrent: the interpreter named by the system property {@code lodestone.python}
 * or the environment variable {@code LODESTONE_PYTHON} if set, else the system's
 * {@code /usr/bin/python3} (where Debian's python3-libtorrent lives), else {@code python3} on the
 * PATH; the first one that can {@code import libtorrent} is used. The script is copied from the
 * classpath into a fresh temp dir that is removed when the JVM exits.
 *
 * <p>Thread-safe; the instance is shared by the whole JVM.
 */
public final class Libtorrent {

    /** How to get the missing peer. */
    public static final String INSTALL_HINT = "apt-get install python3-libtorrent";

    /** Project rule: tests that need a real peer fail (not skip) in CI when the peer is missing. */
    public static final String CI_ENV = "CI";

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final String SCRIPT = "lt_harness.py";
    private static final Set<String> FORMATS = Set.of("v1", "v2", "hybrid");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INFO_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(5);
    /** Added to the script's own time limit before Java gives up on it. */
    private static final Duration MARGIN = Duration.ofSeconds(30);
    private static final int STDOUT_LIMIT = 64 << 20;
    private static final int STDERR_TAIL = 32 << 10;

    private static Optional<Libtorrent> instance;
    private static String unavailableReason;

    private final String python;
    private final Path tempRoot;
    private final Path script;
    private final String libtorrentVersion;
    private final String pythonVersion;

    private Libtorrent(String python, Path tempRoot, Path script, String libtorrentVersion,
                       String pythonVersion) {
        this.python = python;
        this.tempRoot = tempRoot;
        this.script = script;
        this.libtorrentVersion = libtorrentVersion;
        this.pythonVersion = pythonVersion;
    }

    // ------------------------------------------------------------------ availability

    /**
     * The harness, or — when no Python with libtorrent is found — a failed test in CI (the
     * environment variable {@code CI} is non-empty) and an aborted (skipped) test elsewhere.
     */
    public static Libtorrent require() {
        Optional<Libtorrent> lt = find();
        if (lt.isPresent()) {
            return lt.get();
        }
        String message = unavailableMessage();
        String ci = System.getenv(CI_ENV);
        if (ci != null && !ci.isEmpty()) {
            throw new AssertionError(message + " (CI is set: tests that need a real peer fail instead of"
                    + " being skipped)");
        }
        return Assumptions.abort(message);
    }

    /** The harness if a Python with libtorrent is found; looked up once per JVM. */
    public static synchronized Optional<Libtorrent> find() {
        if (instance == null) {
            instance = detect();
        }
        return instance;
    }

    public static boolean isAvailable() {
        return find().isPresent();
    }

    /** Why {@link #find()} came back empty, with the install hint. */
    public static synchronized String unavailableMessage() {
        find();
        return "libtorrent's Python bindings were not found (" + unavailableReason
                + "); install them with: " + INSTALL_HINT;
    }

    private static Optional<Libtorrent> detect() {
        List<String> candidates = new ArrayList<>();
        String override = System.getProperty("lodestone.python", System.getenv("LODESTONE_PYTHON"));
        if (override != null && !override.isBlank()) {
            candidates.add(override.strip());
        } else {
            if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
                candidates.add("/usr/bin/python3");
            }
            candidates.add("python3");
        }
        Path root;
        Path script;
        try {
            root = Files.createTempDirectory("lodestone-libtorrent-");
            ChildProcesses.registerTempDir(root);
            script = root.resolve(SCRIPT);
            try (InputStream in = Libtorrent.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + SCRIPT + " missing beside "
                            + Libtorrent.class.getName());
                }
                Files.copy(in, script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the libtorrent harness", e);
        }
        List<String> failures = new ArrayList<>();
        for (String python : candidates) {
            Libtorrent probe = new Libtorrent(python, root, script, null, null);
            try {
                JsonNode v = probe.run(PROBE_TIMEOUT, "version", "--timeout", "20");
                return Optional.of(new Libtorrent(python, root, script, v.path("libtorrent").asString(),
                        v.path("python").asString()));
            } catch (LibtorrentException e) {
                String why = e.error() != null ? e.error() : firstLine(e.getMessage());
                failures.add(python + ": " + why);
            }
        }
        ChildProcesses.deleteTree(root);
        ChildProcesses.unregisterTempDir(root);
        unavailableReason = String.join("; ", failures);
        return Optional.empty();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    // ------------------------------------------------------------------ accessors

    /** The Python interpreter used. */
    public String python() {
        return python;
    }

    /** libtorrent's version, e.g. "2.0.8.0". */
    public String version() {
        return libtorrentVersion;
    }

    public String pythonVersion() {
        return pythonVersion;
    }

    /** The copied script (inside this JVM's harness temp dir). */
    public Path script() {
        return script;
    }

    /** This JVM's harness temp dir (removed at JVM exit). */
    public Path tempRoot() {
        return tempRoot;
    }

    // ------------------------------------------------------------------ commands

    /** Creates a .torrent of {@code content} (file or directory) with libtorrent. */
    public TorrentView create(Path content, Path out, String format, int pieceLength) {
        return create(content, out, format, pieceLength, false);
    }

    /**
     * Creates a .torrent of {@code content} (file or directory) with libtorrent's create_torrent.
     * The result is deterministic: no creation date, no creator, directory entries sorted by
     * name.
     *
     * @param format      "v1", "v2" or "hybrid"
     * @param pieceLength bytes (a power of two >= 16 KiB for v2/hybrid); 0 lets libtorrent pick
     * @param trackers    announce URLs, one tier each
     */
    public TorrentView create(Path content, Path out, String format, int pieceLength, boolean isPrivate,
                              String... trackers) {
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("format must be one of " + FORMATS + ": " + format);
        }
        List<String> args = new ArrayList<>(List.of("create",
                "--path", content.toAbsolutePath().toString(),
                "--out", out.toAbsolutePath().toString(),
                "--format", format,
                "--piece-length", Integer.toString(pieceLength),
                "--timeout", Long.toString(CREATE_TIMEOUT.toSeconds())));
        if (isPrivate) {
            args.add("--private");
        }
        for (String t : trackers) {
            args.add("--tracker");
            args.add(t);
        }
        return convert(run(CREATE_TIMEOUT.plus(MARGIN), args), TorrentView.class);
    }

    /** libtorrent's view of a .torrent file; a {@link LibtorrentException} if libtorrent rejects it. */
    public TorrentView info(Path torrent) {
        return convert(run(INFO_TIMEOUT.plus(MARGIN), "info", "--torrent", torrent.toAbsolutePath().toString(),
                "--timeout", Long.toString(INFO_TIMEOUT.toSeconds())), TorrentView.class);
    }

    /** Hash-checks the data under {@code savePath} (the directory holding the torrent's name). */
    public CheckResult check(Path torrent, Path savePath) {
        return check(torrent, savePath, CHECK_TIMEOUT);
    }

    public CheckResult check(Path torrent, Path savePath, Duration timeout) {
        return convert(run(timeout.plus(MARGIN), "check",
                "--torrent", torrent.toAbsolutePath().toString(),
                "--save-path", savePath.toAbsolutePath().toString(),
                "--timeout", Long.toString(Math.max(1, timeout.toSeconds()))), CheckResult.class);
    }

    /**
     * Starts a loopback DHT of libtorrent nodes and seeders and waits until it is ready (every
     * node bootstrapped and answering, every torrent announced). Close it when done.
     */
    public Testnet startTestnet(TestnetOptions options) {
        return Testnet.start(this, options);
    }

    /** Runs one script subcommand and returns its (last) JSON line. */
    public JsonNode run(Duration timeout, String... args) {
        return run(timeout, Arrays.asList(args));
    }

    /** Runs one script subcommand and returns its (last) JSON line. */
    public JsonNode run(Duration timeout, List<String> args) {
        Objects.requireNonNull(timeout, "timeout");
        String what = describe(args);
        Process p = start(args);
        Drain out = Drain.start(p.getInputStream(), "lt-stdout", STDOUT_LIMIT, false);
        Drain err = Drain.start(p.getErrorStream(), "lt-stderr", STDERR_TAIL, true);
        try {
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ChildProcesses.kill(p, 2000);
                err.join(2000);
                throw new LibtorrentException(what + " did not finish within " + timeout + stderrPart(err),
                        -1, null, err.text());
            }
        } catch (InterruptedException e) {
            ChildProcesses.kill(p, 0);
            Thread.currentThread().interrupt();
            throw new LibtorrentException(what + " interrupted", -1, null, "");
        } catch (IOException e) {
            ChildProcesses.kill(p, 0);
            throw new LibtorrentException(what + ": " + e, -1, null, "", e);
        } finally {
            ChildProcesses.unregister(p);
        }
        out.join(5000);
        err.join(5000);
        int rc = p.exitValue();
        JsonNode result = lastJsonLine(out.text());
        String error = result != null && result.hasNonNull("error") ? result.get("error").asString() : null;
        if (rc != 0 || result == null || error != null) {
            String msg = what + " failed (exit " + rc + ")"
                    + (error != null ? ": " + error : result == null ? ": no JSON on stdout" : "")
                    + stderrPart(err)
                    + (result == null && !out.text().isBlank() ? "\nstdout:\n" + out.text() : "");
            throw new LibtorrentException(msg, rc, error, err.text());
        }
        return result;
    }

    /** Starts the script with the given arguments (registered for clean-up at JVM exit). */
    Process start(List<String> args) {
        List<String> cmd = new ArrayList<>(args.size() + 2);
        cmd.add(python);
        cmd.add(script.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tempRoot.toFile());
        Map<String, String> env = pb.environment();
        env.remove("PYTHONPATH");
        env.remove("PYTHONHOME");
        env.remove("PYTHONSTARTUP");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        env.put("LT_HARNESS_REEXEC", "1");    // the interpreter is chosen here, not by the script
        try {
            Process p = pb.start();
            ChildProcesses.register(p);
            return p;
        } catch (IOException e) {
            throw new LibtorrentException("cannot start " + python + " " + describe(args) + ": " + e.getMessage(),
                    -1, null, "", e);
        }
    }

    static String describe(List<String> args) {
        return "lt_harness " + (args.isEmpty() ? "" : args.get(0));
    }

    private static String stderrPart(Drain err) {
        String s = err.text().strip();
        return s.isEmpty() ? "" : "\nstderr:\n" + s;
    }

    static JsonNode lastJsonLine(String text) {
        String[] lines = text.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (line.startsWith("{")) {
                try {
                    return JSON.readTree(line);
                } catch (JacksonException e) {
                    return null;
                }
            }
        }
        return null;
    }

    static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JacksonException e) {
            throw new LibtorrentException("unexpected JSON for " + type.getSimpleName() + ": " + e.getMessage()
                    + "\n" + node, 0, null, "", e);
        }
    }

    @Override
    public String toString() {
        return "Libtorrent[" + libtorrentVersion + " via " + python + "]";
    }

    // ------------------------------------------------------------------ stream draining

    /** Reads a stream to its end on a daemon thread; keeps the first (or last) {@code limit} bytes. */
    static final class Drain {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final int limit;
        private final boolean tail;
        private final Thread thread;

        private Drain(InputStream in, String name, int limit, boolean tail) {
            this.limit = limit;
            this.tail = tail;
            this.thread = Thread.ofPlatform().daemon().name(name).unstarted(() -> pump(in));
        }

        static Drain start(InputStream in, String name, int limit, boolean tail) {
            Drain d = new Drain(in, name, limit, tail);
            d.thread.start();
            return d;
        }

        private void pump(InputStream in) {
            byte[] b = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(b)) > 0) {
                    synchronized (buf) {
                        if (tail) {
                            buf.write(b, 0, n);
                            if (buf.size() > 2 * limit) {
                                byte[] all = buf.toByteArray();
                                buf.reset();
                                buf.write(all, all.length - limit, limit);
                            }
                        } else if (buf.size() < limit) {
                            buf.write(b, 0, Math.min(n, limit - buf.size()));
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process went away; keep what we have
            }
        }

        void join(long millis) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String text() {
            synchronized (buf) {
                byte[] all = buf.toByteArray();
                int from = tail ? Math.max(0, all.length - limit) : 0;
                return new String(all, from, all.length - from, StandardCharsets.UTF_8);
            }
        }
    }
}
