package io.lodestone.ops.cli.dht;

import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmConfig;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.ExitCodes;
import io.lodestone.ops.cli.Signals;
import io.lodestone.types.HostPort;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lodestone dht run}: the node farm alone, in the foreground, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a farm of DHT nodes in the foreground until SIGTERM or Ctrl-C.",
                "Prints one line per node at start: its id and address:port."})
public final class DhtRunCommand implements Callable<Integer> {

    @Option(names = "--bind", paramLabel = "ADDR[,ADDR…]", defaultValue = "0.0.0.0",
            description = "IP address to bind; one per node puts each node on its own address (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--bind6", paramLabel = "ADDR", description = "also an IPv6 socket per node on this address (BEP 32)")
    String bind6;

    @Option(names = "--port", paramLabel = "P", defaultValue = "6881",
            description = "UDP port of the first node; node i uses P+i on a shared address (0: any; default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1", description = "how many nodes (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--bootstrap", paramLabel = "H:P,…", split = ",",
            description = "nodes to start from (default: the public routers)")
    List<String> bootstrap;

    @Option(names = "--allow-private", description = "accept loopback and private addresses (a loopback testnet)")
    boolean allowPrivate;

    @Option(names = "--threads", paramLabel = "T", description = "event loop threads (default: one per core)")
    Integer threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        FarmConfig config;
        try {
            config = FarmConfig.defaults()
                    .withNodes(nodes)
                    .withBind(addresses(bind), port)
                    .withBind6(bind6 == null ? null : literal(bind6))
                    .withBootstrap(DhtOptions.bootstrap(bootstrap))
                    .withNode(DhtConfig.defaults().toBuilder().allowPrivate(allowPrivate).build());
            if (threads != null) {
                config = config.withThreads(threads);
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (DhtFarm farm = DhtFarm.start(config, DhtListener.NONE)) {
            for (FarmNode n : farm.nodes()) {
                out.println(n.id().hex() + " " + HostPort.of(n.address()));
            }
            out.flush();
            Signals.awaitTermination();
        }
        return ExitCodes.OK;
    }

    static List<InetAddress> addresses(String list) {
        List<InetAddress> out = new ArrayList<>();
        for (String s : list.split(",")) {
            out.add(literal(s.trim()));
        }
        return out;
    }

    /** IP literals only: binding never waits on DNS. */
    public static InetAddress literal(String s) {
        HostPort hp;
        try {
            hp = HostPort.parse(s.contains(":") && !s.startsWith("[") ? "[" + s + "]:1" : s + ":1");
        } catch (IllegalArgumentException e) {
            throw new BadInputException("not an IP address: '" + s + "'");
        }
        if (!hp.isLiteral()) {
            throw new BadInputException("not an IP address: '" + s + "'");
        }
        try {
            return InetAddress.getByName(hp.host());
        } catch (UnknownHostException e) {
            throw new BadInputException("not an IP address: '" + s + "'");
        }
    }
}
