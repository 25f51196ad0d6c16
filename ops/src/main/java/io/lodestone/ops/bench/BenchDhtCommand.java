package io.lodestone.ops.bench;

import io.lodestone.dht.bench.KrpcLoadGenerator;
import io.lodestone.dht.bench.LoadConfig;
import io.lodestone.dht.bench.LoadResult;
import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmConfig;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.dht.node.RateLimitConfig;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.ExitCodes;
import io.lodestone.types.HostPort;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lodestone bench dht}: the same KRPC query mix from the same load generator at a
 * libtorrent node (DHT rate limits raised) and at a Lodestone node (limits off), both members of
 * one loopback DHT so their routing tables are alike; answers per second and round trips.
 */
@Command(name = "dht", mixinStandardHelpOptions = true,
        description = {"Loads a libtorrent DHT node and a Lodestone DHT node with the same query mix",
                "(ping, find_node, get_peers, sample_infohashes) and compares answers per second",
                "and round-trip percentiles. Needs python3-libtorrent. Loopback only."})
public final class BenchDhtCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "S", defaultValue = "10", description = "measured seconds per target (default ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "2", description = "unmeasured seconds first (default ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "256", description = "queries in flight (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "2", description = "alternating rounds per target (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--testnet-nodes", paramLabel = "N", defaultValue = "20", description = "libtorrent nodes in the DHT (default ${DEFAULT-VALUE})")
    int testnetNodes;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (durationSeconds < 1 || durationSeconds > 600 || warmupSeconds < 0 || warmupSeconds > 60
                || rounds < 1 || rounds > 10 || testnetNodes < 2 || testnetNodes > 200) {
            throw new BadInputException("--duration 1..600, --warmup 0..60, --rounds 1..10, --testnet-nodes 2..200");
        }
        PrintWriter out = spec.commandLine().getOut();
        int testnetSeconds = 120 + rounds * 2 * (durationSeconds + warmupSeconds + 5);
        try (LibtorrentTestnet testnet = LibtorrentTestnet.start(List.of("--nodes", Integer.toString(testnetNodes),
                "--torrents", "4", "--seeders", "2", "--duration", Integer.toString(testnetSeconds),
                // libtorrent with its DHT limits raised: per-IP blocking and the DHT upload cap
                "--setting", "dht_block_ratelimit=100000000", "--setting", "dht_upload_rate_limit=2000000000"), 60);
             DhtFarm farm = DhtFarm.start(ourNode(testnet), DhtListener.NONE)) {
            awaitTable(farm);
            InetSocketAddress theirs = testnet.node(0);
            InetSocketAddress ours = DhtFarm.reachable(farm.node(0).address());
            LoadConfig base = LoadConfig.against(theirs)
                    .withDuration(Duration.ofSeconds(durationSeconds), Duration.ofSeconds(warmupSeconds))
                    .withConcurrency(concurrency)
                    .withSource(new InetSocketAddress("127.0.0.1", 0));
            Totals lt = new Totals();
            Totals ls = new Totals();
            LoadConfig oursConfig = new LoadConfig(ours, base.source(), base.duration(), base.warmup(),
                    base.concurrency(), base.timeout(), base.mix(), base.seed());
            for (int r = 0; r < rounds; r++) {
                // CPU time of the node under test over the measured window: stabler than answers per
                // second on a shared machine (the generator competes for the same cores)
                long[] cpu = new long[1];
                LoadResult a = KrpcLoadGenerator.run(base, () -> cpu[0] = procCpu(testnet));
                lt.add(a, procCpu(testnet) - cpu[0]);
                LoadResult b = KrpcLoadGenerator.run(oursConfig, () -> cpu[0] = loopCpu(farm));
                ls.add(b, loopCpu(farm) - cpu[0]);
            }
            ObjectNode o = TorrentJson.MAPPER.createObjectNode();
            o.put("libtorrentVersion", testnet.version());
            o.put("concurrency", concurrency);
            o.put("secondsPerTarget", durationSeconds * rounds);
            o.set("libtorrent", lt.json());
            o.set("lodestone", ls.json());
            o.put("answeredPerSecondRatio", round(ls.rate() / Math.max(1e-9, lt.rate())));
            o.put("p50Ratio", round(ls.p50() / Math.max(1e-9, lt.p50())));
            o.put("p99Ratio", round(ls.p99() / Math.max(1e-9, lt.p99())));
            o.put("cpuPerAnswerRatio", round(ls.cpuMicrosPerAnswer() / Math.max(1e-9, lt.cpuMicrosPerAnswer())));
            out.println(json ? TorrentJson.MAPPER.writeValueAsString(o) : text(o));
        }
        return ExitCodes.OK;
    }

    private static long procCpu(LibtorrentTestnet testnet) {
        try {
            return testnet.cpuNanos();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** CPU time of the node's event loop thread, read on that thread. */
    private static long loopCpu(DhtFarm farm) {
        try {
            return farm.node(0).call(n -> java.lang.management.ManagementFactory.getThreadMXBean()
                    .getCurrentThreadCpuTime()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the node's CPU time", e);
        }
    }

    private FarmConfig ourNode(LibtorrentTestnet testnet) throws Exception {
        InetSocketAddress boot = testnet.node(1);
        return FarmConfig.defaults()
                .withNodes(1)
                .withBind(List.of(InetAddress.getLoopbackAddress()), 0)
                .withBootstrap(List.of(HostPort.of(boot)))
                .withThreads(1)
                .withNode(DhtConfig.defaults().toBuilder().allowPrivate(true)
                        .rateLimits(RateLimitConfig.unlimited()).build());
    }

    private static void awaitTable(DhtFarm farm) throws Exception {
        if (farm.node(0).awaitJoined(8, Duration.ofSeconds(30))) {
            return;
        }
        throw new IllegalStateException("our node did not join the libtorrent DHT within 30 s");
    }

    private static String text(ObjectNode o) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-10s %12s %9s %9s %9s %9s %12s%n", "node", "answered/s", "p50 ms", "p90 ms",
                "p99 ms", "lost", "CPU us/ans"));
        for (String k : List.of("libtorrent", "lodestone")) {
            var n = o.get(k);
            b.append(String.format(Locale.ROOT, "%-10s %12.0f %9.3f %9.3f %9.3f %9d %12.2f%n", k, n.get("answeredPerSecond").asDouble(),
                    n.get("p50Ms").asDouble(), n.get("p90Ms").asDouble(), n.get("p99Ms").asDouble(), n.get("lost").asLong(),
                    n.get("cpuMicrosPerAnswer").asDouble()));
        }
        b.append(String.format(Locale.ROOT, "lodestone / libtorrent: %.2fx answers per second, p50 %.2fx, p99 %.2fx, "
                        + "CPU per answer %.2fx (libtorrent %s, %d in flight)",
                o.get("answeredPerSecondRatio").asDouble(), o.get("p50Ratio").asDouble(), o.get("p99Ratio").asDouble(),
                o.get("cpuPerAnswerRatio").asDouble(), o.get("libtorrentVersion").asString(), o.get("concurrency").asInt()));
        return b.toString();
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Sums of several rounds against one target. */
    private static final class Totals {
        private long answered;
        private long lost;
        private long errors;
        private double seconds;
        private double p50Sum;
        private double p90Sum;
        private double p99Sum;
        private int n;

        private long cpuNanos;

        void add(LoadResult r, long cpu) {
            cpuNanos += cpu;
            answered += r.answered();
            lost += r.lost();
            errors += r.errors();
            seconds += r.seconds();
            p50Sum += r.p50Ms();
            p90Sum += r.p90Ms();
            p99Sum += r.p99Ms();
            n++;
        }

        double rate() {
            return answered / seconds;
        }

        double cpuMicrosPerAnswer() {
            return answered == 0 ? 0 : cpuNanos / 1000.0 / answered;
        }

        double p50() {
            return p50Sum / n;
        }

        double p99() {
            return p99Sum / n;
        }

        ObjectNode json() {
            ObjectNode o = TorrentJson.MAPPER.createObjectNode();
            o.put("answered", answered);
            o.put("errors", errors);
            o.put("lost", lost);
            o.put("answeredPerSecond", round(rate()));
            o.put("p50Ms", round(p50()));
            o.put("p90Ms", round(p90Sum / n));
            o.put("p99Ms", round(p99()));
            o.put("cpuMicrosPerAnswer", round(cpuMicrosPerAnswer()));
            return o;
        }
    }
}
