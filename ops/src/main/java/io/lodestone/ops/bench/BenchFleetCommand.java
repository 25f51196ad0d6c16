package io.lodestone.ops.bench;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.bench.SyntheticCorpus;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.ExitCodes;
import io.lodestone.ops.cli.dht.DhtOptions;
import io.lodestone.ops.fleet.CatalogBench;
import io.lodestone.ops.fleet.FleetConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lodestone bench fleet}: one synthetic corpus ingested straight into an index (as
 * {@code bench index} does) and, in the same run, published to a Kafka catalog topic and caught up
 * by a fresh replica; both until every torrent is searchable, and the ratio of their rates.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Ingests one synthetic corpus into Lodestone's index directly, then publishes it to a",
                "new catalog topic on the given Kafka and times a fresh replica catching up on it",
                "(stored and searchable), and reports both rates and their ratio."})
public final class BenchFleetCommand implements Callable<Integer> {
    static final long MAX_TORRENTS = 20_000_000;
    private static final Duration TIMEOUT = Duration.ofHours(4);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--kafka", paramLabel = "H:P,…", split = ",", required = true,
            description = "Kafka brokers; the run makes its own topics there")
    List<String> kafka;

    @Option(names = "--torrents", paramLabel = "N", defaultValue = "1000000", description = "torrents in the corpus (default ${DEFAULT-VALUE})")
    long torrents;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000", description = "torrents per direct write transaction (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "corpus seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "1",
            description = "copies of the bench topics (default ${DEFAULT-VALUE}: one broker)")
    int replication;

    @Option(names = "--dir", paramLabel = "DIR", description = "work directory (default: a new temporary one)")
    Path dir;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (torrents < 1 || torrents > MAX_TORRENTS || batch < 1 || batch > 100_000) {
            throw new BadInputException("--torrents 1.." + MAX_TORRENTS + ", --batch 1..100000");
        }
        FleetConfig fleet;
        try {
            fleet = new FleetConfig(FleetConfig.Role.INDEX, DhtOptions.bootstrap(kafka), replication,
                    Math.min(2, replication), "bench-" + System.currentTimeMillis() + ".", 12, 6, 0);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path work = dir == null ? Files.createTempDirectory("lodestone-bench-fleet-") : Files.createDirectories(dir);
        try {
            Path corpusFile = work.resolve("corpus.bin");
            err.printf(Locale.ROOT, "writing a corpus of %d torrents to %s%n", torrents, work);
            err.flush();
            IndexBenchCorpus.write(new SyntheticCorpus(seed, SyntheticCorpus.DEFAULT_MAX_PIECES), torrents, corpusFile,
                    work.resolve("corpus.jsonl"));

            err.println("direct ingest (bench index's path)");
            err.flush();
            double direct = directIngest(work.resolve("direct"), corpusFile);

            try (CatalogBench bench = new CatalogBench(fleet)) {
                err.println("publishing to " + fleet.catalogTopic());
                err.flush();
                long t0 = System.nanoTime();
                long published;
                try (IndexBenchCorpus.Reader r = new IndexBenchCorpus.Reader(corpusFile)) {
                    published = bench.publish(() -> r.next(batch));
                }
                double publishSeconds = (System.nanoTime() - t0) / 1e9;
                err.println("a new replica catches up");
                err.flush();
                double replica = bench.catchUp(work.resolve("replica"), published, TIMEOUT);
                ObjectNode o = JSON.createObjectNode();
                o.put("torrents", torrents);
                o.put("batch", batch);
                o.put("seed", seed);
                o.put("directSeconds", BenchIndexCommand.round(direct));
                o.put("directTorrentsPerSecond", BenchIndexCommand.round(torrents / direct));
                o.put("publishSeconds", BenchIndexCommand.round(publishSeconds));
                o.put("replicaSeconds", BenchIndexCommand.round(replica));
                o.put("replicaTorrentsPerSecond", BenchIndexCommand.round(torrents / replica));
                o.put("replicaOverDirect", BenchIndexCommand.round(direct / replica));
                o.put("catalogTopic", fleet.catalogTopic());
                out.println(json ? JSON.writeValueAsString(o) : String.format(Locale.ROOT,
                        "%d torrents: direct ingest %.1f s (%.0f/s); replica catch-up from Kafka %.1f s (%.0f/s); "
                                + "replica/direct rate %.3f (publishing took %.1f s)", torrents, direct, torrents / direct,
                        replica, torrents / replica, direct / replica, publishSeconds));
            }
        } finally {
            if (dir == null) {
                BenchDownloadCommand.deleteTree(work); // tens of GB for a million torrents: never left behind
            }
        }
        return ExitCodes.OK;
    }

    /** bench index's ingest: batches into a fresh index until all is searchable; seconds. */
    private double directIngest(Path data, Path corpusFile) throws IOException, InterruptedException {
        long start = System.nanoTime();
        try (IndexService index = IndexService.open(data, IndexConfig.defaults());
             IndexBenchCorpus.Reader reader = new IndexBenchCorpus.Reader(corpusFile)) {
            for (List<ResolvedTorrent> b = reader.next(batch); !b.isEmpty(); b = reader.next(batch)) {
                index.write(new CrawlBatch(List.of(), List.of(), b, List.of()));
            }
            if (!index.awaitSearchable(TIMEOUT) || index.searchableDocuments() != torrents) {
                throw new IOException("direct ingest: searchable " + index.searchableDocuments() + " of " + torrents);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
