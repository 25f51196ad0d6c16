package io.lodestone.ops.bench;

import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.bench.SyntheticCorpus;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lodestone bench index}: one synthetic corpus and one fixed query set, through Lodestone's
 * index (LMDB + Lucene) and through SQLite FTS5 in magnetico's schema, in the same run.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Ingests one deterministic synthetic corpus of torrents into Lodestone's",
                "index and into SQLite FTS5 (magnetico's schema, Debian's sqlite via python3),",
                "runs one fixed query set on both, and reports ingest rates, search latency",
                "percentiles, disk sizes and the ratios."})
public final class BenchIndexCommand implements Callable<Integer> {
    static final long MAX_TORRENTS = 20_000_000;
    static final int MAX_QUERIES = 100_000;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofHours(4);
    private static final long SQLITE_TIMEOUT_SECONDS = 4 * 3600;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--torrents", paramLabel = "N", defaultValue = "1000000", description = "torrents in the corpus (default ${DEFAULT-VALUE})")
    long torrents;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "1000", description = "queries in the fixed set (default ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000", description = "torrents per write transaction, both engines (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "corpus and query seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--max-pieces", paramLabel = "N", defaultValue = "" + SyntheticCorpus.DEFAULT_MAX_PIECES,
            description = "cap on pieces per torrent, 0 for libtorrent's own piece length (default ${DEFAULT-VALUE})")
    int maxPieces;

    @Option(names = "--dir", paramLabel = "DIR", description = "work directory (default: a new temporary one)")
    Path dir;

    @Option(names = "--keep", description = "keep the work directory (corpus, both databases) afterwards")
    boolean keep;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (torrents < 1 || torrents > MAX_TORRENTS || queries < 1 || queries > MAX_QUERIES || batch < 1
                || batch > 100_000 || maxPieces < 0) {
            throw new BadInputException("--torrents 1.." + MAX_TORRENTS + ", --queries 1.." + MAX_QUERIES
                    + ", --batch 1..100000, --max-pieces 0 or more");
        }
        String python = SqliteFts5Bench.findPython();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path work = workDirectory();
        try {
            SyntheticCorpus corpus = new SyntheticCorpus(seed, maxPieces);
            err.printf(Locale.ROOT, "writing a corpus of %d torrents to %s%n", torrents, work);
            err.flush();
            IndexBenchCorpus.Written written = IndexBenchCorpus.write(corpus, torrents, work.resolve("corpus.bin"),
                    work.resolve("corpus.jsonl"));
            List<SyntheticCorpus.Query> querySet = corpus.queries(queries);
            IndexBenchCorpus.writeQueries(querySet, work.resolve("queries.jsonl"));

            err.println("lodestone: ingest and search");
            err.flush();
            EngineFigures ls = runLodestone(work, querySet);
            err.println("sqlite fts5: ingest and search");
            err.flush();
            SqliteFts5Bench.Result sq = SqliteFts5Bench.run(python, work, work.resolve("corpus.jsonl"),
                    work.resolve("queries.jsonl"), batch, SearchQuery.DEFAULT_LIMIT, SQLITE_TIMEOUT_SECONDS);
            EngineFigures sqlite = EngineFigures.of(sq.ingestSeconds(), sq.ingestSeconds(), sq.ingestCpuSeconds(),
                    sq.latenciesMicros(), sq.totals(), sq.diskBytes());
            long filtered = querySet.stream().filter(SyntheticCorpus.Query::filtered).count();
            ObjectNode o = report(written, filtered, ls, sqlite, sq.sqliteVersion());
            out.println(json ? JSON.writeValueAsString(o) : BenchIndexText.of(o));
        } finally {
            if (!keep) {
                deleteTree(work);
            }
        }
        return ExitCodes.OK;
    }

    private Path workDirectory() throws IOException {
        if (dir == null) {
            return Files.createTempDirectory("lodestone-bench-index-");
        }
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new BadInputException("--dir must be empty or not exist: " + dir);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** Store in batches, wait until all is searchable, then the query set twice (warm-up, measured). */
    private EngineFigures runLodestone(Path work, List<SyntheticCorpus.Query> querySet) throws Exception {
        Path data = work.resolve("lodestone");
        long storeNanos = 0;
        long start;
        long cpuStart;
        long searchable;
        long cpuNanos;
        long[] micros = new long[querySet.size()];
        long[] totals = new long[querySet.size()];
        try (IndexService index = IndexService.open(data, IndexConfig.defaults());
             IndexBenchCorpus.Reader reader = new IndexBenchCorpus.Reader(work.resolve("corpus.bin"))) {
            start = System.nanoTime();
            cpuStart = processCpuNanos();
            for (List<ResolvedTorrent> b = reader.next(batch); !b.isEmpty(); b = reader.next(batch)) {
                long t0 = System.nanoTime();
                index.write(new io.lodestone.crawler.CrawlBatch(List.of(), List.of(), b, List.of()));
                storeNanos += System.nanoTime() - t0;
            }
            if (!index.awaitSearchable(CATCH_UP_TIMEOUT)) {
                throw new IOException("the search index did not catch up within " + CATCH_UP_TIMEOUT);
            }
            searchable = System.nanoTime();
            cpuNanos = processCpuNanos() - cpuStart;
            if (index.torrentCount() != torrents || index.searchableDocuments() != torrents) {
                throw new IOException("stored " + index.torrentCount() + " and indexed " + index.searchableDocuments()
                        + " of " + torrents + " torrents");
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < querySet.size(); i++) {
                    SyntheticCorpus.Query q = querySet.get(i);
                    SearchQuery sq = new SearchQuery(q.text(), q.minSize(), q.maxSize(), 0, Integer.MAX_VALUE,
                            SearchQuery.DEFAULT_LIMIT, 0);
                    long t0 = System.nanoTime();
                    totals[i] = index.search(sq).total();
                    micros[i] = (System.nanoTime() - t0) / 1_000;
                }
            }
        }
        return EngineFigures.of((searchable - start) / 1e9, storeNanos / 1e9, cpuNanos / 1e9, micros, totals,
                treeBytes(data));
    }

    /** CPU time of this whole process (every thread: the writer, the indexer, the collector). */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private ObjectNode report(IndexBenchCorpus.Written w, long filtered, EngineFigures ls, EngineFigures sq, String sqliteVersion) {
        double infoMb = w.infoBytes() / 1e6;
        ObjectNode o = JSON.createObjectNode();
        ObjectNode c = o.putObject("corpus");
        c.put("torrents", w.torrents());
        c.put("files", w.files());
        c.put("infoDictMegabytes", round(infoMb));
        c.put("queries", queries);
        c.put("filteredQueries", filtered);
        c.put("seed", seed);
        c.put("maxPieces", maxPieces);
        c.put("batch", batch);
        c.put("generationSeconds", round(w.seconds()));
        o.set("lodestone", ls.json(w.torrents(), infoMb));
        ObjectNode s = sq.json(w.torrents(), infoMb);
        s.put("sqliteVersion", sqliteVersion);
        o.set("sqlite", s);
        ObjectNode r = o.putObject("lodestoneOverSqlite");
        r.put("ingestRate", round(sq.ingestSeconds() / Math.max(1e-9, ls.ingestSeconds())));
        r.put("ingestCpu", round(ls.ingestCpuSeconds() / Math.max(1e-9, sq.ingestCpuSeconds())));
        r.put("p50Latency", round(ls.p50() / Math.max(1e-9, sq.p50())));
        r.put("p99Latency", round(ls.p99() / Math.max(1e-9, sq.p99())));
        r.put("diskBytes", round(ls.diskBytes() / (double) Math.max(1, sq.diskBytes())));
        return o;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static long treeBytes(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One engine's figures: ingest time, latencies of the measured query pass, totals, disk. */
    record EngineFigures(double ingestSeconds, double storeSeconds, double ingestCpuSeconds, Histogram latency,
                         long matchedQueries, double meanTotal, long diskBytes) {
        static EngineFigures of(double ingestSeconds, double storeSeconds, double cpuSeconds, long[] micros,
                                long[] totals, long disk) {
            Histogram h = new Histogram(3_600_000_000L, 3);
            for (long m : micros) {
                h.recordValue(Math.max(0, Math.min(m, h.getHighestTrackableValue())));
            }
            long matched = 0;
            double sum = 0;
            for (long t : totals) {
                matched += t > 0 ? 1 : 0;
                sum += t;
            }
            return new EngineFigures(ingestSeconds, storeSeconds, cpuSeconds, h, matched, totals.length == 0 ? 0 : sum / totals.length,
                    disk);
        }

        double p50() {
            return latency.getValueAtPercentile(50);
        }

        double p99() {
            return latency.getValueAtPercentile(99);
        }

        ObjectNode json(long torrents, double infoMb) {
            ObjectNode o = JSON.createObjectNode();
            o.put("ingestSeconds", round(ingestSeconds));
            o.put("storeSeconds", round(storeSeconds));
            o.put("ingestCpuSeconds", round(ingestCpuSeconds));
            o.put("torrentsPerSecond", round(torrents / Math.max(1e-9, ingestSeconds)));
            o.put("infoDictMegabytesPerSecond", round(infoMb / Math.max(1e-9, ingestSeconds)));
            o.put("p50Micros", latency.getValueAtPercentile(50));
            o.put("p90Micros", latency.getValueAtPercentile(90));
            o.put("p99Micros", latency.getValueAtPercentile(99));
            o.put("maxMicros", latency.getMaxValue());
            o.put("meanMicros", round(latency.getMean()));
            o.put("queriesWithMatches", matchedQueries);
            o.put("meanMatches", round(meanTotal));
            o.put("diskBytes", diskBytes);
            return o;
        }
    }
}
