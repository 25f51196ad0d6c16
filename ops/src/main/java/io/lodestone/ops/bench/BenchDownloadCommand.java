package io.lodestone.ops.bench;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.engine.PeerNetwork;
import io.lodestone.client.engine.TorrentStats;
import io.lodestone.client.session.Download;
import io.lodestone.client.session.DownloadOutcome;
import io.lodestone.client.session.DownloadRequest;
import io.lodestone.client.session.DownloadServices;
import io.lodestone.client.storage.StorageConfig;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import io.lodestone.resolve.ResolveConfig;
import io.lodestone.resolve.ResolveService;
import io.lodestone.resolve.ResolverAssembly;
import io.lodestone.time.Clock;
import io.lodestone.tracker.TrackerClient;
import io.lodestone.tracker.TrackerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lodestone bench download}: one generated torrent seeded by one libtorrent seeder on
 * loopback, downloaded once each by libtorrent, by Lodestone (cold, then warm: a second download in
 * the same JVM, compiled, as inside a running serve), by the {@link BareLeecher} yardstick and by
 * aria2 (which finds the seeder through an opentracker the seeder announces to). Wall time,
 * throughput and CPU seconds of each leecher, every result checked byte for byte.
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Downloads one generated torrent from one libtorrent seeder on loopback with libtorrent,",
                "Lodestone (cold, then again warm in the same JVM, as inside a running serve), a bare yardstick",
                "leecher and aria2, one after another; reports wall time, MB/s and CPU seconds of each and the",
                "ratios to libtorrent. Needs",
                "python3-libtorrent; aria2c and opentracker for the aria2 run."})
public final class BenchDownloadCommand implements Callable<Integer> {

    static final long MIB = 1 << 20;
    /** How often a Lodestone run's bytes are sampled; libtorrent's driver reads its status every 100 ms or sooner. */
    static final long PROGRESS_MILLIS = 20;
    /**
     * Every client starts at the same point of the seeder's second (see
     * {@link BenchDownloadPeers#START_PHASE_MILLIS}), so the seeder's first rate tick, which ends its
     * start-up ramp, is as far into every run; started whenever the previous run ended, who got the
     * shorter ramp was chance, and partly the bench's own sequence. These leads leave a child process
     * time to start up before that moment.
     */
    static final long PROCESS_LEAD_MILLIS = 1500;
    static final long JVM_LEAD_MILLIS = 100;
    /** How far into every run the seeder's first rate tick falls: the rest of its second past the start phase. */
    static final double FIRST_TICK_SECONDS = (1000 - BenchDownloadPeers.START_PHASE_MILLIS) / 1000.0;
    static final long MAX_SIZE = 64L << 30;
    static final long SEEDER_ANNOUNCE_WAIT_SECONDS = 30;

    @Option(names = "--size-mib", paramLabel = "N", defaultValue = "1024", description = "torrent size in MiB (default ${DEFAULT-VALUE})")
    long sizeMib;

    @Option(names = "--piece-length", paramLabel = "BYTES", defaultValue = "1048576", description = "piece length (default ${DEFAULT-VALUE})")
    int pieceLength;

