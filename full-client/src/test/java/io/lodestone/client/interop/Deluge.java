package io.lodestone.client.interop;

import io.lodestone.interop.ExternalProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Deluge (2.0, Debian's {@code deluged}, itself on libtorrent) on loopback, configured only
 * by the {@code core.conf} this writes before its first start: peer port bound to 127.0.0.1, DHT,
 * UPnP, NAT-PMP, LSD and PEX off, and the encryption settings given. Torrents are added through
 * {@code deluge-console} talking to the daemon's RPC port. It runs until closed.
 */
public final class Deluge implements AutoCloseable {

    public static final String DAEMON = "deluged";
    public static final String CONSOLE = "deluge-console";
    public static final String INSTALL_HINT = "apt-get install deluged deluge-console";
    /** Deluge's {@code enc_in_policy}/{@code enc_out_policy}: 0 forced, 1 enabled, 2 disabled. */
    public static final int FORCED = 0;
    /** Deluge's {@code enc_level}: 0 plaintext, 1 RC4 (full stream), 2 either. */
    public static final int RC4 = 1;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONSOLE_TIMEOUT = Duration.ofSeconds(60);

    private final ExternalProgram daemon;
    private final Path config;
    private final int peerPort;
    private final int rpcPort;
    private final String password;

    private Deluge(ExternalProgram daemon, Path config, int peerPort, int rpcPort, String password) {
        this.daemon = daemon;
        this.config = config;
        this.peerPort = peerPort;
        this.rpcPort = rpcPort;
        this.password = password;
    }

    /**
     * Starts deluged with {@code workdir} (empty) for its configuration and state; torrents added
     * later keep their data in {@code downloads}.
     */
    public static Deluge start(Path workdir, Path downloads, int encPolicy, int encLevel) {
        Path exe = ExternalProgram.require(DAEMON, INSTALL_HINT);
        ExternalProgram.require(CONSOLE, INSTALL_HINT);
        int peerPort = ExternalProgram.freeLoopbackPort();
        int rpcPort = ExternalProgram.freeLoopbackPort();
        Path config = workdir.resolve("config");
        String password = java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(16));
        try {
            Files.createDirectories(config);
            Files.createDirectories(downloads);
            // Deluge's config format: a version header object, then the settings object
            Files.writeString(config.resolve("core.conf"), """
                    {"file": 1, "format": 1}{
                      "listen_ports": [%d, %d], "random_port": false, "listen_interface": "127.0.0.1",
                      "dht": false, "upnp": false, "natpmp": false, "lsd": false, "utpex": false,
                      "enc_in_policy": %d, "enc_out_policy": %d, "enc_level": %d,
                      "new_release_check": false, "send_info": false, "allow_remote": false,
                      "daemon_port": %d, "download_location": "%s", "move_completed": false,
                      "copy_torrent_file": false, "add_paused": false, "pre_allocate_storage": false
                    }
                    """.formatted(peerPort, peerPort, encPolicy, encPolicy, encLevel, rpcPort,
                    downloads.toAbsolutePath()));
            // written before the first start, or the daemon makes one with a password of its own
            // (and writes it a moment after it starts listening)
            Files.writeString(config.resolve("auth"), "localclient:" + password + ":10\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // -L none: Debian's Deluge 2.0.3 logging trips over Python 3.11's findCaller; it runs regardless
        ExternalProgram prog = ExternalProgram.start(DAEMON, List.of(exe.toString(), "-d", "-c",
                config.toAbsolutePath().toString(), "-p", Integer.toString(rpcPort), "-i", "127.0.0.1", "-L",
                "none"), workdir, workdir.resolve("deluged.out"));
        Deluge d = new Deluge(prog, config, peerPort, rpcPort, password);
        try {
            prog.awaitListening(new InetSocketAddress("127.0.0.1", rpcPort), START_TIMEOUT);
            prog.awaitListening(d.peerAddress(), START_TIMEOUT);
        } catch (RuntimeException e) {
            prog.close();
            throw e;
        }
        return d;
    }

    public InetSocketAddress peerAddress() {
        return new InetSocketAddress("127.0.0.1", peerPort);
    }

    /** Adds {@code torrent}, its data (complete or not) in {@code directory}; Deluge checks what is there. */
    public void add(Path torrent, Path directory) throws IOException, InterruptedException {
        String out = console("add -p " + directory.toAbsolutePath() + " " + torrent.toAbsolutePath());
        if (!out.contains("Torrent added")) {
            throw new IllegalStateException("deluge-console did not add " + torrent + ":\n" + out);
        }
    }

    /** What {@code deluge-console info -v} says: for a failing test to show Deluge's view. */
    public String info() {
        try {
            return console("info -v");
        } catch (IOException | RuntimeException e) {
            return "(deluge-console info failed: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private String console(String command) throws IOException, InterruptedException {
        Path exe = ExternalProgram.require(CONSOLE, INSTALL_HINT);
        if (!command.matches("[ -~]+") || command.contains(";")) {
            throw new IllegalArgumentException("not a plain deluge-console command: " + command);
        }
        Process p = new ProcessBuilder(exe.toString(), "-c", config.toAbsolutePath().toString(),
                "connect 127.0.0.1:" + rpcPort + " localclient " + password + "; " + command)
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(CONSOLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("deluge-console did not end within " + CONSOLE_TIMEOUT);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        daemon.close();
    }
}
