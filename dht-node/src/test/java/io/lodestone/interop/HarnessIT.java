package io.lodestone.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real-peer harness itself: libtorrent creates, reads and checks torrents, and runs a testnet. */
class HarnessIT {

    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final int PIECE = 16 * 1024;

    private static Libtorrent lt;

    @BeforeAll
    static void findLibtorrent() {
        lt = Libtorrent.require();
    }

    @AfterAll
    static void noPythonLeftBehind() {
        List<ProcessHandle> live = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        assertThat(live).as("child processes still running").isEmpty();
    }

    /** A directory "Sample ü ✓" with nested dirs, non-ASCII names and an empty file. */
    private static Path writeContent(Path parent) throws IOException {
        Path root = parent.resolve("Sample ü ✓");
        Random rnd = new Random(42);
        write(root.resolve("a.bin"), rnd, 100_000);
        write(root.resolve("nested/dir/b Ωμέγα.txt"), rnd, 40_000);
        write(root.resolve("nested/empty.dat"), rnd, 0);
        write(root.resolve("z/文件.bin"), rnd, 16_384);
        return root;
    }

    private static void write(Path file, Random rnd, int size) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        Files.write(file, b);
    }

    @Test
    void createsReadsAndChecksAllFormats(@TempDir Path tmp) throws IOException {
        Path content = writeContent(tmp.resolve("data"));
        List<String> paths = List.of("Sample ü ✓/a.bin", "Sample ü ✓/nested/dir/b Ωμέγα.txt",
                "Sample ü ✓/nested/empty.dat", "Sample ü ✓/z/文件.bin");
        long total = 100_000 + 40_000 + 16_384;

        for (String format : List.of("v1", "v2", "hybrid")) {
            Path torrent = tmp.resolve(format + ".torrent");
            TorrentView created = lt.create(content, torrent, format, PIECE);

            assertThat(created.version()).isEqualTo(format);
            assertThat(created.hasV1()).isEqualTo(!format.equals("v2"));
            assertThat(created.hasV2()).isEqualTo(!format.equals("v1"));
            if (created.hasV1()) {
                assertThat(created.infoHash()).matches(HEX40);
            }
            if (created.hasV2()) {
                assertThat(created.infoHashV2()).matches(HEX64);
                assertThat(created.dhtInfoHashes()).contains(created.infoHashV2().substring(0, 40));
            }
            assertThat(created.name()).isEqualTo("Sample ü ✓");
            assertThat(created.paths()).isEqualTo(paths);
            assertThat(created.files()).extracting(TorrentView.FileEntry::size)
                    .containsExactly(100_000L, 40_000L, 0L, 16_384L);
            assertThat(created.totalSize()).isEqualTo(total);
            assertThat(created.pieceLength()).isEqualTo(PIECE);
            assertThat(created.isPrivate()).isFalse();
            assertThat(created.creator()).isNull();
            if (format.equals("v1")) {
                assertThat(created.pieceCount()).isEqualTo((int) ((total + PIECE - 1) / PIECE));
                assertThat(created.padFiles()).isZero();
            } else {
                // v2 pieces never span files: 7 + 3 + 1 pieces, with pad files in between
                assertThat(created.pieceCount()).isEqualTo(11);
                assertThat(created.padFiles()).isPositive();
            }

            TorrentView read = lt.info(torrent);
            assertThat(read).isEqualTo(created);
            assertThat(read.torrentSize()).isEqualTo(Files.size(torrent));

            CheckResult check = lt.check(torrent, content.getParent());
            assertThat(check.numPieces()).isEqualTo(created.pieceCount());
            assertThat(check.piecesHave()).isEqualTo(check.numPieces());
            assertThat(check.isSeed()).isTrue();
            assertThat(check.complete()).isTrue();
        }

        // deterministic: the same content gives byte-identical .torrent files
        TorrentView again = lt.create(content, tmp.resolve("again.torrent"), "hybrid", PIECE);
        assertThat(Files.mismatch(tmp.resolve("hybrid.torrent"), tmp.resolve("again.torrent"))).isEqualTo(-1L);
        assertThat(again.infoHash()).isEqualTo(lt.info(tmp.resolve("hybrid.torrent")).infoHash());

        // private flag and trackers
        TorrentView priv = lt.create(content.resolve("a.bin"), tmp.resolve("private.torrent"), "v1", 0, true,
                "http://127.0.0.1:6969/announce");
        assertThat(priv.isPrivate()).isTrue();
        assertThat(priv.trackers()).containsExactly("http://127.0.0.1:6969/announce");
        assertThat(priv.paths()).containsExactly("a.bin");
        assertThat(priv.name()).isEqualTo("a.bin");

        // one flipped byte in the first piece: that piece fails, the rest verifies
        Path copy = tmp.resolve("corrupt");
        for (String p : paths) {
            Path dst = copy.resolve(p);
            Files.createDirectories(dst.getParent());
            Files.copy(content.getParent().resolve(p), dst);
        }
        byte[] a = Files.readAllBytes(copy.resolve(paths.get(0)));
        a[5] ^= 1;
        Files.write(copy.resolve(paths.get(0)), a);
        CheckResult bad = lt.check(tmp.resolve("v1.torrent"), copy);
        assertThat(bad.piecesHave()).isEqualTo(bad.numPieces() - 1);
        assertThat(bad.missingPieces()).containsExactly(0);
        assertThat(bad.isSeed()).isFalse();

        // nothing there at all
        CheckResult none = lt.check(tmp.resolve("v2.torrent"), Files.createDirectories(tmp.resolve("empty")));
        assertThat(none.piecesHave()).isZero();
    }

    @Test
    void failuresCarryTheScriptsError(@TempDir Path tmp) throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.torrent"), "d4:infoi1ee");
        assertThatThrownBy(() -> lt.info(junk))
                .isInstanceOf(LibtorrentException.class)
                .hasMessageContaining("libtorrent rejects")
                .satisfies(e -> assertThat(((LibtorrentException) e).exitCode()).isEqualTo(1));
        assertThatThrownBy(() -> lt.create(tmp.resolve("missing"), tmp.resolve("x.torrent"), "v1", PIECE))
                .isInstanceOf(LibtorrentException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void testnetAnswersKrpcAndStopsCleanly() throws IOException {
        long pid;
        Path workdir;
        try (Testnet net = lt.startTestnet(TestnetOptions.defaults().withNodes(10).withTorrents(3))) {
            pid = net.pid();
            workdir = net.workdir();
            TestnetManifest m = net.manifest();

            assertThat(m.nodes()).hasSize(10);
            Set<String> ids = new HashSet<>();
            for (TestnetManifest.Node n : m.nodes()) {
                assertThat(n.host()).isEqualTo("127.0.0." + (2 + n.index()));
                assertThat(n.port()).isEqualTo(m.port()).isPositive();
                assertThat(n.addr()).isEqualTo(n.host() + ":" + n.port());
                assertThat(n.nodeId()).matches(HEX40);
                ids.add(n.nodeId());
            }
            assertThat(ids).hasSize(10);
            assertThat(net.bootstrap()).hasSize(10);
            assertThat(m.nodes().get(0).seeder()).isTrue();
            assertThat(m.nodes().get(0).seeds()).containsExactly(0, 1, 2);

            assertThat(m.torrents()).extracting(TestnetManifest.Torrent::format).containsExactly("v1", "v2", "hybrid");
            assertThat(m.torrents()).extracting(TestnetManifest.Torrent::layout)
                    .containsExactly("single", "multi", "single");
            for (TestnetManifest.Torrent t : m.torrents()) {
                assertThat(t.seeders()).containsExactly(m.nodes().get(0).addr());
                assertThat(t.dhtInfoHashes()).isNotEmpty().allMatch(h -> HEX40.matcher(h).matches());
                assertThat(t.totalSize()).isEqualTo(t.files().stream().mapToLong(TestnetManifest.FileEntry::size).sum());
                assertThat(Files.isRegularFile(t.torrentPath())).isTrue();
                for (int i = 0; i < t.files().size(); i++) {
                    assertThat(Files.size(t.filePath(i))).isEqualTo(t.files().get(i).size());
                }
                switch (t.format()) {
                    case "v1" -> assertThat(t.magnetMinimal()).isEqualTo("magnet:?xt=urn:btih:" + t.infoHashV1());
                    case "v2" -> assertThat(t.infoHashV1()).isNull();
                    default -> assertThat(t.dhtInfoHashes())
                            .containsExactly(t.infoHashV1(), t.infoHashV2().substring(0, 40));
                }
            }
            TestnetManifest.Torrent multi = m.torrents().get(1);
            assertThat(multi.files()).anyMatch(f -> f.size() == 0);
            assertThat(multi.files()).anyMatch(f -> f.path().chars().anyMatch(c -> c > 127));
            assertThat(multi.files()).anyMatch(f -> f.path().chars().filter(c -> c == '/').count() >= 2);
            // libtorrent agrees with the manifest
            TorrentView v2 = lt.info(multi.torrentPath());
            assertThat(v2.infoHashV2()).isEqualTo(multi.infoHashV2());
            assertThat(v2.paths()).isEqualTo(multi.files().stream().map(TestnetManifest.FileEntry::path).toList());

            // a raw KRPC ping, bytes written by hand, BEP 43 read-only
            TestnetManifest.Node target = net.node(3);
            BDict reply = ping(target.socketAddress());
            assertThat(reply.getString("y").utf8()).isEqualTo("r");
            assertThat(reply.getString("t").utf8()).isEqualTo("aa");
            assertThat(reply.getDict("r").getString("id").bytes()).isEqualTo(target.nodeIdBytes());

            List<Testnet.NodeStats> stats = net.stats();
            assertThat(stats).hasSize(10);
            assertThat(stats.get(3).counter("dht.dht_ping_in")).isPositive();
            assertThat(stats).allMatch(s -> s.dhtNodes() >= 8);
            net.addDhtNode(new InetSocketAddress("127.0.0.1", 9), 0);
            assertThatThrownBy(() -> net.command("no-such-command", java.util.Map.of()))
                    .isInstanceOf(LibtorrentException.class).hasMessageContaining("unknown command");
            assertThat(net.isAlive()).isTrue();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(workdir).doesNotExist();
    }

    @Test
    void twoTestnetsWithOneSeedRunSideBySideAndAgree() {
        TestnetOptions o = TestnetOptions.defaults().withNodes(4).withTorrents(2).withSeed(7)
                .withLayouts("multi").withFormats("hybrid");
        try (Testnet a = lt.startTestnet(o); Testnet b = lt.startTestnet(o)) {
            assertThat(a.manifest().port()).isNotEqualTo(b.manifest().port());
            assertThat(a.nodes()).extracting(TestnetManifest.Node::nodeId)
                    .isEqualTo(b.nodes().stream().map(TestnetManifest.Node::nodeId).toList());
            assertThat(a.torrents()).extracting(TestnetManifest.Torrent::infoHashV2)
                    .isEqualTo(b.torrents().stream().map(TestnetManifest.Torrent::infoHashV2).toList());
        }
    }

    @Test
    void aBusyFixedPortFailsTheStartWithLibtorrentsReason() throws IOException {
        try (DatagramSocket busy = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0))) {
            TestnetOptions o = TestnetOptions.defaults().withNodes(3).withTorrents(0).withPort(busy.getLocalPort());
            assertThatThrownBy(() -> lt.startTestnet(o).close())
                    .isInstanceOf(LibtorrentException.class)
                    .hasMessageContaining("testnet failed to start")
                    .hasMessageContaining("127.0.0.3:" + busy.getLocalPort())
                    .satisfies(e -> assertThat(((LibtorrentException) e).exitCode()).isEqualTo(1));
        }
    }

    private static BDict ping(InetSocketAddress node) throws IOException {
        byte[] id = new byte[20];
        Arrays.fill(id, (byte) 0x42);
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.writeBytes("d1:ad2:id20:".getBytes(StandardCharsets.US_ASCII));
        msg.writeBytes(id);
        msg.writeBytes("e1:q4:ping2:roi1e1:t2:aa1:y1:qe".getBytes(StandardCharsets.US_ASCII));
        byte[] query = msg.toByteArray();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(1000);
            byte[] buf = new byte[2048];
            for (int attempt = 0; attempt < 5; attempt++) {
                socket.send(new DatagramPacket(query, query.length, node));
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                byte[] data = Arrays.copyOf(in.getData(), in.getLength());
                assertThat(in.getSocketAddress()).isEqualTo(node);
                assertThat(data[0]).isEqualTo((byte) 'd');
                BValue v = BencodeDecoder.strict().decode(data);
                assertThat(v).isInstanceOf(BDict.class);
                return (BDict) v;
            }
        }
        throw new AssertionError("no KRPC reply from " + node);
    }
}
