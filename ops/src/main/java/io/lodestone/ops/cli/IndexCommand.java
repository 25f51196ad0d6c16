package io.lodestone.ops.cli;

import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lodestone index …}: maintenance of the torrent index. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Maintenance of the torrent index.",
        subcommands = {IndexCommand.Rebuild.class})
public final class IndexCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: rebuild");
    }

    /** Bad input unless {@code dataDir} holds an index. */
    public static void requireIndex(Path dataDir) {
        if (!Files.isDirectory(dataDir.resolve(IndexService.STORE_DIR))) {
            throw new BadInputException("no index in " + dataDir + " (no " + IndexService.STORE_DIR + " directory)");
        }
    }

    /** {@code lodestone index rebuild [--data-dir DIR]}. */
    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = {"Throws the search index away and builds it again from the LMDB store.",
                    "Run it while the service is stopped: an index in use is left alone."})
    static final class Rebuild implements Callable<Integer> {
        /** Longest a rebuild may take before it is reported as failed. */
        private static final Duration TIMEOUT = Duration.ofHours(24);

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
                description = "the service's data directory (default ./${DEFAULT-VALUE})")
        Path dataDir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            requireIndex(dataDir);
            long start = System.nanoTime();
            long docs = IndexService.rebuildSearchIndex(dataDir, IndexConfig.defaults(), TIMEOUT);
            spec.commandLine().getOut().printf(Locale.ROOT, "rebuilt the search index of %s: %d torrents in %.1f s%n",
                    dataDir, docs, (System.nanoTime() - start) / 1e9);
            return ExitCodes.OK;
        }
    }
}
