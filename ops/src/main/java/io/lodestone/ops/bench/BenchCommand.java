package io.lodestone.ops.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lodestone bench …}: side-by-side benchmarks against real peers on loopback. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks against real peers on loopback, side by side, in one run.",
        subcommands = {BenchDhtCommand.class, BenchResolveCommand.class, BenchIndexCommand.class,
                BenchDownloadCommand.class, BenchCrawlCommand.class, BenchHttpCommand.class, BenchUtpCommand.class,
                BenchFleetCommand.class, BenchTrainCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing benchmark: dht, resolve, index, download or crawl");
    }
}
