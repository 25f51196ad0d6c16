package io.lodestone.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real transmission (transmission-cli 3.00) on loopback, seeding or downloading one torrent.
 *
 * <p>What works on 127.0.0.0/8, found by trying: transmission accepts <em>incoming</em> peer
 * connections from loopback addresses, so it serves as a seeder to anyone who connects to
 * {@link #peerAddress()} (given as {@code x.pe}, {@code --peer}, or found through an
 * {@link Opentracker} it announced to). It does not connect <em>out</em> to loopback peers a
 * tracker or PEX gives it (it drops 127.x as "martian"), so as a downloader it only gets data
 * from peers that connect to it. It opens v1 torrents only (3.00 predates BEP 52).
 *
 * <p>The settings turn off everything that would leave loopback: DHT, local peer discovery,
 * port mapping, PEX; peers listen on 127.0.0.1 and ::1 only; encryption is tolerated, not
 * required, so plain BitTorrent handshakes are accepted.
 */
public final class Transmission implements AutoCloseable {

    public static final String PROGRAM = "transmission-cli";
    public static final String INSTALL_HINT = "apt-get install transmission-cli";
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(20);
    private static final String SETTINGS = """
            {
              "dht-enabled": false,
              "lpd-enabled": false,
              "pex-enabled": false,
              "utp-enabled": false,
              "port-forwarding-enabled": false,
              "blocklist-enabled": false,
              "bind-address-ipv4": "127.0.0.1",
              "bind-address-ipv6": "::1",
              "encryption": 0,
              "rpc-enabled": false,
              "ratio-limit-enabled": false,
              "idle-seeding-limit-enabled": false,
              "download-queue-enabled": false,
              "seed-queue-enabled": false,
              "start-added-torrents": true,
              "message-level": 2
            }
            """;

    private final ExternalProgram program;
    private final int port;

    private Transmission(ExternalProgram program, int port) {
        this.program = program;
        this.port = port;
    }

    /**
     * Starts transmission on {@code torrent} (a v1 .torrent file or a magnet) with
     * {@code downloadDir} holding (or receiving) the data: with the data complete it verifies it
     * and seeds. Announces to the torrent's trackers, if any.
     *
     * @param workdir an empty directory for its configuration, resume files and log
     */
    public static Transmission start(String torrent, Path downloadDir, Path workdir) {
        Path exe = ExternalProgram.require(PROGRAM, INSTALL_HINT);
        Path config = workdir.resolve("config");
        try {
            Files.createDirectories(config);
            Files.createDirectories(downloadDir);
            Files.writeString(config.resolve("settings.json"), SETTINGS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + workdir, e);
        }
        int port = ExternalProgram.freeLoopbackPort();
        ExternalProgram prog = ExternalProgram.start(PROGRAM, List.of(exe.toString(),
                "--config-dir", config.toAbsolutePath().toString(),
                "--download-dir", downloadDir.toAbsolutePath().toString(),
                "--port", Integer.toString(port),
                "--no-portmap", "--encryption-tolerated", "--no-downlimit", "--no-uplimit",
                torrent), workdir, workdir.resolve("transmission.log"));
        Transmission t = new Transmission(prog, port);
        try {
            prog.awaitListening(t.peerAddress(), LISTEN_TIMEOUT);
        } catch (RuntimeException e) {
            prog.close();
            throw e;
        }
        return t;
    }

    /** Starts transmission seeding {@code torrentFile} from {@code dataDir} (which holds its name). */
    public static Transmission seed(Path torrentFile, Path dataDir, Path workdir) {
        return start(torrentFile.toAbsolutePath().toString(), dataDir, workdir);
    }

    /** Waits until transmission has verified the data and seeds (or has finished a download). */
    public Transmission awaitSeeding(Duration timeout) {
        program.awaitLog("seeding", line -> line.startsWith("Seeding"), timeout);
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
        return "transmission[" + peerAddress() + "]";
    }
}
