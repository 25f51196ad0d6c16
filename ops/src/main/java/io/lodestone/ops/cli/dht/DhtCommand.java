package io.lodestone.ops.cli.dht;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lodestone dht …}: the node farm, single KRPC queries and lookups. */
@Command(name = "dht",
        mixinStandardHelpOptions = true,
        description = "Run DHT nodes, send single KRPC queries, look info-hashes up.",
        subcommands = {DhtRunCommand.class, DhtPingCommand.class, DhtFindNodeCommand.class,
                DhtGetPeersCommand.class, DhtSampleCommand.class, DhtLookupCommand.class})
public final class DhtCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: run, ping, find-node, get-peers, sample or lookup");
    }
}
