package io.lodestone.ops.bench;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.engine.PeerNetwork;
import io.lodestone.client.session.Download;
import io.lodestone.client.session.DownloadOutcome;
import io.lodestone.client.session.DownloadRequest;
import io.lodestone.client.session.DownloadServices;
import io.lodestone.client.storage.StorageConfig;
import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmConfig;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.dht.node.RateLimitConfig;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import io.lodestone.ops.cli.ExitCodes;
import io.lodestone.resolve.ResolveConfig;
import io.lodestone.resolve.ResolveResult;
import io.lodestone.resolve.ResolveService;
import io.lodestone.resolve.ResolverAssembly;
import io.lodestone.time.Clock;
import io.lodestone.tracker.TrackerClient;
import io.lodestone.tracker.TrackerConfig;
import io.lodestone.types.InfoHash;
import io.lodestone.types.HostPort;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lodestone bench train}: Lodestone alone on loopback, as a user's commands run it. A few
 * DHT nodes of our own make a testnet; one client seeds generated torrents (v1, v2 and hybrid) and
 * announces them; another resolves each magnet through the DHT, one by one and then all at once,
 * and downloads one larger torrent from the seeder. The build runs it right after the jar, with
 * the JDK's {@code -XX:AOTCacheOutput}: the cache then holds the classes and method profiles of
 * these paths, so a later cold {@code resolve} or {@code download} compiles its hot code sooner. It needs no other client and no network beyond loopback; it fails when a step fails.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Lodestone alone on loopback: a DHT testnet of our nodes, our seeder, our resolver and",
                "downloader. The build's training run for the JDK's ahead-of-time cache (JDK 25+)."})
public final class BenchTrainCommand implements Callable<Integer> {

    static final int TESTNET_NODES = 6;
    static final int SMALL_TORRENTS = 24;
    static final int LARGE_MIB = 64;
    /** Each resolve and download is done this many times: enough for the hot paths to be profiled. */
    static final int ROUNDS = 3;
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final CreateOptions.Format[] FORMATS = {
            CreateOptions.Format.V1, CreateOptions.Format.HYBRID, CreateOptions.Format.V2};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        Path dir = Files.createTempDirectory("lodestone-train-");
        List<AutoCloseable> open = new ArrayList<>();
        try {
            Path seedData = Files.createDirectories(dir.resolve("seed"));
            List<Metainfo> small = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < SMALL_TORRENTS; i++) {
                small.add(torrent(seedData, "small-" + i, 64 * 1024 + random.nextInt(256 * 1024),
                        FORMATS[i % FORMATS.length], random));
            }
            Metainfo large = torrent(seedData, "large", LARGE_MIB << 20, CreateOptions.Format.V1, random);

            List<InetSocketAddress> testnet = testnet(open);
            Client seeder = open(open, new Client(testnet));
            List<Download> seeding = new ArrayList<>();
            for (Metainfo m : small) {
                seeding.add(seeder.seed(m, seedData));
            }
            Download seedingLarge = seeder.seed(large, seedData);
            seeding.add(seedingLarge);
            for (Download d : seeding) {
                DownloadOutcome o = d.start().get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (!(o instanceof DownloadOutcome.Complete)) {
                    throw new IllegalStateException("our seeder did not start seeding: " + o);
                }
            }

