package io.lodestone.client.session;

import io.lodestone.client.interop.LibtorrentPeer;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import io.lodestone.resolve.PeerTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The BEP 55 scenario, run by {@link HolepunchIT} inside a private network namespace of its own
 * ({@code unshare -n}; never anywhere else). Three peers on loopback: A (Lodestone, leeching) and C
 * (Lodestone, seeding) each sit behind a firewall that drops every new flow to it, as a NAT does, so
 * neither can dial the other; R (libtorrent) is reachable by both and uploads at most 1 KB/s. A and
 * C dial R over uTP; R tells A of C by PEX; A's dials to C fail; A asks R for a rendezvous; R tells
 * both to connect; their uTP packets to each other open the way, and the 2.5 MB come from C.
 * Prints one JSON line: {@code {"ok": true, "seconds": S, ...}} or {@code {"error": ...}}.
 */
public final class HolepunchScenario {

    static final String A = "127.0.0.2";
    static final String R = "127.0.0.3";
    static final String C = "127.0.0.4";
    static final long RELAY_UPLOAD_LIMIT = 1000;
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private HolepunchScenario() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getenv("LODESTONE_HOLEPUNCH_NETNS") == null) {
            throw new IllegalStateException("runs only inside the private network namespace HolepunchIT makes");
        }
        Path tmp = Path.of(args[0]);
        try {
            System.out.println(run(tmp));
        } catch (Exception | AssertionError e) {
            System.out.println("{\"error\": \"" + String.valueOf(e).replace("\\", "/").replace("\"", "'")
                    .replace("\n", " ") + "\"}");
        }
        System.out.flush();
        System.exit(0);
    }

    private static String run(Path tmp) throws Exception {
        sh("ip", "link", "set", "lo", "up");
        // A and C each behind a NAT: no new flow reaches either, TCP or UDP; what one opens itself
        // is answered. So neither can dial the other, and only packets both send to each other's
        // uTP port (a hole punch) make a flow that the second one's packets answer
        for (String natted : List.of(A, C)) {
            sh("iptables", "-A", "INPUT", "-d", natted, "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP");
        }
        Path data = tmp.resolve("data");
        Map<String, Long> files = Content.multiFile(data, "shared", 2_500_000, 55);
        byte[] torrent = TorrentCreator.create(data.resolve("shared"), CreateOptions.defaults()
                .withFormat(CreateOptions.Format.V1).withPieceLength(32 * 1024));
        Path torrentFile = Files.write(tmp.resolve("shared.torrent"), torrent);
        Metainfo meta = MetainfoParser.parseTorrent(torrent);
        try (LibtorrentPeer relay = LibtorrentPeer.relay(torrentFile, Files.createDirectories(tmp.resolve("r")), R,
                RELAY_UPLOAD_LIMIT, TIMEOUT.plusSeconds(30));
             TestClient c = TestClient.startWithUtp(PeerTransport.Mode.PREFER_UTP, InetAddress.getByName(C));
             TestClient a = TestClient.startWithUtp(PeerTransport.Mode.PREFER_UTP, InetAddress.getByName(A))) {
            Download seed = c.download(new DownloadRequest(null, meta, data, List.of(relay.address()), List.of(),
                    true, TIMEOUT));
            if (!(seed.start().get(30, TimeUnit.SECONDS) instanceof DownloadOutcome.Complete)) {
                return "{\"error\": \"the seeder did not check its data\"}";
            }
            Path out = tmp.resolve("out");
            long t0 = System.nanoTime();
            Download leech = a.download(new DownloadRequest(null, meta, out, List.of(relay.address()), List.of(),
                    false, TIMEOUT));
            DownloadOutcome o = leech.start().get(TIMEOUT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!(o instanceof DownloadOutcome.Complete)) {
                return "{\"error\": \"A did not complete: " + o.toString().replace("\"", "'") + "\"}";
            }
            SeedToLibtorrentIT.assertSameFiles(files, data.resolve("shared"), out.resolve("shared"));
            long fromRelay = relay.stop();
            return "{\"ok\": true, \"seconds\": " + Math.round(seconds * 10) / 10.0 + ", \"relayUploaded\": "
                    + fromRelay + ", \"uploadedByC\": " + seed.stats().uploaded() + "}";
        }
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }
}
