package io.lodestone.ops.transfer;

import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.content.BlockList;
import io.lodestone.index.store.Imported;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.ExitCodes;
import io.lodestone.time.Clock;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lodestone import FILE.jsonl|--magnetico DB.sqlite3 [--data-dir DIR]}: torrents into the
 * index. Lines of an export go in as they were; magnetico rows have no info dict, so they go in
 * searchable but without metadata, and pending, for the crawl to fetch their info dicts.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Reads torrents into the index: the JSON lines of `export`, or a magnetico",
                "SQLite database (its torrents are searchable at once, marked without metadata,",
                "and the crawl fetches their info dicts). Hashes on the block list are left out,",
                "known ones kept as they are. The data directory must not be in use by a running",
                "serve. Exit 2 when a line or row was refused (the rest is imported)."})
public final class ImportCommand implements Callable<Integer> {
    static final int BATCH = 1_000;
    /** Refusals printed one by one; the rest are counted. */
    static final int MAX_REASONS_SHOWN = 20;
    /** Longest wait for the search index to take in what was imported. */
    static final Duration SEARCHABLE_TIMEOUT = Duration.ofHours(6);

    static final class Source {
        @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "JSON lines written by export")
        Path jsonl;

        @Option(names = "--magnetico", paramLabel = "DB.sqlite3", description = "a magnetico database")
        Path magnetico;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "the service's data directory (default ./${DEFAULT-VALUE})")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final List<Imported> batch = new ArrayList<>(BATCH);
    private long read;
    private long added;
    private long refused;
    private long blocked;
    private IndexService index;
    private BlockList blocks;

    @Override
    public Integer call() throws Exception {
        Path in = source.magnetico != null ? source.magnetico : source.jsonl;
        if (!Files.isRegularFile(in)) {
            throw new BadInputException("no file " + in);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
        try (IndexService opened = IndexService.open(dataDir, IndexConfig.defaults())) {
            index = opened;
            blocks = new BlockList(dataDir, Clock.system());
            if (source.magnetico != null) {
                fromMagnetico(in, out, terminal);
            } else {
                fromLines(in, out, terminal);
            }
            flush();
            out.printf(Locale.ROOT, "imported %d new torrents of %d read (%d refused, %d blocked); waiting for the"
                    + " search index%n", added, read, refused, blocked);
            out.flush();
            if (!index.awaitSearchable(SEARCHABLE_TIMEOUT)) {
                throw new java.io.IOException("the search index did not catch up within "
                        + SEARCHABLE_TIMEOUT.toHours() + " h");
            }
            out.printf(Locale.ROOT, "searchable: %d torrents in %s%n", index.torrentCount(), dataDir);
        }
        return refused > 0 ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }

    private void fromLines(Path in, PrintWriter out, boolean terminal) throws Exception {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        long size = Files.size(in);
        Instant now = Instant.now();
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(in), decoder),
                1 << 16);
             TransferProgress progress = new TransferProgress("import", "lines", 0, out, terminal)) {
            String line;
            long lineNo = 0;
            while ((line = readLine(r, lineNo + 1)) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                read++;
                try {
                    offer(TorrentLines.parse(line, now));
                } catch (IllegalArgumentException e) {
                    refuse("line " + lineNo + ": " + e.getMessage());
                }
                progress.stepTo(read, added + " new, " + refused + " refused, " + size + " bytes in all");
            }
        }
    }

    private static String readLine(BufferedReader r, long lineNo) throws java.io.IOException {
        try {
            return r.readLine();
        } catch (CharacterCodingException e) {
            throw new BadInputException("line " + lineNo + " is not UTF-8");
        }
    }

    private void fromMagnetico(Path in, PrintWriter out, boolean terminal) throws Exception {
        Instant now = Instant.now();
        try (MagneticoReader db = MagneticoReader.open(in);
             TransferProgress progress = new TransferProgress("import", "torrents", MagneticoReader.count(in), out,
                     terminal)) {
            MagneticoReader.Row row;
            while ((row = db.next()) != null) {
                read++;
                if (row.refused() != null) {
                    refuse("torrent id " + row.id() + ": " + row.refused());
                } else {
                    try {
                        offer(TorrentLines.bare(row.hash(), row.name(), row.totalSize(), row.files(),
                                row.discoveredOn(), 1, 0, row.swarm(), now));
                    } catch (IllegalArgumentException e) {
                        refuse("torrent id " + row.id() + ": " + e.getMessage());
                    }
                }
                progress.stepTo(read, added + " new, " + refused + " refused");
            }
        } catch (SQLException e) {
            throw new BadInputException("cannot read " + in + " as a magnetico database: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private void offer(Imported i) throws java.io.IOException {
        String name = i.full() != null ? i.full().torrent().name() : i.bare().torrent().name();
        if (blocks.blocksHash(io.lodestone.index.store.RecordCodec.hashOf(i.key())) || blocks.blocksName(name)) {
            blocked++;
            return;
        }
        batch.add(i);
        if (batch.size() >= BATCH) {
            flush();
        }
    }

    private void flush() throws java.io.IOException {
        if (!batch.isEmpty()) {
            added += index.importBatch(List.copyOf(batch));
            batch.clear();
        }
    }

    private void refuse(String reason) {
        refused++;
        if (refused <= MAX_REASONS_SHOWN) {
            spec.commandLine().getErr().println("refused " + reason);
        } else if (refused == MAX_REASONS_SHOWN + 1) {
            spec.commandLine().getErr().println("(further refusals are counted, not shown)");
        }
    }
}
