package io.lodestone.ops.bench;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.engine.PeerNetwork;
import io.lodestone.client.engine.UtpPeers;
import io.lodestone.client.session.Download;
import io.lodestone.client.session.DownloadOutcome;
import io.lodestone.client.session.DownloadRequest;
import io.lodestone.client.session.DownloadServices;
import io.lodestone.client.storage.StorageConfig;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import io.lodestone.resolve.FetchConfig;
import io.lodestone.resolve.MetadataFetcher;
import io.lodestone.resolve.PeerTransport;
import io.lodestone.resolve.ResolveConfig;
import io.lodestone.resolve.ResolveService;
import io.lodestone.resolve.ResolverAssembly;
import io.lodestone.time.Clock;
import io.lodestone.tracker.TrackerClient;
import io.lodestone.tracker.TrackerConfig;
import io.lodestone.wire.utp.UtpConfig;
import io.lodestone.wire.utp.UtpSocketManager;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lodestone bench utp}: uTP against TCP on loopback. First our own stream, uTP and TCP, one
 * process to itself; then one generated torrent seeded by libtorrent (TCP and uTP both on), downloaded
 * by libtorrent and by Lodestone over uTP only and over TCP only, and by Lodestone from a Lodestone
 * seeder over uTP (our sender as well as our receiver), every result checked byte for byte. With {@code --loss P} it all runs again in a private network namespace where P percent of
 * the packets arriving on loopback are dropped at random.
 */
@Command(name = "utp", mixinStandardHelpOptions = true,
        description = {"uTP against TCP on loopback: our stream both ways, then libtorrent and Lodestone downloading",
                "one generated torrent from a libtorrent seeder over uTP only and over TCP only. --loss P drops",
                "P percent of loopback packets in a private network namespace (needs root, unshare, iptables)."})
public final class BenchUtpCommand implements Callable<Integer> {

    static final double MAX_LOSS_PERCENT = 50;

    @Option(names = "--size-mib", paramLabel = "N", defaultValue = "64", description = "torrent and stream size in MiB (default ${DEFAULT-VALUE})")
    long sizeMib;

