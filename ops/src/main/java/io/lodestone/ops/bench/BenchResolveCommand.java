package io.lodestone.ops.bench;

import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmConfig;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.dht.node.RateLimitConfig;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.ExitCodes;
import io.lodestone.resolve.ResolveConfig;
import io.lodestone.resolve.ResolveResult;
import io.lodestone.resolve.ResolveService;
import io.lodestone.resolve.ResolverAssembly;
import io.lodestone.types.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lodestone bench resolve}: one loopback testnet of libtorrent nodes seeding generated
 * torrents; the same magnets (info-hash only) are resolved by Lodestone's resolve service and by a
 * fresh libtorrent session, first one by one (time to metadata), then all at once (wall time).
 */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {"Resolves the same magnets with Lodestone and with libtorrent from one loopback testnet",
                "of libtorrent seeders: time to metadata one by one (p50/p90/p99, resolutions per second)",
                "and the wall time of resolving many at once. Needs python3-libtorrent. Loopback only."})
public final class BenchResolveCommand implements Callable<Integer> {

    static final int MAX_MAGNETS = 1000;
    static final int MAX_ROUNDS = 20;
    /** Query timeouts of our DHT node, as {@code lodestone resolve} sets them. */
    static final Duration DHT_QUERY_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DHT_MIN_QUERY_TIMEOUT = Duration.ofMillis(400);
    /** Longest wait for our DHT node to fill its routing table before anything is timed. */
    static final Duration WARMUP_LIMIT = Duration.ofSeconds(30);
    static final int WARM_TABLE_SIZE = 8;

    // 100 magnets in 3 rounds: the p99 of 300 times is the fourth-worst, where of 150 it was the
    // second-worst, so one stall of the machine (a collection, a busy core) no longer decides it
    @Option(names = "--magnets", paramLabel = "N", defaultValue = "100", description = "magnets timed one by one (default ${DEFAULT-VALUE})")
    int magnets;

