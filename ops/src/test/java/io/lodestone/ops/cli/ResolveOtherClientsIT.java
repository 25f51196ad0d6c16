package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.json.TorrentJson;
import io.lodestone.interop.Aria2;
import io.lodestone.interop.ExternalProgram;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Opentracker;
import io.lodestone.interop.TorrentView;
import io.lodestone.interop.Transmission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code lodestone resolve} fetches metadata from transmission and from aria2 when each is the
 * only peer there is: given in the magnet ({@code x.pe}), or found through an opentracker on
 * loopback that the client announced to (over HTTP for transmission, over UDP, BEP 15, for
 * aria2). The DHT is pointed at a loopback port where nobody answers. Both clients get the same
 * v1 multi-file torrent with non-ASCII names (neither opens v2).
 */
@Timeout(300)
class ResolveOtherClientsIT {

    private static final int RESOLVE_TIMEOUT_SECONDS = 30;
    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    static Path shared;
    static Path data;
    static Path plainTorrent;
    static TorrentView view;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeTorrent() throws Exception {
        Libtorrent lt = Libtorrent.require();
        data = Files.createDirectories(shared.resolve("data"));
        Path root = Files.createDirectories(data.resolve("Ünïcödé share ✓"));
        Random rnd = new Random(11);
        for (String name : List.of("a/part 1.bin", "a/b/文件 🎵.bin", "README.txt")) {
            Path f = root.resolve(name);
            Files.createDirectories(f.getParent());
            byte[] bytes = new byte[100_000 + rnd.nextInt(200_000)];
            rnd.nextBytes(bytes);
            Files.write(f, bytes);
        }
        plainTorrent = shared.resolve("plain.torrent");
        view = lt.create(root, plainTorrent, "v1", 32 * 1024);
    }

    /** The same content and info dict, with the tracker's announce URL. */
    private static Path torrentWithTracker(Opentracker tracker, Path dir) {
        Path t = dir.resolve("tracked.torrent");
        TorrentView v = Libtorrent.require().create(data.resolve(view.name()), t, "v1", 32 * 1024, false,
                tracker.announceUrl());
        assertThat(v.infoHash()).isEqualTo(view.infoHash());
        return t;
    }

    /** A DHT "router" on loopback that answers nothing: the DHT gives no peers, and sends nothing off the host. */
    private static String deadBootstrap() {
        return "127.0.0.1:" + ExternalProgram.freeLoopbackPort();
    }

    @Test
    void fromTransmissionGivenInTheMagnet() throws Exception {
        try (Transmission seeder = Transmission.seed(plainTorrent, data, dir.resolve("transmission"))
                .awaitSeeding(READY)) {
            resolveAndCheck("magnet:?xt=urn:btih:" + view.infoHash() + "&x.pe=127.0.0.1:" + seeder.peerAddress().getPort(),
                    seeder.program());
        }
    }

    @Test
    void fromTransmissionFoundThroughOpentracker() throws Exception {
        try (Opentracker tracker = Opentracker.start(dir.resolve("tracker"), List.of(view.infoHash()));
             Transmission seeder = Transmission.seed(torrentWithTracker(tracker, dir), data,
                     dir.resolve("transmission")).awaitSeeding(READY)) {
            tracker.awaitSeeder(view.infoHash(), READY);
            resolveAndCheck("magnet:?xt=urn:btih:" + view.infoHash() + "&tr=" + tracker.announceUrl(), seeder.program());
        }
    }

    @Test
    void fromAria2GivenInTheMagnet() throws Exception {
        try (Aria2 seeder = Aria2.seed(plainTorrent, data, dir.resolve("aria2")).awaitSeeding(READY)) {
            resolveAndCheck("magnet:?xt=urn:btih:" + view.infoHash() + "&x.pe=127.0.0.1:" + seeder.peerAddress().getPort(),
                    seeder.program());
        }
    }

    @Test
    void fromAria2FoundThroughOpentrackerOverUdp() throws Exception {
        try (Opentracker tracker = Opentracker.start(dir.resolve("tracker"), List.of(view.infoHash()));
             Aria2 seeder = Aria2.seed(plainTorrent, data, dir.resolve("aria2"), tracker.announceUrl())
                     .awaitSeeding(READY)) {
            tracker.awaitSeeder(view.infoHash(), READY);
            resolveAndCheck("magnet:?xt=urn:btih:" + view.infoHash() + "&tr=" + tracker.udpAnnounceUrl(),
                    seeder.program());
        }
    }

    private void resolveAndCheck(String magnet, ExternalProgram peer) throws Exception {
        Path out = dir.resolve("resolved.torrent");
        CliRun run = CliRun.of("resolve", magnet, "--bootstrap", deadBootstrap(), "--allow-private", "--json",
                "--timeout", Integer.toString(RESOLVE_TIMEOUT_SECONDS), "--torrent-out", out.toString());
        assertThat(run.code()).as(magnet + ": " + run.err() + "\n" + peer + " log:\n" + peer.log()).isZero();
        JsonNode o = TorrentJson.MAPPER.readTree(run.out());
        assertThat(o.get("infoHash").asString()).isEqualTo(view.infoHash());
        assertThat(o.get("infoHashV2").isNull()).isTrue();
        assertThat(o.get("name").asString()).isEqualTo(view.name());
        assertThat(o.get("totalSize").asLong()).isEqualTo(view.totalSize());
        assertThat(o.get("pieceLength").asInt()).isEqualTo(view.pieceLength());
        assertThat(o.get("pieceCount").asInt()).isEqualTo(view.pieceCount());
        assertThat(o.get("version").asString()).isEqualTo("v1");
        List<String> files = new ArrayList<>();
        o.get("files").forEach(f -> files.add(f.get("path").asString() + " " + f.get("size").asLong()));
        assertThat(files).containsExactlyElementsOf(view.files().stream().map(f -> f.path() + " " + f.size()).toList());
        assertThat(Libtorrent.require().info(out).infoHash()).isEqualTo(view.infoHash());
    }
}
