package io.lodestone.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A real aria2 (aria2c 1.36) on loopback, seeding or downloading one torrent.
 *
 * <p>aria2 binds its peer port to 127.0.0.1 ({@code --interface}), has DHT, local peer discovery
 * and PEX off, so it meets peers only through {@link #peerAddress()} (incoming) and through
 * trackers ({@code --bt-tracker}, e.g. an {@link Opentracker}) or {@code x.pe} (outgoing).
 * It seeds for a bounded time ({@code --seed-time}) and then exits by itself. It speaks v1 only:
 * a hybrid torrent's v2 part is ignored (its pad files become real files under {@code .pad/}).
 */
public final class Aria2 implements AutoCloseable {

    public static final String PROGRAM = "aria2c";
    public static final String INSTALL_HINT = "apt-get install aria2";
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(20);
    /** aria2's own bound on seeding: it stops by itself even if nobody closes it. */
    public static final Duration DEFAULT_SEED_TIME = Duration.ofMinutes(10);

    private final ExternalProgram program;
    private final int port;

    private Aria2(ExternalProgram program, int port) {
        this.program = program;
        this.port = port;
    }

    /**
     * Starts aria2 on {@code source} (a .torrent file path or a magnet), with {@code dir} holding
     * (or receiving) the data: complete data is verified ({@code --check-integrity}) and seeded.
     *
     * @param trackers extra announce URLs (loopback only), e.g. {@link Opentracker#announceUrl()}
     * @param seedTime how long to seed once complete
     * @param workdir  an empty directory for its log
     */
    public static Aria2 start(String source, Path dir, Path workdir, List<String> trackers, Duration seedTime) {
        Path exe = ExternalProgram.require(PROGRAM, INSTALL_HINT);
        for (String t : trackers) {
            if (!t.matches("(?i)(https?|udp)://127\\.\\d+\\.\\d+\\.\\d+(:\\d+)?/.*")) {
                throw new IllegalArgumentException("only literal 127.0.0.0/8 trackers: " + t);
            }
        }
        try {
            Files.createDirectories(dir);
            Files.createDirectories(workdir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = ExternalProgram.freeLoopbackPort();
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--no-conf",
                "--interface=127.0.0.1", "--disable-ipv6=true",
                "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
                "--listen-port=" + port,
                "--dir=" + dir.toAbsolutePath(),
                "--check-integrity=true", "--file-allocation=none", "--auto-save-interval=0",
                "--seed-ratio=0.0",
                "--seed-time=" + String.format(Locale.ROOT, "%.2f", seedTime.toMillis() / 60_000.0),
                "--console-log-level=notice", "--summary-interval=0", "--enable-color=false"));
        if (!trackers.isEmpty()) {
            cmd.add("--bt-tracker=" + String.join(",", trackers));
        }
        cmd.add(source);
        ExternalProgram prog = ExternalProgram.start(PROGRAM, cmd, workdir, workdir.resolve("aria2.log"));
        Aria2 a = new Aria2(prog, port);
        try {
            prog.awaitListening(a.peerAddress(), LISTEN_TIMEOUT);
        } catch (RuntimeException e) {
            prog.close();
            throw e;
        }
        return a;
    }

    /** Starts aria2 seeding {@code torrentFile} from {@code dataDir} (which holds its name). */
    public static Aria2 seed(Path torrentFile, Path dataDir, Path workdir, String... trackers) {
        return start(torrentFile.toAbsolutePath().toString(), dataDir, workdir, List.of(trackers), DEFAULT_SEED_TIME);
    }

    /** Waits until aria2 has verified the data it seeds. */
    public Aria2 awaitSeeding(Duration timeout) {
        program.awaitLog("verified", line -> line.contains("Verification finished successfully"), timeout);
        return this;
    }

    /** Where it accepts peer connections. */
    public InetSocketAddress peerAddress() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    public ExternalProgram program() {
        return program;
    }

    @Override
    public void close() {
        program.close();
    }

    @Override
    public String toString() {
        return "aria2[" + peerAddress() + "]";
    }
}
