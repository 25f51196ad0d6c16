package io.lodestone.ops.cli.dht;

import io.lodestone.dht.lookup.Announce;
import io.lodestone.dht.lookup.GetPeersLookup;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.ExitCodes;
import io.lodestone.types.InfoHash;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code lodestone dht lookup INFOHASH}: a full get_peers lookup, optionally announcing. */
@Command(name = "lookup", mixinStandardHelpOptions = true,
        description = {"Bootstraps a node, looks the info-hash up on the DHT and prints the peers found.",
                "Exit 0 with peers (or an accepted announce), 3 when none were found in time."})
public final class DhtLookupCommand implements Callable<Integer> {

    @Parameters(paramLabel = "INFOHASH", description = "40 or 64 hex digits, 32 base32 characters, or a magnet")
    String infoHash;

    @Option(names = "--bootstrap", paramLabel = "H:P,…", split = ",", description = "nodes to start from (default: the public routers)")
    List<String> bootstrap;

    @Option(names = "--announce", paramLabel = "PORT", description = "also announce this port for the info-hash")
    Integer announcePort;

    @Option(names = "--scrape", description = "BEP 33: ask for the swarm-size bloom filters and print the"
            + " estimated seeders and peers")
    boolean scrape;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "30", description = "seconds in all (default ${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Option(names = "--allow-private", description = "accept loopback and private addresses (a loopback testnet)")
    boolean allowPrivate;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InfoHash key = MagnetUri.parseAny(infoHash).dhtInfoHash();
        if (scrape && announcePort != null) {
            throw new BadInputException("--scrape and --announce do not go together");
        }
        if (announcePort != null && (announcePort < 1 || announcePort > 65535)) {
            throw new BadInputException("--announce must be a port 1..65535");
        }
        if (timeoutSeconds <= 0 || timeoutSeconds > 3600) {
            throw new BadInputException("--timeout must be between 0 and 3600 seconds");
        }
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        ObjectNode o = TorrentJson.MAPPER.createObjectNode();
        o.put("infoHash", key.hex());
        boolean found;
        try (ProbeNode probe = ProbeNode.start(DhtOptions.bootstrap(bootstrap), allowPrivate, announcePort == null,
                Duration.ofSeconds(2))) {
            long start = System.nanoTime();
            // a small DHT may leave fewer than a bucket's worth of nodes: the lookup starts from what there is
            probe.node().awaitJoined(1, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            long left = Math.max(1, deadline - System.nanoTime());
            try {
                GetPeersLookup.Result lookup;
                if (announcePort != null) {
                    Announce.Result a = probe.node().<Announce.Result>lookup((n, ctx) ->
                            new Announce(ctx, key, announcePort, false, false).start()).get(left, TimeUnit.NANOSECONDS);
                    lookup = a.lookup();
                    o.put("announcedTo", a.acceptedBy().size());
                    found = !a.acceptedBy().isEmpty() || !lookup.peers().isEmpty();
                } else if (scrape) {
                    io.lodestone.dht.lookup.SwarmScrape[] est = new io.lodestone.dht.lookup.SwarmScrape[1];
                    lookup = probe.node().<GetPeersLookup.Result>lookup((n, ctx) -> {
                        GetPeersLookup l = GetPeersLookup.scrape(ctx, key);
                        return l.start().thenApply(r -> {
                            est[0] = l.scrapeOf(r);
                            return r;
                        });
                    }).get(left, TimeUnit.NANOSECONDS);
                    o.put("seeders", est[0].seeds()).put("peersEstimate", est[0].peers())
                            .put("scrapedFrom", est[0].filtered()).put("legacyResponders", est[0].legacy());
                    found = est[0].informed();
                } else {
                    lookup = probe.node().<GetPeersLookup.Result>lookup((n, ctx) ->
                            new GetPeersLookup(ctx, key).start()).get(left, TimeUnit.NANOSECONDS);
                    found = !lookup.peers().isEmpty();
                }
                DhtNodesJson.peers(o, "peers", lookup.peers());
                o.put("queries", lookup.stats().queries());
                o.put("responses", lookup.stats().responses());
                o.put("outcome", lookup.stats().outcome().name().toLowerCase(java.util.Locale.ROOT));
            } catch (TimeoutException e) {
                o.putArray("peers");
                o.put("outcome", "timeout");
                found = false;
            }
            o.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? TorrentJson.MAPPER.writeValueAsString(o) : DhtText.of(o));
        return found ? ExitCodes.OK : ExitCodes.NOT_FOUND_IN_TIME;
    }
}