            Client leecher = open(open, new Client(testnet));
            int resolved = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (Metainfo m : small) { // one by one; the first waits for the seeder's announces
                    resolved += resolve(leecher.resolver, m).get(STEP_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)
                            ? 1 : 0;
                }
                List<CompletableFuture<Boolean>> all = new ArrayList<>();
                for (Metainfo m : small) {
                    all.add(resolve(leecher.resolver, m));
                }
                for (CompletableFuture<Boolean> f : all) {
                    resolved += f.get(STEP_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS) ? 1 : 0;
                }
            }
            if (resolved != 2 * ROUNDS * small.size()) {
                throw new IllegalStateException("resolved " + resolved + " of " + 2 * ROUNDS * small.size()
                        + " magnets");
            }
            Path save = Files.createDirectories(dir.resolve("leech"));
            long bytes = 0;
            for (int round = 0; round < ROUNDS; round++) {
                Path into = Files.createDirectories(save.resolve("round-" + round));
                bytes += leecher.download(large, into, seeder.address());
                bytes += leecher.download(small.get(round), into, seeder.address());
            }
            out.printf(Locale.ROOT, "trained: %d magnets resolved over the DHT, %d bytes downloaded and verified, "
                    + "in %.1f s%n", resolved, bytes, (System.nanoTime() - started) / 1e9);
            out.flush();
            return ExitCodes.OK;
        } catch (IllegalStateException | java.util.concurrent.TimeoutException e) {
            // a step that did not finish in time or in full: say which, as any bench does
            spec.commandLine().getErr().println("bench train: " + (e instanceof java.util.concurrent.TimeoutException
                    ? "a step did not finish within " + STEP_TIMEOUT.toSeconds() + " s" : e.getMessage()));
            return ExitCodes.NOT_FOUND_IN_TIME;
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception e) {
                    // the run's outcome is already decided; a failing close only leaves a port to the OS
                }
            }
            BenchDownloadCommand.deleteTree(dir);
        }
    }

    private static <T extends AutoCloseable> T open(List<AutoCloseable> open, T c) {
        open.add(c);
        return c;
    }

    private static Metainfo torrent(Path dir, String name, int size, CreateOptions.Format format,
                                    SplittableRandom random) throws java.io.IOException {
        byte[] content = new byte[size];
        random.nextBytes(content);
        Path file = Files.write(dir.resolve(name + ".bin"), content);
        return MetainfoParser.parseTorrent(TorrentCreator.create(file, CreateOptions.defaults().withFormat(format)));
    }

    /** Single-node farms on loopback, each bootstrapped from the ones before it. */
    private static List<InetSocketAddress> testnet(List<AutoCloseable> open) throws Exception {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int i = 0; i < TESTNET_NODES; i++) {
            DhtFarm farm = open(open, DhtFarm.start(node(addresses, false), DhtListener.NONE));
            addresses.add(DhtFarm.reachable(farm.node(0).address()));
        }
        return addresses;
    }

    /** One loopback node; every node is on 127.0.0.1, so the per-IP limits are off. */
    private static FarmConfig node(List<InetSocketAddress> bootstrap, boolean readOnly) {
        return FarmConfig.defaults()
                .withNodes(1)
                .withBind(List.of(InetAddress.getLoopbackAddress()), 0)
                .withBootstrap(bootstrap.stream().map(HostPort::of).toList())
                .withThreads(1)
                .withNode(DhtConfig.defaults().toBuilder().allowPrivate(true).readOnly(readOnly)
                        .rateLimits(RateLimitConfig.unlimited()).build());
    }

    private static CompletableFuture<Boolean> resolve(ResolveService resolver, Metainfo m) {
        InfoHash key = m.infoHashV1() != null ? m.infoHashV1() : m.infoHashV2();
        return resolver.resolve(MagnetUri.of(key), STEP_TIMEOUT)
                .thenApply(r -> r instanceof ResolveResult.Resolved);
    }

    /** A client as {@code download} wires it: a peer network, a DHT node of its own, a resolver. */
    private static final class Client implements AutoCloseable {
        final PeerNetwork network;
        final DhtFarm farm;
        final TrackerClient trackers = new TrackerClient(TrackerConfig.defaults().withAllowPrivate(true));
        final ResolveService resolver;
        final DownloadServices services;

        Client(List<InetSocketAddress> testnet) throws Exception {
            network = PeerNetwork.start(EngineConfig.defaults().withAllowPrivate(true)
                    .withListen(InetAddress.getLoopbackAddress(), 0));
            farm = DhtFarm.start(node(testnet, false), DhtListener.NONE);
            FarmNode dht = farm.node(0);
            resolver = ResolverAssembly.create().config(ResolveConfig.defaults().withAllowPrivatePeers(true))
                    .trackers(trackers).dht(dht).build();
            services = new DownloadServices(network, StorageConfig.defaults(), resolver, dht, trackers,
                    Clock.system());
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), network.port());
        }

        Download seed(Metainfo meta, Path data) {
            return new Download("train-seed-" + meta.name(), new DownloadRequest(null, meta, data, List.of(),
                    List.of(), true, STEP_TIMEOUT.multipliedBy(10)), services);
        }

        /** Downloads {@code meta} from {@code seeder}; the bytes verified. */
        long download(Metainfo meta, Path save, InetSocketAddress seeder) throws Exception {
            Download d = new Download("train-" + meta.name(), new DownloadRequest(null, meta, save, List.of(seeder),
                    List.of(), false, STEP_TIMEOUT), services);
            DownloadOutcome o = d.start().get(STEP_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            if (!(o instanceof DownloadOutcome.Complete)) {
                throw new IllegalStateException("download of " + meta.name() + " did not complete: " + o);
            }
            return meta.totalSize();
        }

        @Override
        public void close() {
            network.close();
            farm.close();
            trackers.close();
        }
    }
}
