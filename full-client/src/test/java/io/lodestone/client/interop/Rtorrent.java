package io.lodestone.client.interop;

import io.lodestone.interop.ExternalProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real rtorrent (0.9.8, Debian's) on loopback, seeding or downloading one torrent, headless
 * ({@code system.daemon}), configured only by the file this writes: its peer port bound to
 * 127.0.0.1, DHT and PEX off, so it meets peers through the torrent's tracker (it refuses a torrent
 * without one: use an {@link io.lodestone.interop.Opentracker}) and through incoming connections.
 * {@code encryption} is rtorrent's {@code protocol.encryption} list, e.g.
 * {@code require,require_RC4}. It runs until closed.
 */
public final class Rtorrent implements AutoCloseable {

    public static final String PROGRAM = "rtorrent";
    public static final String INSTALL_HINT = "apt-get install rtorrent";
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(20);

    private final ExternalProgram program;
    private final int port;
    private final Path log;

    private Rtorrent(ExternalProgram program, int port, Path log) {
        this.program = program;
        this.port = port;
        this.log = log;
    }

    /** The last lines of rtorrent's own log: what a failing test prints to say what rtorrent saw. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no rtorrent log: " + e + ")";
        }
    }

    /**
     * Starts rtorrent on {@code torrent} with {@code dir} holding (or receiving) its data; complete
     * data is hash-checked and seeded.
     *
     * @param workdir an empty directory for its configuration, session and log
     */
    public static Rtorrent start(Path torrent, Path dir, Path workdir, String encryption) {
        Path exe = ExternalProgram.require(PROGRAM, INSTALL_HINT);
        if (!encryption.matches("[a-zA-Z_4,]+")) {
            throw new IllegalArgumentException("not an rtorrent encryption list: " + encryption);
        }
        int port = ExternalProgram.freeLoopbackPort();
        Path session = workdir.resolve("session");
        Path watch = workdir.resolve("watch");
        Path rc = workdir.resolve("rtorrent.rc");
        try {
            Files.createDirectories(dir);
            Files.createDirectories(session);
            Files.createDirectories(watch);
            Files.copy(torrent, watch.resolve("t.torrent"));
            Files.writeString(rc, String.join("\n",
                    "directory.default.set = " + dir.toAbsolutePath(),
                    "session.path.set = " + session.toAbsolutePath(),
                    "network.port_range.set = " + port + "-" + port,
                    "network.port_random.set = no",
                    "network.bind_address.set = 127.0.0.1",
                    "network.local_address.set = 127.0.0.1",
                    "dht.mode.set = disable",
                    "protocol.pex.set = no",
                    "trackers.use_udp.set = no",
                    "protocol.encryption.set = " + encryption,
                    "system.daemon.set = true",
                    // its way to add a torrent at start without the curses interface
                    "schedule2 = watch_start, 0, 1, ((load.start_verbose, (cat, \"" + watch.toAbsolutePath()
                            + "/\", \"*.torrent\")))",
                    "log.open_file = \"main\", " + workdir.resolve("rtorrent.log").toAbsolutePath(),
                    "log.add_output = \"info\", \"main\"", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExternalProgram prog = ExternalProgram.start(PROGRAM, List.of(exe.toString(), "-n", "-o",
                "import=" + rc.toAbsolutePath()), workdir, workdir.resolve("rtorrent.out"));
        Rtorrent r = new Rtorrent(prog, port, workdir.resolve("rtorrent.log"));
        try {
            prog.awaitListening(r.peerAddress(), LISTEN_TIMEOUT);
        } catch (RuntimeException e) {
            prog.close();
            throw e;
        }
        return r;
    }

    public InetSocketAddress peerAddress() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public void close() {
        program.close();
    }
}
