package io.lodestone.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lodestone torrent …}: look inside torrents and magnets, make torrents. */
@Command(name = "torrent",
        mixinStandardHelpOptions = true,
        description = "Inspect and create .torrent files.",
        subcommands = {TorrentInspectCommand.class, TorrentCreateCommand.class})
public final class TorrentCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: inspect or create");
    }
}
