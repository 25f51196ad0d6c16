package io.lodestone.ops.bench;

import io.lodestone.crawler.CrawlProfile;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.ops.bench.sim.CrawlSimulation;
import io.lodestone.ops.bench.sim.SimulationConfig;
import io.lodestone.ops.bench.sim.SimulationReport;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lodestone bench crawl}: the crawl under internet conditions. Each part prints one section
 * (and one key of the JSON object): {@code phantom}, the phantom-swarm testnet run by
 * {@link PhantomCrawlBench}. Re-runs itself inside a private network namespace (root needed).
 */
@Command(name = "crawl", mixinStandardHelpOptions = true,
        description = {"Crawls a loopback testnet of libtorrent seeders (100 real torrents) flooded with phantom",
                "swarms: peers whose SYNs are dropped, who refuse, or stay silent. Prints how many real",
                "torrents are searchable over time, the peak of open connections and the most dials any",
                "phantom address got. Runs in a private network namespace: needs root, unshare, iptables,",
                "python3-libtorrent. Loopback only."})
public final class BenchCrawlCommand implements Callable<Integer> {

    static final int MAX_PHANTOMS = 50_000;

    @Option(names = "--phantoms", paramLabel = "N", defaultValue = "3000", description = "phantom swarms (default ${DEFAULT-VALUE})")
    int phantoms;

    @Option(names = "--profile", paramLabel = "home|server", defaultValue = "server", description = "crawl profile (default ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--duration", paramLabel = "S", description = "seconds to crawl (default 180 up to 3000 phantoms, else 600)")
    Integer durationSeconds;

    @Option(names = "--stop-when-done", description = "stop once every real torrent is searchable (after --min-seconds)")
    boolean stopWhenDone;

    @Option(names = "--min-seconds", paramLabel = "S", defaultValue = "60", description = "shortest run with --stop-when-done (default ${DEFAULT-VALUE})")
    int minSeconds;

    @Option(names = "--mix", paramLabel = "KIND=W,…", defaultValue = "drop=60,refuse=25,silent=15",
            description = "phantom kinds and weights: drop, refuse, silent, silent_bt, trickle, wrong (default ${DEFAULT-VALUE})")
    String mix;

    @Option(names = "--no-peer-hashes", paramLabel = "N", defaultValue = "0", description = "hashes nobody serves, asked for at the farm (default ${DEFAULT-VALUE})")
    int noPeerHashes;

    @Option(names = "--bad-nodes", paramLabel = "N", defaultValue = "0", description = "DHT nodes that never answer us, and as many that answer late (default ${DEFAULT-VALUE})")
    int badNodes;

    @Option(names = "--torrents", paramLabel = "N", defaultValue = "100", description = "real torrents (default ${DEFAULT-VALUE})")
    int torrents;