    @Option(names = "--at-once", paramLabel = "N", defaultValue = "200", description = "magnets resolved at once (default ${DEFAULT-VALUE})")
    int atOnce;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "30", description = "other magnets resolved by both first, untimed: warms the JIT and both DHT nodes (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "3", description = "alternating runs of each resolver (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--testnet-nodes", paramLabel = "N", defaultValue = "30", description = "libtorrent nodes in the DHT (default ${DEFAULT-VALUE})")
    int testnetNodes;

    @Option(names = "--seeders", paramLabel = "N", defaultValue = "10", description = "of them seeding, two per torrent (default ${DEFAULT-VALUE})")
    int seeders;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "30", description = "seconds per magnet, and for the at-once run in all (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (magnets < 1 || magnets > MAX_MAGNETS || atOnce < 0 || atOnce > MAX_MAGNETS || warmup < 0 || warmup > MAX_MAGNETS || rounds < 1 || rounds > MAX_ROUNDS || testnetNodes < 2
                || testnetNodes > 200 || seeders < 2 || seeders > testnetNodes || timeoutSeconds < 1
                || timeoutSeconds > 600) {
            throw new BadInputException("--magnets 1.." + MAX_MAGNETS + ", --at-once and --warmup 0.." + MAX_MAGNETS + ", --rounds 1.." + MAX_ROUNDS
                    + ", --testnet-nodes 2..200, --seeders 2..nodes, --timeout 1..600");
        }
        int torrents = Math.max(magnets + warmup, atOnce);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        // runs: two one by one, two at once, plus start-up
        long testnetSeconds = 300 + 2L * rounds * timeoutSeconds * (2 + Math.min(magnets, 20));
        Path dir = Files.createTempDirectory("lodestone-bench-resolve-");
        try {
            Path manifestFile = dir.resolve("manifest.json");
            ObjectNode report;
            try (LibtorrentTestnet testnet = LibtorrentTestnet.start(List.of(
                    "--nodes", Integer.toString(testnetNodes), "--torrents", Integer.toString(torrents),
                    "--seeders", Integer.toString(seeders), "--replicas", "2", "--no-utp",
                    "--formats", "v1,v2,hybrid", "--layouts", "single,multi", "--sizes", "64K,300K",
                    "--ready-timeout", "120", "--duration", Long.toString(testnetSeconds),
                    "--out-manifest", manifestFile.toString()), 600)) {
                JsonNode manifest = TorrentJson.MAPPER.readTree(Files.readString(manifestFile));
                report = run(testnet, manifest, dir, timeout);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? TorrentJson.MAPPER.writeValueAsString(report) : text(report));
        } finally {
            deleteTree(dir);
        }
        return ExitCodes.OK;
    }

    private ObjectNode run(LibtorrentTestnet testnet, JsonNode manifest, Path dir, Duration timeout)
            throws Exception {
        List<String> links = new ArrayList<>();
        manifest.get("torrents").forEach(t -> links.add(t.get("magnetMinimal").asString()));
        List<InetSocketAddress> bootstrap = new ArrayList<>();
        for (int i = 0; i < testnet.size(); i++) {
            bootstrap.add(testnet.node(i));
        }
        // warm-up magnets are the torrents after the timed ones, resolved by both first, untimed
        List<String> warm = links.subList(magnets, magnets + warmup);
        List<String> timed = links.subList(0, magnets);
        List<String> many = links.subList(0, atOnce);
        BenchResolveLibtorrent libtorrent = new BenchResolveLibtorrent(dir);
        BenchResolveStats ourOneByOne = null;
        BenchResolveStats ourAtOnce = null;
        BenchResolveStats theirOneByOne = null;
        BenchResolveStats theirAtOnce = null;
        try (DhtFarm farm = DhtFarm.start(ourNode(bootstrap), DhtListener.NONE)) {
            awaitTable(farm.node(0));
            ResolveService service = ResolverAssembly.create()
                    .config(ResolveConfig.defaults().withAllowPrivatePeers(true)).dht(farm.node(0)).build();
            oneByOne(service, parse(warm), timeout);
            // rounds alternate the two, so that a change in the machine's load hits both alike
            for (int r = 0; r < rounds; r++) {
                ourOneByOne = oneByOne(service, parse(timed), timeout).plus(ourOneByOne);
                theirOneByOne = libtorrent.resolve(warm, timed, bootstrap, false, timeout).plus(theirOneByOne);
                if (atOnce > 0) {
                    ourAtOnce = atOnce(service, parse(many), timeout).plus(ourAtOnce);
                    theirAtOnce = libtorrent.resolve(warm, many, bootstrap, true, timeout).plus(theirAtOnce);
                }
            }
        }

        ObjectNode o = TorrentJson.MAPPER.createObjectNode();
        o.put("libtorrentVersion", testnet.version());
        o.put("testnetNodes", testnet.size());
        o.put("torrents", links.size());
        ObjectNode one = o.putObject("oneByOne");
        one.set("libtorrent", theirOneByOne.json());
        one.set("lodestone", ourOneByOne.json());
        putRatio(one, "p50Ratio", ourOneByOne.percentile(50), theirOneByOne.percentile(50));
        putRatio(one, "p99Ratio", ourOneByOne.percentile(99), theirOneByOne.percentile(99));
        if (ourAtOnce != null) {
            ObjectNode all = o.putObject("atOnce");
            all.set("libtorrent", theirAtOnce.json());
            all.set("lodestone", ourAtOnce.json());
            putRatio(all, "wallRatio", ourAtOnce.wallSecondsPerRun(), theirAtOnce.wallSecondsPerRun());
        }
        return o;
    }

    /**
     * Our node as {@code lodestone resolve} runs it (read-only, loopback allowed), with one change:
     * its per-IP outbound limit, which keeps it under libtorrent's default DHT ban rate
     * (dht_block_ratelimit), is lifted, since the testnet's nodes have that ban raised and a
     * small testnet puts every lookup on the same few IPs; libtorrent's own DHT rate limit
     * (dht_upload_rate_limit) is raised by the driver alike.
     */
    private static FarmConfig ourNode(List<InetSocketAddress> bootstrap) {
        return FarmConfig.defaults()
                .withNodes(1)
                .withBind(List.of(InetAddress.getLoopbackAddress()), 0)
                .withBootstrap(bootstrap.stream().map(HostPort::of).toList())
                .withThreads(1)
                .withNode(DhtConfig.defaults().toBuilder().allowPrivate(true).readOnly(true)
                        .queryTimeouts(DHT_MIN_QUERY_TIMEOUT, DHT_QUERY_TIMEOUT, DHT_QUERY_TIMEOUT)
                        .rateLimits(RateLimitConfig.unlimited()).build());
    }

    private static List<MagnetUri> parse(List<String> links) {
        return links.stream().map(MagnetUri::parse).toList();
    }

    private static BenchResolveStats oneByOne(ResolveService service, List<MagnetUri> list, Duration timeout)
            throws Exception {
        List<Double> millis = new ArrayList<>();
        long start = System.nanoTime();
        for (MagnetUri m : list) {
            long t = System.nanoTime();
            ResolveResult r = service.resolve(m, timeout).get(timeout.toSeconds() + 5, TimeUnit.SECONDS);
            if (r instanceof ResolveResult.Resolved) {
                millis.add((System.nanoTime() - t) / 1e6);
            }
        }
        return new BenchResolveStats(list.size(), millis, (System.nanoTime() - start) / 1e9);
    }

    private static BenchResolveStats atOnce(ResolveService service, List<MagnetUri> list, Duration timeout)
            throws Exception {
        List<Double> millis = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (MagnetUri m : list) {
            long t = System.nanoTime();
            all.add(service.resolve(m, timeout).thenAccept(r -> {
                if (r instanceof ResolveResult.Resolved) {
                    millis.add((System.nanoTime() - t) / 1e6);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(timeout.toSeconds() + 5, TimeUnit.SECONDS);
        return new BenchResolveStats(list.size(), millis, (System.nanoTime() - start) / 1e9);
    }

    private static void awaitTable(FarmNode node) throws Exception {
        if (node.awaitJoined(WARM_TABLE_SIZE, WARMUP_LIMIT)) {
            return;
        }
        throw new IllegalStateException("our DHT node did not join the testnet within " + WARMUP_LIMIT.toSeconds() + " s");
    }

    /** ours / theirs, or null when either side has no figure (JSON has no NaN). */
    private static void putRatio(ObjectNode o, String key, double ours, double theirs) {
        if (theirs > 0 && !Double.isNaN(ours)) {
            o.put(key, BenchResolveStats.round(ours / theirs));
        } else {
            o.putNull(key);
        }
    }

    private static String text(ObjectNode o) {
        StringBuilder b = new StringBuilder();
        String head = String.format(Locale.ROOT, "%-12s %8s %8s %10s %10s %10s %10s %12s%n", "resolver", "magnets",
                "failed", "p50 ms", "p90 ms", "p99 ms", "s/run", "resolved/s");
        String row = "%-12s %8d %8d %10.3f %10.3f %10.3f %10.3f %12.1f%n";
        for (String run : List.of("oneByOne", "atOnce")) {
            JsonNode r = o.get(run);
            if (r == null) {
                continue;
            }
            JsonNode ours = r.get("lodestone");
            b.append(run.equals("oneByOne") ? "one by one" : ours.get("magnets").asInt() / ours.get("runs").asInt() + " at once")
                    .append(", ").append(ours.get("runs").asInt()).append(" runs each")
                    .append(System.lineSeparator()).append(head);
            for (String k : List.of("libtorrent", "lodestone")) {
                JsonNode n = r.get(k);
                b.append(String.format(Locale.ROOT, row, k, n.get("magnets").asInt(), n.get("failed").asInt(),
                        n.get("p50Ms").asDouble(Double.NaN), n.get("p90Ms").asDouble(Double.NaN),
                        n.get("p99Ms").asDouble(Double.NaN), n.get("wallSecondsPerRun").asDouble(),
                        n.get("resolvedPerSecond").asDouble()));
            }
        }
        JsonNode one = o.get("oneByOne");
        b.append(String.format(Locale.ROOT, "lodestone / libtorrent: p50 %.2fx, p99 %.2fx", one.get("p50Ratio").asDouble(Double.NaN),
                one.get("p99Ratio").asDouble(Double.NaN)));
        if (o.has("atOnce")) {
            b.append(String.format(Locale.ROOT, ", at-once wall time %.2fx", o.get("atOnce").get("wallRatio").asDouble(Double.NaN)));
        }
        b.append(String.format(Locale.ROOT, " (libtorrent %s, %d nodes, %d torrents)", o.get("libtorrentVersion").asString(),
                o.get("testnetNodes").asInt(), o.get("torrents").asInt()));
        return b.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
