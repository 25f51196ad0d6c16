package io.lodestone.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real BitTorrent tracker on loopback: Debian's opentracker, HTTP and UDP (BEP 15) on one port
 * of 127.0.0.1. Debian builds it whitelist-only, so it tracks only the info-hashes it is given
 * ({@link #allow}); announces for others are refused. Peers are registered under the address
 * their announce came from (127.0.0.1 here) and the port they announce.
 *
 * <p>Started as root, opentracker chroots into its directory and drops to user "nobody", so the
 * directory and whitelist are made readable for everyone.
 */
public final class Opentracker implements AutoCloseable {

    public static final String PROGRAM = "opentracker";
    public static final String INSTALL_HINT = "apt-get install opentracker";
    private static final String WHITELIST = "whitelist.txt";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
    private static final int SIGHUP = 1;
    /** opentracker takes a while to reload after SIGHUP and says nothing when done. */
    private static final Duration RELOAD_SETTLE = Duration.ofMillis(300);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern COMPLETE = Pattern.compile("8:completei(\\d+)e");

    private final ExternalProgram program;
    private final Path dir;
    private final int port;
    private final Set<String> allowed = new LinkedHashSet<>();

    private Opentracker(ExternalProgram program, Path dir, int port, Collection<String> allowed) {
        this.program = program;
        this.dir = dir;
        this.port = port;
        this.allowed.addAll(allowed);
    }

    /**
     * Starts a tracker on a free port of 127.0.0.1 that tracks the given DHT keys (40 hex: v1
     * info-hashes, or v2 ones truncated to 20 bytes, as clients announce them).
     *
     * @param dir an empty directory for its whitelist and log
     */
    public static Opentracker start(Path dir, Collection<String> infoHashesHex) {
        Path exe = ExternalProgram.require(PROGRAM, INSTALL_HINT);
        List<String> hashes = normalise(infoHashesHex);
        int port = ExternalProgram.freeLoopbackPort();
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            writeWhitelist(dir, hashes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
        String p = Integer.toString(port);
        ExternalProgram prog = ExternalProgram.start(PROGRAM, List.of(exe.toString(), "-i", "127.0.0.1",
                "-p", p, "-P", p, "-d", dir.toAbsolutePath().toString(), "-w", WHITELIST), dir,
                dir.resolve("opentracker.log"));
        Opentracker tracker = new Opentracker(prog, dir, port, hashes);
        try {
            prog.awaitListening(new InetSocketAddress("127.0.0.1", port), START_TIMEOUT);
        } catch (RuntimeException e) {
            prog.close();
            throw e;
        }
        return tracker;
    }

    /** Tracks these info-hashes too (rewrites the whitelist and makes opentracker reload it). */
    public synchronized void allow(Collection<String> infoHashesHex) {
        allowed.addAll(normalise(infoHashesHex));
        try {
            writeWhitelist(dir, new ArrayList<>(allowed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        program.signal(SIGHUP);
        try {
            Thread.sleep(RELOAD_SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Seeders (peers that announced with nothing left) the tracker holds for a DHT key, from its
     * HTTP scrape: how a test waits until a seeder has announced.
     */
    public int seeders(String infoHashHex) {
        String hex = normalise(List.of(infoHashHex)).getFirst();
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            q.append('%').append(hex, i, i + 2);
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/scrape?info_hash=" + q);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            // d5:filesd20:<hash>d8:completei<N>e...: the hash is raw bytes, the count plain ASCII
            Matcher m = COMPLETE.matcher(new String(r.body(), StandardCharsets.ISO_8859_1));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("scrape of " + this + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until the tracker holds at least one seeder for the key (fails with the log if not). */
    public void awaitSeeder(String infoHashHex, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seeders(infoHashHex) < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no seeder announced " + infoHashHex + " to " + this + " within "
                        + timeout + "\n" + program.log());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** {@code http://127.0.0.1:PORT/announce} */
    public String announceUrl() {
        return "http://127.0.0.1:" + port + "/announce";
    }

    /** {@code udp://127.0.0.1:PORT/announce} (BEP 15) */
    public String udpAnnounceUrl() {
        return "udp://127.0.0.1:" + port + "/announce";
    }

    public int port() {
        return port;
    }

    public ExternalProgram program() {
        return program;
    }

    @Override
    public void close() {
        program.close();
    }

    private static List<String> normalise(Collection<String> hashes) {
        List<String> out = new ArrayList<>();
        for (String h : hashes) {
            String x = h.toLowerCase(Locale.ROOT);
            if (!HEX40.matcher(x).matches()) {
                throw new IllegalArgumentException("not a 40-hex DHT key: " + h);
            }
            out.add(x);
        }
        return out;
    }

    private static void writeWhitelist(Path dir, List<String> hashes) throws IOException {
        Path wl = dir.resolve(WHITELIST);
        Path tmp = dir.resolve(WHITELIST + ".tmp");
        Files.writeString(tmp, hashes.isEmpty() ? "" : String.join("\n", hashes) + "\n");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, wl, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return "opentracker[" + announceUrl() + "]";
    }
}