    @Option(names = "--testnet-nodes", paramLabel = "N", defaultValue = "50", description = "libtorrent nodes, 10 to 200: 10 of them seed (default ${DEFAULT-VALUE})")
    int testnetNodes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "makes the testnet and the phantoms repeatable (default ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--simulation", paramLabel = "full|ci|off", defaultValue = "full",
            description = "the simulated-DHT part: full (20,000 nodes, 6 simulated hours), ci (3,000 nodes) or off"
                    + " (default ${DEFAULT-VALUE})")
    String simulation;

    @Option(names = "--json", description = "one JSON object, a key per part")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (phantoms < 0 || phantoms > MAX_PHANTOMS || torrents < 1 || torrents > 1000 || testnetNodes < 10
                || testnetNodes > 200 || noPeerHashes < 0 || noPeerHashes > MAX_PHANTOMS || badNodes < 0
                || badNodes > 1000 || minSeconds < 0) {
            throw new BadInputException("--phantoms 0.." + MAX_PHANTOMS + ", --torrents 1..1000, --testnet-nodes 10..200,"
                    + " --no-peer-hashes 0.." + MAX_PHANTOMS + ", --bad-nodes 0..1000");
        }
        if (!mix.matches("[a-z_]+=\\d+(\\.\\d+)?(,[a-z_]+=\\d+(\\.\\d+)?)*")) {
            throw new BadInputException("--mix wants KIND=WEIGHT,…, not '" + mix + "'");
        }
        CrawlProfile p;
        try {
            p = CrawlProfile.parse(profile);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--profile must be home or server");
        }
        int seconds = durationSeconds != null ? durationSeconds : phantoms <= 3000 ? 180 : 600;
        if (seconds < 10 || seconds > 7200) {
            throw new BadInputException("--duration must be 10 to 7200 seconds");
        }
        if (!List.of("full", "ci", "off").contains(simulation)) {
            throw new BadInputException("--simulation must be full, ci or off");
        }
        if (!PrivateNetwork.inside()) {
            // the whole command line as given, "bench crawl" included
            return PrivateNetwork.rerunInside(new ArrayList<>(spec.root().commandLine().getParseResult().originalArgs()));
        }
        PrivateNetwork.setUp();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = json ? new PrintWriter(System.err, true) : out;
        PhantomCrawlBench.Report r = PhantomCrawlBench.run(new PhantomCrawlBench.Options(phantoms, p, mix, noPeerHashes,
                badNodes, torrents, testnetNodes, 8, Duration.ofSeconds(seconds), stopWhenDone,
                Duration.ofSeconds(minSeconds), seed), progress);
        if (!json) {
            out.print(phantomText(r));
            out.flush();
        }
        // the second part: the real farm, sweep and harvest in a simulated DHT on a virtual clock
        SimulationReport sim = simulation.equals("off") ? null
                : CrawlSimulation.run(simulation.equals("ci") ? SimulationConfig.ciSized() : SimulationConfig.defaults());
        if (json) {
            ObjectNode o = TorrentJson.MAPPER.createObjectNode();
            o.set("phantom", phantomJson(r));
            if (sim != null) {
                o.set("simulation", TorrentJson.MAPPER.readTree(sim.json()));
            }
            out.println(o);
        } else if (sim != null) {
            out.println("== simulated DHT ==");
            out.print(sim.text());
        }
        out.flush();
        return ExitCodes.OK;
    }

    static ObjectNode phantomJson(PhantomCrawlBench.Report r) {
        ObjectNode o = TorrentJson.MAPPER.createObjectNode();
        PhantomCrawlBench.Options opt = r.options();
        o.put("profile", opt.profile().key()).put("phantoms", opt.phantoms()).put("mix", opt.mix())
                .put("torrents", opt.torrents()).put("testnetNodes", opt.testnetNodes())
                .put("durationSeconds", opt.duration().toSeconds()).put("seconds", Math.round(r.seconds()));
        o.put("searchable", r.searchable());
        if (r.secondsTo95() != null) {
            o.put("secondsTo95", r.secondsTo95());
        } else {
            o.putNull("secondsTo95");
        }
        if (r.secondsToAll() != null) {
            o.put("secondsToAll", r.secondsToAll());
        } else {
            o.putNull("secondsToAll");
        }
        o.put("connectionCap", r.connectionCap()).put("peakConnections", r.peakConnections())
                .put("peakSocketsSampled", r.peakSockets()).put("socketSamples", r.socketSamples())
                .put("maxDialsPerPhantomAddress", r.maxDialsPerPhantomAddress());
        var curve = o.putArray("curve");
        r.curve().forEach(p -> curve.addObject().put("t", p.seconds()).put("searchable", p.searchable())
                .put("open", p.connectionsOpen()).put("resolved", p.resolved()).put("attempts", p.attempts())
                .put("harvested", p.harvested()));
        o.set("phantomsAnnounced", r.phantomsReady());
        o.set("phantomSide", r.phantomSide());
        o.set("crawl", TorrentJson.MAPPER.valueToTree(r.crawl()));
        return o;
    }

    static String phantomText(PhantomCrawlBench.Report r) {
        StringWriter s = new StringWriter();
        PrintWriter w = new PrintWriter(s);
        PhantomCrawlBench.Options o = r.options();
        w.printf(Locale.ROOT, "== phantom swarms: %d phantoms (%s), %d real torrents, %d libtorrent nodes, profile %s ==%n",
                o.phantoms(), o.mix(), o.torrents(), o.testnetNodes(), o.profile().key());
        w.printf(Locale.ROOT, "searchable        %d of %d after %.0f s%n", r.searchable(), o.torrents(), r.seconds());
        w.printf(Locale.ROOT, "95%% searchable at %s%n", r.secondsTo95() == null ? "never" : Math.round(r.secondsTo95()) + " s");
        w.printf(Locale.ROOT, "all searchable at %s%n", r.secondsToAll() == null ? "never" : Math.round(r.secondsToAll()) + " s");
        w.printf(Locale.ROOT, "connections       cap %d, peak %d (our count), peak %d (kernel, %d samples)%n",
                r.connectionCap(), r.peakConnections(), r.peakSockets(), r.socketSamples());
        w.printf(Locale.ROOT, "dials per phantom address: max %d; %s%n", r.maxDialsPerPhantomAddress(),
                r.phantomSide().path("dialsPerAddress"));
        w.printf(Locale.ROOT, "phantom side      %d dials to %d addresses (%d SYNs), %d accepts%n",
                r.phantomSide().path("dials").asLong(), r.phantomSide().path("addressesDialled").asLong(),
                r.phantomSide().path("syns").asLong(), r.phantomSide().path("accepts").asLong());
        w.printf(Locale.ROOT, "announced         %s%n", r.phantomsReady());
        w.printf(Locale.ROOT, "crawl             %s%n", TorrentJson.MAPPER.valueToTree(r.crawl()));
        w.println("curve (s: searchable, open connections)");
        StringBuilder line = new StringBuilder();
        for (PhantomCrawlBench.Point p : r.curve()) {
            line.append(String.format(Locale.ROOT, "%4d: %3d %4d   ", p.seconds(), p.searchable(), p.connectionsOpen()));
            if (line.length() > 80) {
                w.println(line.toString().stripTrailing());
                line.setLength(0);
            }
        }
        if (!line.isEmpty()) {
            w.println(line.toString().stripTrailing());
        }
        w.flush();
        return s.toString();
    }
}
