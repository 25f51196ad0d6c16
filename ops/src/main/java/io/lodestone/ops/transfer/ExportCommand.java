package io.lodestone.ops.transfer;

import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.store.StoreChange;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.ExitCodes;
import io.lodestone.ops.cli.IndexCommand;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lodestone export FILE.jsonl [--data-dir DIR]}: the whole index as JSON lines. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes every indexed torrent as one JSON line, info dicts included (base64),",
                "swarm counts and history too; `import` reads it back into an identical index.",
                "The file appears whole at the end (written beside it, then renamed).",
                "The data directory must not be in use by a running serve."})
public final class ExportCommand implements Callable<Integer> {
    static final int PAGE = 1_000;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "where to write")
    Path file;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "the service's data directory (default ./${DEFAULT-VALUE})")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        IndexCommand.requireIndex(dataDir);
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadInputException("no directory to write " + file + " in");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path tmp = parent.resolve(file.getFileName() + ".part");
        long n = 0;
        long bare = 0;
        try (IndexService index = IndexService.open(dataDir, IndexConfig.defaults());
             BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
             TransferProgress progress = new TransferProgress("export", "torrents", index.torrentCount(), out,
                     System.console() != null)) {
            byte[] after = null;
            List<StoreChange> page;
            while (!(page = index.exportPage(after, PAGE)).isEmpty()) {
                for (StoreChange c : page) {
                    w.write(TorrentLines.line(c));
                    w.write('\n');
                    n++;
                    bare += c.hasMetadata() ? 0 : 1;
                }
                after = page.get(page.size() - 1).key();
                progress.stepTo(n, bare + " without metadata");
            }
        } catch (Exception e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.printf(Locale.ROOT, "exported %d torrents (%d without metadata) to %s%n", n, bare, file);
        return ExitCodes.OK;
    }
}
