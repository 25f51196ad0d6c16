package io.lodestone.client.interop;

import io.lodestone.interop.Libtorrent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One libtorrent peer outside the testnet, driven through {@code lt_peer.py}: a leecher that
 * downloads from the peers it is given, or a seeder with an optional upload limit. Uses the
 * interpreter {@link Libtorrent#require()} found, so a missing libtorrent skips (or fails in CI)
 * the same way.
 */
public final class LibtorrentPeer implements AutoCloseable {

    static final String SCRIPT = "/io/lodestone/client/interop/lt_peer.py";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Path script;

    private final Process process;
    private final BufferedReader out;
    private final String host;
    private final int port;

    private LibtorrentPeer(Process process, BufferedReader out, String host, int port) {
        this.process = process;
        this.out = out;
        this.host = host;
        this.port = port;
    }

    /** Downloads a .torrent (or a magnet, starting with "magnet:") from {@code peers}; the last JSON line. */
    public static JsonNode leech(String torrentOrMagnet, Path save, List<InetSocketAddress> peers, Duration timeout)
            throws IOException, InterruptedException {
        return leech(torrentOrMagnet, save, peers, timeout, null);
    }

    /**
     * As {@link #leech(String, Path, List, Duration)}, with libtorrent's MSE/PE policy set:
     * {@code forced}, {@code enabled} or {@code disabled} (null: its defaults).
     */
    public static JsonNode leech(String torrentOrMagnet, Path save, List<InetSocketAddress> peers, Duration timeout,
                                 String encryption) throws IOException, InterruptedException {
        return leech(torrentOrMagnet, save, peers, timeout, encryption, "tcp");
    }

    /** As above, over {@code transport}: {@code tcp}, {@code utp} (TCP disabled both ways) or {@code both}. */
    public static JsonNode leech(String torrentOrMagnet, Path save, List<InetSocketAddress> peers, Duration timeout,
                                 String encryption, String transport) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("leech", torrentOrMagnet.startsWith("magnet:") ? "--magnet"
                : "--torrent", torrentOrMagnet, "--save", save.toString(), "--timeout",
                Long.toString(timeout.toSeconds()), "--transport", transport));
        if (encryption != null) {
            args.addAll(List.of("--encryption", encryption));
        }
        for (InetSocketAddress p : peers) {
            args.add("--peer");
            args.add(p.getAddress().getHostAddress() + ":" + p.getPort());
        }
        Process p = start(args);
        try {
            p.getOutputStream().close();
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("{")) {
                        last = line;
                    }
                }
            }
            if (!p.waitFor(timeout.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("lt_peer leech did not end");
            }
            return last == null ? JSON.createObjectNode().put("error", "no output") : JSON.readTree(last);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Starts a seeder of data already under {@code save}; ready when this returns. */
    public static LibtorrentPeer seed(Path torrent, Path save, long uploadLimit, Duration duration)
            throws IOException {
        return seed(torrent, save, uploadLimit, duration, null);
    }

    /** A seeder with libtorrent's MSE/PE policy set ({@code forced}, {@code enabled}, {@code disabled}). */
    public static LibtorrentPeer seed(Path torrent, Path save, long uploadLimit, Duration duration, String encryption)
            throws IOException {
        return seed(torrent, save, uploadLimit, duration, encryption, "tcp");
    }

    /** As above, over {@code transport}: {@code tcp}, {@code utp} (TCP disabled both ways) or {@code both}. */
    public static LibtorrentPeer seed(Path torrent, Path save, long uploadLimit, Duration duration, String encryption,
                                      String transport) throws IOException {
        List<String> args = new ArrayList<>(List.of("seed", "--torrent", torrent.toString(), "--save",
                save.toString(), "--upload-limit", Long.toString(uploadLimit), "--duration",
                Long.toString(duration.toSeconds()), "--transport", transport));
        if (encryption != null) {
            args.addAll(List.of("--encryption", encryption));
        }
        return ready(start(args), "seed");
    }

    /**
     * A libtorrent that joins {@code torrent} with no data, listening on {@code host} with uTP and
     * TCP, for peers to dial: the relay of a BEP 55 hole punch. Ready when this returns.
     */
    public static LibtorrentPeer relay(Path torrent, Path save, String host, long uploadLimit, Duration duration)
            throws IOException {
        return ready(start(List.of("relay", "--torrent", torrent.toString(), "--save", save.toString(), "--listen",
                host + ":0", "--upload-limit", Long.toString(uploadLimit), "--duration",
                Long.toString(duration.toSeconds()))), "relay");
    }

    private static LibtorrentPeer ready(Process p, String what) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("{")) {
                JsonNode j = JSON.readTree(line);
                if (j.path("ready").asBoolean()) {
                    return new LibtorrentPeer(p, r, j.path("host").asText("127.0.0.1"), j.path("port").asInt());
                }
                p.destroyForcibly();
                throw new IllegalStateException("lt_peer " + what + " failed: " + line);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("lt_peer " + what + " exited before it was ready");
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    /** Stops the seeder; returns the payload bytes it uploaded, or -1 when it did not say. */
    public long stop() throws IOException, InterruptedException {
        process.getOutputStream().close();
        long uploaded = -1;
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("{")) {
                uploaded = JSON.readTree(line).path("uploaded").asLong(-1);
            }
        }
        process.waitFor(10, TimeUnit.SECONDS);
        return uploaded;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static Process start(List<String> args) throws IOException {
        Libtorrent lt = Libtorrent.require();
        List<String> cmd = new ArrayList<>();
        cmd.add(lt.python());
        cmd.add(script(lt).toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("LT_PEER_REEXEC", "1");
        return pb.start();
    }

    private static synchronized Path script(Libtorrent lt) {
        if (script == null) {
            try (InputStream in = LibtorrentPeer.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException(SCRIPT + " missing from the classpath");
                }
                Path p = lt.tempRoot().resolve("lt_peer.py");
                Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
                script = p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }
}
