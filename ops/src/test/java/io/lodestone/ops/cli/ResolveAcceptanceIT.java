package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.json.TorrentJson;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.interop.TorrentView;
import io.lodestone.resolve.FetchConfig;
import io.lodestone.wire.MetadataMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Acceptance of {@code lodestone resolve} against one loopback DHT of 30 libtorrent nodes seeding
 * 25 torrents: v1, v2 and hybrid; single-file, multi-file (nested, non-ASCII names, an empty file)
 * and one hybrid of 2,400 long-named files whose info dict is over 1 MiB; piece lengths from 16 KiB
 * to 16 MiB. Every torrent is resolved from its bare btih magnet (v1 and hybrid) and its bare btmh
 * magnet (v2 and hybrid); every contract field of {@code --json} must equal libtorrent's view of
 * the seeded .torrent, and every {@code --torrent-out} file must load in libtorrent with the same
 * info-hashes and files. A few go through the runnable jar as a user runs it.
 */
@Timeout(600)
class ResolveAcceptanceIT {

    /** The torrents: format, layout, total size, piece length. */
    private static final List<String[]> PLAN = List.of(
            new String[] {"v1", "single", "64K", "16K"},
            new String[] {"v2", "multi", "300K", "16K"},
            new String[] {"hybrid", "single", "1M", "32K"},
            new String[] {"v1", "multi", "1M", "64K"},
            new String[] {"v2", "single", "2M", "128K"},
            new String[] {"hybrid", "multi", "3M", "256K"},
            new String[] {"v1", "single", "1500K", "512K"},
            new String[] {"v2", "multi", "3M", "1M"},
            new String[] {"hybrid", "single", "5M", "2M"},
            new String[] {"v1", "multi", "6M", "4M"},
            new String[] {"v2", "single", "10M", "8M"},
            new String[] {"hybrid", "multi", "17M", "16M"},
            new String[] {"v1", "single", "17M", "16M"},
            new String[] {"v2", "multi", "9M", "8M"},
            new String[] {"hybrid", "single", "5M", "4M"},
            new String[] {"v1", "multi", "3M", "2M"},
            new String[] {"v2", "single", "1500K", "1M"},
            new String[] {"hybrid", "multi", "1M", "512K"},
            new String[] {"v1", "single", "700K", "256K"},
            new String[] {"v2", "multi", "500K", "128K"},
            new String[] {"hybrid", "single", "200K", "64K"},
            new String[] {"v1", "multi", "100K", "32K"},
            new String[] {"v2", "single", "50K", "16K"},
            new String[] {"hybrid", "multi", "400K", "16K"},
            // 2,400 files with ~200-byte names: about 1.15 MB of info dict, in seconds to generate
            new String[] {"hybrid", "many", "2400", "16K"});
    private static final int MANY_FILES = 2400;
    private static final int NODES = 30;
    private static final int SEEDERS = 8;
    /** Resolves run at once: enough to keep the run short, few enough for 2 cores. */
    private static final int PARALLEL = 4;
    private static final int RESOLVE_TIMEOUT_SECONDS = 60;
    /** Resolves that also go through the runnable jar. */
    private static final int THROUGH_JAR = 3;
    private static final Set<String> CONTRACT_KEYS = Set.of("infoHash", "infoHashV2", "name", "totalSize",
            "pieceLength", "pieceCount", "private", "files", "version");
    private static final JsonMapper VIEWS = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    static Libtorrent lt;
    static Testnet net;
    /** libtorrent's view of each seeded .torrent, by torrent index. */
    static Map<Integer, TorrentView> seeded;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        lt = Libtorrent.require();
        net = lt.startTestnet(TestnetOptions.defaults()
                .withNodes(NODES)
                .withTorrents(PLAN.size())
                .withSeeders(SEEDERS)
                .withReplicas(2)
                .withFormats(column(0))
                .withLayouts(column(1))
                .withSizes(column(2))
                .withPieceSizes(column(3))
                .withNoUtp(true)
                .withExtraArgs("--many-files", Integer.toString(MANY_FILES))
                .withReadyTimeout(Duration.ofSeconds(120))
                .withDuration(Duration.ofMinutes(9)));
        List<Path> files = net.torrents().stream().map(TestnetManifest.Torrent::torrentPath).toList();
        List<TorrentView> views = infoAll(files);
        seeded = new HashMap<>();
        for (int i = 0; i < views.size(); i++) {
            seeded.put(net.torrent(i).index(), views.get(i));
        }
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    private static String[] column(int c) {
        return PLAN.stream().map(row -> row[c]).toArray(String[]::new);
    }

