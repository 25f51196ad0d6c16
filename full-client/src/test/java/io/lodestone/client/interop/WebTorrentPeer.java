package io.lodestone.client.interop;

import io.lodestone.interop.ExternalProgram;
import io.lodestone.interop.Libtorrent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebTorrent library (npm, run by Node with WebRTC off) as a leecher, through
 * {@code wt_leech.mjs}. It lives where {@code .ci/run} installs it ({@code LODESTONE_WEBTORRENT_DIR},
 * by default {@code ~/.cache/lodestone-webtorrent}); missing, a test fails in CI and is skipped
 * elsewhere, like the other real peers.
 */
public final class WebTorrentPeer {

    static final String RESOURCES = "/io/lodestone/client/interop/webtorrent/";
    static final String DIR_ENV = "LODESTONE_WEBTORRENT_DIR";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebTorrentPeer() {
    }

    /** Downloads {@code torrent} from {@code peer} alone, dialling it; the script's JSON answer. */
    public static JsonNode leech(Path torrent, Path save, InetSocketAddress peer, Duration timeout, boolean secure)
            throws IOException, InterruptedException {
        Path node = ExternalProgram.require("node", "apt-get install nodejs npm");
        Path dir = installed();
        List<String> cmd = new java.util.ArrayList<>(List.of(node.toString(), "--import", "./no_webrtc.mjs",
                "wt_leech.mjs", torrent.toAbsolutePath().toString(), save.toAbsolutePath().toString(),
                peer.getAddress().getHostAddress() + ":" + peer.getPort(), Long.toString(timeout.toSeconds())));
        if (secure) {
            cmd.add("secure");
        }
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toSeconds() + 30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("wt_leech did not end");
            }
            String last = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
            return last == null ? JSON.createObjectNode().put("error", "no output, exit " + p.exitValue())
                    : JSON.readTree(last);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The directory holding node_modules/webtorrent, with the scripts copied in beside it. */
    private static synchronized Path installed() {
        String env = System.getenv(DIR_ENV);
        Path dir = env != null && !env.isEmpty() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "lodestone-webtorrent");
        if (!Files.isRegularFile(dir.resolve("node_modules/webtorrent/package.json"))) {
            String message = "webtorrent is not installed in " + dir + "; bash .ci/run installs it (npm install"
                    + " --ignore-scripts with " + RESOURCES + "package.json)";
            String ci = System.getenv(Libtorrent.CI_ENV);
            if (ci != null && !ci.isEmpty()) {
                throw new AssertionError(message + " (CI is set: tests that need a real peer fail instead)");
            }
            Assumptions.abort(message);
        }
        for (String script : List.of("wt_leech.mjs", "no_webrtc.mjs")) {
            try (InputStream in = WebTorrentPeer.class.getResourceAsStream(RESOURCES + script)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCES + script + " missing from the classpath");
                }
                Files.copy(in, dir.resolve(script), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }
}