    @Option(names = "--loss", paramLabel = "PERCENT", defaultValue = "0", description = "packets dropped at random on loopback, in a namespace (default ${DEFAULT-VALUE})")
    double lossPercent;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "300", description = "seconds per run (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--skip", paramLabel = "PART", split = ",", description = "runs to leave out: stream, libtorrent, lodestone, tcp, seeder (every download from the libtorrent seeder)")
    List<String> skip = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sizeMib < 1 || sizeMib > 4096 || timeoutSeconds < 1 || lossPercent < 0 || lossPercent > MAX_LOSS_PERCENT) {
            throw new IllegalArgumentException("--size-mib must be 1..4096, --timeout positive, --loss 0.."
                    + MAX_LOSS_PERCENT);
        }
        if (lossPercent > 0 && !PrivateNetwork.inside()) {
            return PrivateNetwork.rerunInside(new ArrayList<>(spec.root().commandLine().getParseResult().originalArgs()));
        }
        if (lossPercent > 0) {
            PrivateNetwork.setUpLossy(lossPercent / 100);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "uTP bench: %d MiB, %.1f%% of loopback packets dropped%n", sizeMib, lossPercent);
        Path dir = Files.createTempDirectory("lodestone-bench-utp-");
        List<BenchDownloadPeers.Run> runs = new ArrayList<>();
        try {
            if (!skip.contains("stream")) {
                UtpStreamBench stream = new UtpStreamBench(sizeMib << 20, Duration.ofSeconds(timeoutSeconds));
                runs.add(print(stream.utp(), out));
                if (!skip.contains("tcp")) {
                    runs.add(print(stream.tcp(), out));
                }
            }
            runs.addAll(downloads(dir, out));
        } finally {
            BenchDownloadCommand.deleteTree(dir);
        }
        return runs.stream().allMatch(BenchDownloadPeers.Run::ok) ? 0 : 1;
    }

    private List<BenchDownloadPeers.Run> downloads(Path dir, PrintWriter out) throws Exception {
        List<BenchDownloadPeers.Run> runs = new ArrayList<>();
        if (skip.contains("libtorrent") && skip.contains("lodestone")) {
            return runs;
        }
        Path data = Files.createDirectories(dir.resolve("seed"));
        String sha = BenchDownloadCommand.generate(data.resolve("bench.bin"), sizeMib << 20);
        byte[] torrent = TorrentCreator.create(data.resolve("bench.bin"), CreateOptions.defaults()
                .withFormat(CreateOptions.Format.V1).withPieceLength(256 * 1024));
        Path torrentFile = Files.write(dir.resolve("bench.torrent"), torrent);
        Metainfo meta = MetainfoParser.parseTorrent(torrent);
        List<String> transports = skip.contains("seeder") ? List.of() : skip.contains("tcp") ? List.of("utp")
                : List.of("utp", "tcp");
        BenchDownloadPeers peers = transports.isEmpty() ? null : new BenchDownloadPeers(dir);
        try (BenchDownloadPeers.Seeder seeder = peers == null ? null
                : peers.seed(torrentFile, data, timeoutSeconds * 6 + 120, "both")) {
            if (seeder != null) {
                out.println("libtorrent seeder (uTP and TCP) on " + seeder.address);
                out.flush();
            }
            for (String transport : transports) {
                if (!skip.contains("libtorrent")) {
                    Path save = dir.resolve("lt-" + transport);
                    BenchDownloadPeers.Run r = peers.libtorrentLeech(torrentFile, save, seeder.address,
                            timeoutSeconds, transport);
                    runs.add(print(verified(new BenchDownloadPeers.Run("libtorrent " + transport, r.seconds(),
                            r.cpuSeconds(), r.ok(), r.note()), save.resolve("bench.bin"), sha), out));
                }
                if (!skip.contains("lodestone")) {
                    Path save = dir.resolve("us-" + transport);
                    BenchDownloadPeers.Run r = lodestone("lodestone " + transport, meta, save, seeder.address,
                            transport.equals("utp"));
                    runs.add(print(verified(r, save.resolve("bench.bin"), sha), out));
                }
            }
        }
        if (!skip.contains("lodestone")) {
            // the same download with our engine on both ends: uTP sending is ours too
            try (Client seed = new Client(true, data, meta, Duration.ofSeconds(timeoutSeconds * 2 + 60))) {
                Path save = dir.resolve("us-us");
                BenchDownloadPeers.Run r = lodestone("lodestone utp (ours)", meta, save, seed.address(), true);
                runs.add(print(verified(r, save.resolve("bench.bin"), sha), out));
            }
        }
        return runs;
    }

    /** A Lodestone client on loopback speaking uTP (or TCP only); seeding {@code data} when asked. */
    private static final class Client implements AutoCloseable {
        final PeerNetwork network;
        final UtpSocketManager manager;
        final TrackerClient trackers = new TrackerClient(TrackerConfig.defaults().withAllowPrivate(true));
        final DownloadServices services;
        private final Download seeding;

        Client(boolean utp, Path seedData, Metainfo meta, Duration seedFor) throws Exception {
            network = PeerNetwork.start(EngineConfig.defaults().withAllowPrivate(true)
                    .withListen(InetAddress.getLoopbackAddress(), 0));
            manager = UtpSocketManager.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), network.port()),
                    UtpConfig.defaults(), 64);
            PeerTransport.Mode mode = utp ? PeerTransport.Mode.UTP_ONLY : PeerTransport.Mode.TCP_ONLY;
            network.useUtp(new UtpPeers(manager, mode));
            ResolveService resolver = ResolverAssembly.create()
                    .config(ResolveConfig.defaults().withAllowPrivatePeers(true))
                    .fetcher(new MetadataFetcher(FetchConfig.defaults(), PeerTransport.of(mode, manager))).build();
            services = new DownloadServices(network, StorageConfig.defaults(), resolver, null, trackers,
                    Clock.system());
            if (seedData == null) {
                seeding = null;
                return;
            }
            seeding = new Download("bench-utp-seed", new DownloadRequest(null, meta, seedData, List.of(), List.of(),
                    true, seedFor), services);
            DownloadOutcome o = seeding.start().get(seedFor.toSeconds(), TimeUnit.SECONDS);
            if (!(o instanceof DownloadOutcome.Complete)) {
                close();
                throw new IllegalStateException("our seeder did not start: " + o);
            }
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), network.port());
        }

        @Override
        public void close() {
            if (seeding != null) {
                seeding.cancel();
            }
            network.close();
            manager.close();
            trackers.close();
        }
    }

    private BenchDownloadPeers.Run lodestone(String name, Metainfo meta, Path save, InetSocketAddress seeder,
                                             boolean utp) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Client us = new Client(utp, null, meta, Duration.ZERO)) {
            Download d = new Download("bench-utp", new DownloadRequest(null, meta, save, List.of(seeder), List.of(),
                    false, Duration.ofSeconds(timeoutSeconds)), us.services);
            long cpu0 = os.getProcessCpuTime();
            long start = System.nanoTime();
            DownloadOutcome o = d.start().get(timeoutSeconds + 60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            boolean ok = o instanceof DownloadOutcome.Complete;
            return new BenchDownloadPeers.Run(name, seconds, (os.getProcessCpuTime() - cpu0) / 1e9, ok,
                    ok ? "" : o.toString());
        }
    }

    private static BenchDownloadPeers.Run verified(BenchDownloadPeers.Run r, Path file, String sha) throws Exception {
        boolean same = r.ok() && Files.isRegularFile(file) && BenchDownloadCommand.sha256(file).equals(sha);
        if (Files.exists(file.getParent())) {
            BenchDownloadCommand.deleteTree(file.getParent());
        }
        return new BenchDownloadPeers.Run(r.client(), r.seconds(), r.cpuSeconds(), same,
                same ? "verified" : r.ok() ? "content differs" : r.note());
    }

    private BenchDownloadPeers.Run print(BenchDownloadPeers.Run r, PrintWriter out) {
        double mbps = r.seconds() > 0 ? (sizeMib << 20) / 1e6 / r.seconds() : 0;
        out.printf(Locale.ROOT, "  %-18s %8.2f s  %8.1f MB/s  %7.2f CPU s  %s%n", r.client(), r.seconds(), mbps,
                r.cpuSeconds(), r.ok() ? r.note() : "FAILED: " + r.note());
        out.flush();
        return r;
    }
}