    /** One resolve: a torrent and the bare magnet it is asked for by. */
    record Case(TestnetManifest.Torrent torrent, String kind, String magnet) {
        String what() {
            return "torrent " + torrent.index() + " (" + torrent.format() + " " + torrent.layout() + ", "
                    + torrent.pieceLength() + " B pieces, " + torrent.metadataSize() + " B metadata) by " + kind;
        }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (TestnetManifest.Torrent t : net.torrents()) {
            if (t.infoHashV1() != null) {
                cases.add(new Case(t, "btih", "magnet:?xt=urn:btih:" + t.infoHashV1()));
            }
            if (t.infoHashV2() != null) {
                cases.add(new Case(t, "btmh", "magnet:?xt=urn:btmh:1220" + t.infoHashV2()));
            }
        }
        return cases;
    }

    @Test
    void theTestnetHasTheVarietyAskedFor() {
        List<TestnetManifest.Torrent> ts = net.torrents();
        assertThat(net.nodes()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(ts).hasSizeGreaterThanOrEqualTo(20);
        assertThat(ts).extracting(TestnetManifest.Torrent::format).contains("v1", "v2", "hybrid");
        assertThat(ts).extracting(TestnetManifest.Torrent::layout).contains("single", "multi", "many");
        assertThat(ts).extracting(TestnetManifest.Torrent::pieceLength).contains(16 << 10, 16 << 20);
        assertThat(ts).allSatisfy(t -> assertThat(t.name()).matches(".*[^\\x00-\\x7f].*"));
        int largest = ts.stream().mapToInt(TestnetManifest.Torrent::metadataSize).max().orElseThrow();
        assertThat(largest).isGreaterThan(1 << 20);
        // the >1 MiB case resolves with the defaults the command uses: the limit is the named default
        assertThat(FetchConfig.defaults().maxMetadataSize()).isEqualTo(MetadataMessage.DEFAULT_MAX_METADATA_SIZE)
                .isGreaterThanOrEqualTo(largest);
    }

    @Test
    void everyTorrentResolvesByItsBareHashesAndAgreesWithLibtorrent() throws Exception {
        List<Case> cases = cases();
        long expected = seeded.values().stream().filter(TorrentView::hasV1).count()
                + seeded.values().stream().filter(TorrentView::hasV2).count();
        assertThat(cases.size()).isEqualTo(expected).isGreaterThan(PLAN.size());
        List<Path> outs = new ArrayList<>();
        List<Future<CliRun>> runs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                Path out = dir.resolve("t" + c.torrent().index() + "-" + c.kind() + ".torrent");
                outs.add(out);
                String[] args = resolveArgs(c, out, i);
                runs.add(pool.submit(() -> CliRun.of(args)));
            }
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                CliRun run = runs.get(i).get(RESOLVE_TIMEOUT_SECONDS + 30L, TimeUnit.SECONDS);
                assertThat(run.code()).as(c.what() + ": " + run.err()).isZero();
                assertAgrees(c, TorrentJson.MAPPER.readTree(run.out()));
            }
        } finally {
            pool.shutdownNow();
        }
        List<TorrentView> loaded = infoAll(outs);
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            TorrentView want = seeded.get(c.torrent().index());
            TorrentView got = loaded.get(i);
            assertThat(got.infoHash()).as(c.what()).isEqualTo(want.infoHash());
            assertThat(got.infoHashV2()).as(c.what()).isEqualTo(want.infoHashV2());
            assertThat(got.metadataSize()).as(c.what()).isEqualTo(want.metadataSize());
            assertThat(got.name()).as(c.what()).isEqualTo(want.name());
            assertThat(got.files()).as(c.what()).isEqualTo(want.files());
        }
    }

    @Test
    void theRunnableJarResolvesAsTheInProcessCommandDoes() throws Exception {
        Path jar = runnableJar();
        List<Case> picked = new ArrayList<>();
        for (String format : List.of("v1", "v2", "hybrid")) {
            cases().stream().filter(c -> c.torrent().format().equals(format)
                    && c.kind().equals(format.equals("v2") ? "btmh" : "btih")).findFirst().ifPresent(picked::add);
        }
        assertThat(picked).hasSize(THROUGH_JAR);
        for (int i = 0; i < picked.size(); i++) {
            Case c = picked.get(i);
            Path out = dir.resolve("jar-" + i + ".torrent");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString()));
            cmd.addAll(List.of(resolveArgs(c, out, i)));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
            p.getOutputStream().close();
            Future<byte[]> err = Executors.newVirtualThreadPerTaskExecutor().submit(() -> p.getErrorStream().readAllBytes());
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean exited = p.waitFor(RESOLVE_TIMEOUT_SECONDS + 30L, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            String stderr = new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            assertThat(exited).as(c.what() + " through the jar: still running").isTrue();
            assertThat(p.exitValue()).as(c.what() + " through the jar: " + stderr).isZero();
            assertAgrees(c, TorrentJson.MAPPER.readTree(stdout));
            TorrentView loaded = infoAll(List.of(out)).getFirst();
            assertThat(loaded.infoHash()).isEqualTo(seeded.get(c.torrent().index()).infoHash());
            assertThat(loaded.infoHashV2()).isEqualTo(seeded.get(c.torrent().index()).infoHashV2());
        }
    }

    /** Bootstraps from three testnet nodes, a different three for each case. */
    private static String[] resolveArgs(Case c, Path out, int i) {
        List<String> boot = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            TestnetManifest.Node n = net.node((i * 3 + k) % net.nodes().size());
            boot.add(n.host() + ":" + n.port());
        }
        return new String[] {"resolve", c.magnet(), "--bootstrap", String.join(",", boot), "--allow-private",
                "--json", "--timeout", Integer.toString(RESOLVE_TIMEOUT_SECONDS), "--torrent-out", out.toString()};
    }

    /** Every field of the contract object against libtorrent's view of the seeded .torrent. */
    private static void assertAgrees(Case c, JsonNode o) {
        TorrentView want = seeded.get(c.torrent().index());
        String what = c.what();
        Set<String> keys = new LinkedHashSet<>();
        o.propertyNames().forEach(keys::add);
        assertThat(keys).as(what).isEqualTo(CONTRACT_KEYS);
        String dhtHash = want.hasV1() ? want.infoHash() : want.infoHashV2().substring(0, 40);
        assertThat(o.get("infoHash").asString()).as(what).isEqualTo(dhtHash);
        if (want.hasV2()) {
            assertThat(o.get("infoHashV2").asString()).as(what).isEqualTo(want.infoHashV2());
        } else {
            assertThat(o.get("infoHashV2").isNull()).as(what + ": infoHashV2").isTrue();
        }
        assertThat(o.get("name").asString()).as(what).isEqualTo(want.name());
        assertThat(o.get("totalSize").asLong()).as(what).isEqualTo(want.totalSize());
        assertThat(o.get("pieceLength").asLong()).as(what).isEqualTo(want.pieceLength());
        assertThat(o.get("pieceCount").asLong()).as(what).isEqualTo(want.pieceCount());
        assertThat(o.get("private").asBoolean()).as(what).isEqualTo(want.isPrivate());
        assertThat(o.get("version").asString()).as(what).isEqualTo(want.version());
        List<String> files = new ArrayList<>();
        o.get("files").forEach(f -> files.add(f.get("path").asString() + " " + f.get("size").asLong()));
        assertThat(files).as(what).containsExactlyElementsOf(
                want.files().stream().map(f -> f.path() + " " + f.size()).toList());
    }

    /** libtorrent's view of several .torrent files, in one harness run. */
    private static List<TorrentView> infoAll(List<Path> torrents) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(lt.python(), lt.script().toString(), "info", "--timeout", "120"));
        for (Path t : torrents) {
            cmd.add("--torrent");
            cmd.add(t.toAbsolutePath().toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("LT_HARNESS_REEXEC", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        List<TorrentView> views = new ArrayList<>();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("{")) {
                JsonNode j = VIEWS.readTree(line);
                assertThat(j.has("error")).as("libtorrent cannot load a torrent: " + line).isFalse();
                views.add(VIEWS.treeToValue(j, TorrentView.class));
            }
        }
        assertThat(views).as("libtorrent's views: " + stdout).hasSize(torrents.size());
        return views;
    }

    /**
     * The shaded jar beside this module's classes (failsafe runs after package), run with this
     * JVM's java.
     */
    private static Path runnableJar() throws Exception {
        Path classes = Path.of(LodestoneCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = classes.getParent().resolve("lodestone.jar");
        assertThat(jar).as("the runnable jar (built by package before the ITs run)").exists();
        return jar;
    }
}
