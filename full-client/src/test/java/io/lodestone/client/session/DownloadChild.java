package io.lodestone.client.session;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.engine.TorrentStats;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A download in a process of its own, so a test can kill it with SIGKILL halfway: args are the
 * .torrent, the directory, the peer "host:port" and a download limit in bytes per second. Prints
 * "verified N" lines as pieces verify and "complete" at the end.
 */
public final class DownloadChild {

    private DownloadChild() {
    }

    public static void main(String[] args) throws Exception {
        Metainfo meta = MetainfoParser.parseTorrent(Files.readAllBytes(Path.of(args[0])));
        String[] hp = args[2].split(":");
        InetSocketAddress peer = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
        long limit = Long.parseLong(args[3]);
        try (TestClient client = TestClient.start(List.of(), EngineConfig.defaults().withRateLimits(0, limit))) {
            Download d = client.download(new DownloadRequest(null, meta, Path.of(args[1]), List.of(peer), List.of(),
                    false, Duration.ofMinutes(2)));
            long t0 = System.nanoTime();
            var outcome = d.start();
            while (!outcome.isDone()) {
                TorrentStats s = d.stats();
                if (s != null) {
                    System.out.println("verified " + s.verifiedBytes() + " " + (System.nanoTime() - t0) / 1_000_000);
                }
                Thread.sleep(100);
            }
            System.out.println(outcome.get() instanceof DownloadOutcome.Complete ? "complete" : "ended " + outcome.get());
        }
    }
}
