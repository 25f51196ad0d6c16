package io.lodestone.tracker;

import io.lodestone.types.InfoHash;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real opentracker on loopback for the interop tests, HTTP and UDP on one port. Debian builds
 * it whitelist-only and, run as root, it chroots into its directory and drops to {@code nobody}:
 * so the directory and whitelist are world-readable and the whitelist path is relative to it.
 *
 * <p>{@link #require(List)} follows the project rule for real peers: without the opentracker
 * binary a test fails when the environment variable {@code CI} is set and is skipped elsewhere.
 * The binary is {@code LODESTONE_OPENTRACKER} if set, else {@code opentracker} on the PATH.
 */
final class Opentracker implements AutoCloseable {

    static final String INSTALL_HINT = "apt-get install opentracker";
    static final String CI_ENV = "CI";
    static final String BINARY_ENV = "LODESTONE_OPENTRACKER";
    private static final String WHITELIST = "wl.txt";
    private static final long START_TIMEOUT_MS = 10_000;
    private static final long STOP_GRACE_MS = 5_000;
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path dir;
    private final int port;

    private Opentracker(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** A running opentracker that accepts exactly {@code whitelist}; close it when done. */
    static Opentracker require(List<InfoHash> whitelist) throws IOException, InterruptedException {
        Optional<Path> binary = find();
        if (binary.isEmpty()) {
            String where = System.getenv(BINARY_ENV) == null ? "none on the PATH"
                    : BINARY_ENV + " is not an executable";
            String message = "opentracker was not found (" + where + "); install it with: " + INSTALL_HINT;
            String ci = System.getenv(CI_ENV);
            if (ci != null && !ci.isEmpty()) {
                throw new AssertionError(message + " (CI is set: tests that need a real peer fail instead of"
                        + " being skipped)");
            }
            Assumptions.abort(message);
        }
        IOException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return start(binary.get(), whitelist);
            } catch (IOException e) {
                last = e; // most likely the port was taken between probing and binding: another one
            }
        }
        throw last;
    }

    private static Optional<Path> find() {
        String configured = System.getenv(BINARY_ENV);
        if (configured != null && !configured.isEmpty()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(p -> !p.isEmpty())
                .map(p -> Path.of(p, "opentracker")).filter(Files::isExecutable).findFirst();
    }

    private static Opentracker start(Path binary, List<InfoHash> whitelist) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("lodestone-opentracker-");
        // opentracker reads the whitelist as nobody after chroot when started as root
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path list = dir.resolve(WHITELIST);
        Files.writeString(list, whitelist.stream().map(InfoHash::hex).collect(Collectors.joining("\n", "", "\n")));
        Files.setPosixFilePermissions(list, PosixFilePermissions.fromString("rw-r--r--"));
        int port = freePort();
        Path log = Files.createTempFile("lodestone-opentracker-", ".log");
        Process p = new ProcessBuilder(binary.toString(), "-i", "127.0.0.1", "-p", Integer.toString(port),
                "-P", Integer.toString(port), "-d", dir.toString(), "-w", WHITELIST)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Opentracker ot = new Opentracker(p, dir, port);
        Runtime.getRuntime().addShutdownHook(new Thread(ot::closeQuietly, "opentracker-cleanup"));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        try {
            while (!accepts(port)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    String output = Files.readString(log);
                    ot.close();
                    throw new IOException("opentracker did not start on port " + port + " (exit "
                            + (p.isAlive() ? "none" : p.exitValue()) + "): " + output.strip());
                }
                Thread.sleep(50);
            }
            return ot;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A port free for both TCP and UDP on loopback right now. */
    private static int freePort() throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 20; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, lo);
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo, tcp.getLocalPort()))) {
                return udp.getLocalPort();
            } catch (IOException e) {
                // UDP side taken: try another
            }
        }
        throw new IOException("no port free for both TCP and UDP");
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    String httpAnnounce() {
        return "http://127.0.0.1:" + port + "/announce";
    }

    String udpAnnounce() {
        return "udp://127.0.0.1:" + port + "/announce";
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // shutting down anyway
        }
    }

    /** Stops the tracker (SIGTERM, then SIGKILL) and removes its directory. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