    /** v1 by default: aria2 1.36 re-encodes a hybrid info dict and so joins a swarm nobody else is in. */
    @Option(names = "--format", defaultValue = "v1", description = "v1 or hybrid (default ${DEFAULT-VALUE}; aria2 cannot join hybrid swarms)")
    String format;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "600", description = "seconds per download (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--workdir", paramLabel = "DIR", description = "where content and downloads go (default: a temp dir, removed after)")
    Path workdir;

    @Option(names = "--skip", paramLabel = "CLIENT", split = ",", description = "clients to leave out: libtorrent, lodestone, warm (Lodestone's second download in the same JVM, compiled and warm), bare (the yardstick: the least a verifying leecher does), aria2")
    List<String> skip = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sizeMib < 1 || sizeMib * MIB > MAX_SIZE || timeoutSeconds < 1) {
            throw new IllegalArgumentException("--size-mib must be 1.." + MAX_SIZE / MIB + " and --timeout positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean temp = workdir == null;
        Path dir = temp ? Files.createTempDirectory("lodestone-bench-download-") : Files.createDirectories(workdir);
        try {
            return run(dir, out);
        } finally {
            if (temp) {
                deleteTree(dir);
            }
        }
    }

    private int run(Path dir, PrintWriter out) throws Exception {
        BenchDownloadPeers peers = new BenchDownloadPeers(dir);
        int trackerPort = BenchDownloadPeers.freePort();
        Path data = Files.createDirectories(dir.resolve("seed"));
        long t0 = System.nanoTime();
        String sha = generate(data.resolve("bench.bin"), sizeMib * MIB);
        CreateOptions.Format f = format.equals("v1") ? CreateOptions.Format.V1 : CreateOptions.Format.HYBRID;
        byte[] torrent = TorrentCreator.create(data.resolve("bench.bin"), CreateOptions.defaults().withFormat(f)
                .withPieceLength(pieceLength).withTrackers(List.of("http://127.0.0.1:" + trackerPort + "/announce")));
        Path torrentFile = dir.resolve("bench.torrent");
        Files.write(torrentFile, torrent);
        Metainfo meta = MetainfoParser.parseTorrent(torrent);
        out.printf(Locale.ROOT, "generated %d MiB (%s, %d pieces of %d KiB) in %.1f s%n", sizeMib, format,
                meta.pieceCount(), pieceLength / 1024, (System.nanoTime() - t0) / 1e9);
        String aria2Missing = skip.contains("aria2") ? null : BenchDownloadPeers.missingCommand("aria2c", "opentracker");
        if (aria2Missing != null) {
            out.println(aria2Missing + " is not installed: aria2 is left out");
        }
        Process tracker = skip.contains("aria2") || aria2Missing != null ? null
                : peers.opentracker(meta.dhtInfoHash().hex(), trackerPort);
        if (tracker != null && !BenchDownloadPeers.awaitListening(trackerPort, 10)) {
            tracker.destroy();
            tracker = null;
            out.println("opentracker did not start: aria2 is left out");
        }
        List<BenchDownloadPeers.Run> runs = new ArrayList<>();
        try (BenchDownloadPeers.Seeder seeder = peers.seed(torrentFile, data, timeoutSeconds * 4 + 120)) {
            if (tracker != null && !awaitSeederAnnounced(meta, trackerPort)) {
                out.println("the seeder did not announce to opentracker in time: aria2 may not find it");
            }
            out.println("libtorrent seeder on " + seeder.address + "; each client downloads once, in this order, starting"
                    + " at the same point of the seeder's once-a-second tick");
            out.flush();
            if (!skip.contains("libtorrent")) {
                Path save = dir.resolve("libtorrent");
                BenchDownloadPeers.Run r = seederCost(seeder, () -> peers.libtorrentLeech(torrentFile, save,
                        seeder.address, timeoutSeconds, seeder.nextStartMillis(PROCESS_LEAD_MILLIS)));
                runs.add(checked(r, save.resolve("bench.bin"), sha, out));
            }
            if (!skip.contains("lodestone")) {
                Path save = dir.resolve("lodestone");
                BenchDownloadPeers.Run r = seederCost(seeder, () -> lodestone("lodestone", meta, save, seeder));
                runs.add(checked(r, save.resolve("bench.bin"), sha, out));
            }
            if (!skip.contains("lodestone") && !skip.contains("warm")) {
                // the same download again in this JVM: compiled and warmed, as inside a serve that runs
                Path save = dir.resolve("lodestone-warm");
                BenchDownloadPeers.Run r = seederCost(seeder, () -> lodestone("warm", meta, save, seeder));
                runs.add(checked(r, save.resolve("bench.bin"), sha, out));
            }
            if (!skip.contains("bare") && meta.files().size() == 1) {
                Path save = dir.resolve("bare");
                BenchDownloadPeers.Run r = seederCost(seeder, () -> bare(meta, save, seeder));
                runs.add(checked(r, save.resolve("bench.bin"), sha, out));
            }
            if (tracker != null) {
                Path save = dir.resolve("aria2");
                BenchDownloadPeers.Run r = seederCost(seeder, () -> peers.aria2Leech(torrentFile, save, timeoutSeconds,
                        seeder.nextStartMillis(PROCESS_LEAD_MILLIS)));
                runs.add(checked(r, save.resolve("bench.bin"), sha, out));
            }
        } finally {
            if (tracker != null) {
                tracker.destroy();
            }
        }
        report(runs, out);
        return runs.stream().allMatch(BenchDownloadPeers.Run::ok) ? 0 : 1;
    }

    /** The libtorrent seeder announces on start; aria2 only asks the tracker every few minutes. */
    private static boolean awaitSeederAnnounced(Metainfo meta, int trackerPort) throws InterruptedException {
        String url = "http://127.0.0.1:" + trackerPort + "/scrape";
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(SEEDER_ANNOUNCE_WAIT_SECONDS);
        try (TrackerClient client = new TrackerClient(TrackerConfig.defaults().withAllowPrivate(true))) {
            while (System.nanoTime() < until) {
                try {
                    var stats = client.scrape(url.replace("/scrape", "/announce"), List.of(meta.dhtInfoHash()));
                    var s = stats.get(meta.dhtInfoHash());
                    if (s != null && s.complete() > 0) {
                        return true;
                    }
                } catch (RuntimeException e) {
                    // not yet
                }
                Thread.sleep(250);
            }
        }
        return false;
    }

    private BenchDownloadPeers.Run lodestone(String name, Metainfo meta, Path save, BenchDownloadPeers.Seeder seeder)
            throws Exception {
        EngineConfig engine = EngineConfig.defaults().withAllowPrivate(true);
        try (PeerNetwork network = PeerNetwork.start(engine);
             TrackerClient trackers = new TrackerClient(TrackerConfig.defaults().withAllowPrivate(true))) {
            // no sources beyond the magnet's own: the bench hands the engine the metainfo and its seeder
            ResolveService resolver = ResolverAssembly.create()
                    .config(ResolveConfig.defaults().withAllowPrivatePeers(true)).build();
            DownloadServices services = new DownloadServices(network, StorageConfig.defaults(), resolver, null,
                    trackers, Clock.system());
            // only the seeder: the tracker in the .torrent is for aria2
            Metainfo noTrackers = new Metainfo(meta.infoBytes(), meta.infoHashV1(), meta.infoHashV2(), meta.name(),
                    meta.pieceLength(), meta.pieceCount(), meta.isPrivate(), meta.version(), meta.files(), List.of(),
                    List.of(), meta.pieceLayers(), meta.v1Pieces(), null, null, null);
            Download d = new Download("bench", new DownloadRequest(null, noTrackers, save, List.of(seeder.address),
                    List.of(), false, Duration.ofSeconds(timeoutSeconds)), services);
            BenchDownloadPeers.sleepUntil(seeder.nextStartMillis(JVM_LEAD_MILLIS));
            return timed(name, d::start, () -> {
                TorrentStats stats = d.stats();
                return stats == null ? -1 : stats.downloaded();
            }, o -> o instanceof DownloadOutcome.Complete ? "" : o.toString());
        }
    }

    /** The yardstick: {@link BareLeecher} in this JVM, timed and sampled as the Lodestone runs are. */
    private BenchDownloadPeers.Run bare(Metainfo meta, Path save, BenchDownloadPeers.Seeder seeder) throws Exception {
        BareLeecher leecher = new BareLeecher(meta);
        BenchDownloadPeers.sleepUntil(seeder.nextStartMillis(JVM_LEAD_MILLIS));
        BenchDownloadPeers.Run r = timed("bare", () -> CompletableFuture.runAsync(() -> {
            try {
                leecher.download(seeder.address, save.resolve("bench.bin"), TimeUnit.SECONDS.toMillis(timeoutSeconds));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, task -> Thread.ofPlatform().name("bare-leecher").daemon().start(task)), leecher::verified, done -> "");
        if (r.ok() && !leecher.wroteDirect()) {
            spec.commandLine().getOut().println("bare: this file system refuses O_DIRECT, so its writes went through"
                    + " the page cache");
        }
        return r;
    }

    /**
     * A download in this JVM from start to end: wall time, this process's CPU time, and {@code bytes}
     * sampled every {@link #PROGRESS_MILLIS} (a negative count is no sample yet). The run failed
     * when {@code failure} says why of its result, or when it threw.
     */
    private <T> BenchDownloadPeers.Run timed(String name, Callable<CompletableFuture<T>> starting, LongSupplier bytes,
                                             Function<T, String> failure) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        CompletableFuture<T> running = starting.call();
        DownloadProgress progress = new DownloadProgress();
        long until = start + TimeUnit.SECONDS.toNanos(timeoutSeconds + 60);
        String why;
        while (true) {
            try {
                why = failure.apply(running.get(PROGRESS_MILLIS, TimeUnit.MILLISECONDS));
                break;
            } catch (TimeoutException e) {
                if (System.nanoTime() - until > 0) {
                    throw e;
                }
                sample(progress, (System.nanoTime() - start) / 1e9, bytes);
            } catch (ExecutionException e) {
                why = String.valueOf(e.getCause().getMessage());
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        sample(progress, seconds, bytes);
        return new BenchDownloadPeers.Run(name, seconds, cpu, why.isEmpty(), why, progress);
    }

    private static void sample(DownloadProgress progress, double seconds, LongSupplier bytes) {
        long b = bytes.getAsLong();
        if (b >= 0) {
            progress.add(seconds, b);
        }
    }

    /** One leecher's run, with what the seeder spent meanwhile. */
    private static BenchDownloadPeers.Run seederCost(BenchDownloadPeers.Seeder seeder,
                                                     Callable<BenchDownloadPeers.Run> leech) throws Exception {
        double before = seeder.cpuSeconds();
        BenchDownloadPeers.Run r = leech.call();
        return r.withSeederCpu(seeder.cpuSeconds() - before);
    }

    private BenchDownloadPeers.Run checked(BenchDownloadPeers.Run r, Path file, String sha, PrintWriter out)
            throws IOException {
        boolean same = r.ok() && Files.isRegularFile(file) && sha256(file).equals(sha);
        BenchDownloadPeers.Run c = new BenchDownloadPeers.Run(r.client(), r.seconds(), r.cpuSeconds(), same,
                same ? "verified" : r.ok() ? "content differs" : r.note(), r.progress(), r.seederCpuSeconds());
        out.printf(Locale.ROOT, "  %-10s %8.2f s  %8.1f MB/s  %7.2f CPU s  %s%n", c.client(), c.seconds(),
                mbps(c), c.cpuSeconds(), c.note());
        out.flush();
        if (Files.exists(file.getParent())) {
            deleteTree(file.getParent()); // 3 copies of a large torrent are not kept
        }
        return c;
    }

    private double mbps(BenchDownloadPeers.Run r) {
        return r.seconds() > 0 ? sizeMib * MIB / 1e6 / r.seconds() : 0;
    }

    private void report(List<BenchDownloadPeers.Run> runs, PrintWriter out) {
        BenchDownloadPeers.Run lt = runs.stream().filter(r -> r.client().equals("libtorrent")).findFirst().orElse(null);
        boolean ltOk = lt != null && lt.ok();
        double ltLate = ltOk ? lateRate(lt) : Double.NaN;
        out.println();
        out.printf(Locale.ROOT, "%-10s %10s %10s %10s %14s %14s %12s %9s %12s %9s %13s%n", "client", "wall s", "MB/s",
                "CPU s", "throughput/lt", "CPU s/lt", "MB by tick", "to 50% s", "50-95% MB/s", "late/lt", "seeder CPU s");
        for (BenchDownloadPeers.Run r : runs) {
            String tput = ltOk && r.ok() ? String.format(Locale.ROOT, "%.2fx", lt.seconds() / r.seconds()) : "-";
            String cpu = ltOk && r.ok() && lt.cpuSeconds() > 0
                    ? String.format(Locale.ROOT, "%.2fx", r.cpuSeconds() / lt.cpuSeconds()) : "-";
            double late = r.ok() ? lateRate(r) : Double.NaN;
            String half = r.ok() && r.progress() != null ? figure("%.2f", r.progress().secondsTo(sizeMib * MIB * 0.5))
                    : "-";
            // a run done before the tick had the whole torrent by then
            String byTick = !r.ok() || r.progress() == null ? "-" : figure("%.0f",
                    (r.seconds() <= FIRST_TICK_SECONDS ? sizeMib * MIB : r.progress().bytesAt(FIRST_TICK_SECONDS)) / 1e6);
            out.printf(Locale.ROOT, "%-10s %10.2f %10.1f %10.2f %14s %14s %12s %9s %12s %9s %13s%s%n", r.client(),
                    r.seconds(), mbps(r), r.cpuSeconds(), tput, cpu, byTick, half, figure("%.1f", late / 1e6),
                    figure("%.2fx", late / ltLate), figure("%.2f", r.seederCpuSeconds()),
                    r.ok() ? "" : "  FAILED: " + r.note());
        }
        out.println("(MB by tick, to 50%, 50-95%: from sampled progress. The seeder sends a block at a time until"
                + " its first rate tick, whoever asks; every client starts " + FIRST_TICK_SECONDS + " s before it, and"
                + " MB by tick is what came in that ramp. Past half way the ramp is over for every client."
                + " Seeder CPU s: what the seeder process spent during that run, lead-in included. Seeder and leecher"
                + " share this machine's " + Runtime.getRuntime().availableProcessors() + " cores, so a run's wall"
                + " time is at least about (CPU s + seeder CPU s) / " + Runtime.getRuntime().availableProcessors() + "."
                + " bare is a yardstick, not a client: one connection, requests in order, each block copied once and"
                + " hashed, each piece written with O_DIRECT, nothing else; what it reaches is what this seeder and"
                + " machine allow any leecher that verifies and keeps what it gets)");
        out.flush();
    }

    /** Bytes per second from half the torrent to 95% of it; NaN without samples. */
    private double lateRate(BenchDownloadPeers.Run r) {
        return r.progress() == null ? Double.NaN : r.progress().rateBetween(sizeMib * MIB * 0.5, sizeMib * MIB * 0.95);
    }

    private static String figure(String format, double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, format, value);
    }

    /** Seeded pseudo-random bytes, written fast; returns their SHA-256. */
    static String generate(Path file, long size) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(size);
        byte[] buf = new byte[4 << 20];
        try (OutputStream o = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(buf.length, left);
                for (int i = 0; i < n; i += 8) {
                    long v = random.nextLong();
                    for (int k = 0; k < 8 && i + k < n; k++) {
                        buf[i + k] = (byte) (v >>> (8 * k));
                    }
                }
                md.update(buf, 0, n);
                o.write(buf, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[4 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
