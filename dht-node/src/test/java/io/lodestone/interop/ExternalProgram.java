package io.lodestone.interop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * One real BitTorrent program (transmission, aria2, opentracker) run by a test: started with its
 * output in a log file, registered so that it dies with the JVM, stopped on {@link #close()}.
 * Also finds programs on the PATH the way {@link Libtorrent#require()} finds libtorrent: missing
 * means a failed test when {@code CI} is set, a skipped one otherwise.
 */
public final class ExternalProgram implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int LOG_TAIL = 4000;
    private static final Duration POLL = Duration.ofMillis(50);
    /** Ports handed out for programs that cannot pick their own; outside the ephemeral range. */
    private static final int PORT_LOW = 20000;
    private static final int PORT_HIGH = 32000;
    private static final int PORT_TRIES = 200;

    private final String name;
    private final Process process;
    private final Path log;

    private ExternalProgram(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * The program's path, or a failed test in CI (env {@code CI} non-empty) and a skipped one
     * elsewhere when it is not on the PATH.
     */
    public static Path require(String program, String installHint) {
        Optional<Path> p = find(program);
        if (p.isPresent()) {
            return p.get();
        }
        String message = program + " was not found on the PATH; install it with: " + installHint;
        String ci = System.getenv(Libtorrent.CI_ENV);
        if (ci != null && !ci.isEmpty()) {
            throw new AssertionError(message + " (CI is set: tests that need a real peer fail instead of being skipped)");
        }
        return Assumptions.abort(message);
    }

    public static Optional<Path> find(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** A port free for TCP and UDP on 127.0.0.1 right now (a program may still lose a race for it). */
    public static int freeLoopbackPort() {
        InetAddress lo = InetAddress.getLoopbackAddress();
        for (int i = 0; i < PORT_TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(PORT_LOW, PORT_HIGH);
            try (ServerSocket tcp = new ServerSocket(port, 1, lo);
                 java.net.DatagramSocket udp = new java.net.DatagramSocket(new InetSocketAddress(lo, port))) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }

    /** Starts {@code command} in {@code workdir}, stdout and stderr to {@code log}, stdin closed. */
    public static ExternalProgram start(String name, List<String> command, Path workdir, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workdir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            Process p = pb.start();
            ChildProcesses.register(p);
            p.getOutputStream().close();
            return new ExternalProgram(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The end of the program's output. */
    public String log() {
        try {
            String s = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            // progress lines are rewritten in place with carriage returns
            s = s.replace('\r', '\n');
            return s.length() <= LOG_TAIL ? s : s.substring(s.length() - LOG_TAIL);
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Waits until something accepts TCP connections at {@code address}; fails with the log if not. */
    public void awaitListening(InetSocketAddress address, Duration timeout) {
        awaitCondition("listening on " + address, timeout, () -> {
            try (Socket s = new Socket()) {
                s.connect(address, (int) POLL.toMillis());
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Waits until the program's output holds a line matching {@code test}; fails with the log if not. */
    public void awaitLog(String what, Predicate<String> test, Duration timeout) {
        awaitCondition(what, timeout, () -> log().lines().anyMatch(test));
    }

    private void awaitCondition(String what, Duration timeout, java.util.function.BooleanSupplier ok) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ok.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited (" + process.exitValue() + ") before " + what
                        + "\n" + log());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not " + what + " within " + timeout + "\n" + log());
    }

    /** Sends a signal by number (SIGHUP = 1), e.g. to make a program reload its configuration. */
    public void signal(int signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("cannot signal " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted signalling " + name, e);
        }
    }

    /** SIGTERM, then SIGKILL after a grace period; waits for the process. Idempotent. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                ChildProcesses.kill(process, STOP_GRACE.toMillis());
            }
        } finally {
            ChildProcesses.unregister(process);
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + (process.isAlive() ? "" : ", exited") + "]";
    }
}
