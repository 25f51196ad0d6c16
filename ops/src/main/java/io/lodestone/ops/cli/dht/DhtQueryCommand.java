package io.lodestone.ops.cli.dht;

import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.node.DhtNode;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.ops.cli.ExitCodes;
import io.lodestone.types.HostPort;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * One KRPC query to each given node, answers printed one per line. Exit 0 when every node
 * answered, 3 when one did not answer in time.
 */
abstract class DhtQueryCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(paramLabel = "H:P", arity = "1..*", description = "nodes to ask")
    List<String> targets;

    @Option(names = "--json", description = "one JSON object per node")
    boolean json;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "5", description = "seconds to wait per query (default ${DEFAULT-VALUE})")
    double timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The query to send, built by the node (which fills in its id). */
    abstract KnownQuery query(DhtNode node);

    /** Adds the answer's fields to the output object. */
    abstract void describe(KrpcResponse response, ObjectNode out);

    @Override
    public Integer call() throws Exception {
        List<HostPort> nodes = DhtOptions.targets(targets);
        validate();
        if (timeoutSeconds <= 0 || timeoutSeconds > 600) {
            throw new io.lodestone.ops.cli.BadInputException("--timeout must be between 0 and 600 seconds");
        }
        Duration timeout = Duration.ofMillis((long) (timeoutSeconds * 1000));
        PrintWriter out = spec.commandLine().getOut();
        int code = ExitCodes.OK;
        // single queries go to addresses the user typed, so private ones are allowed
        try (ProbeNode probe = ProbeNode.start(List.of(), true, true, timeout)) {
            for (HostPort hp : nodes) {
                InetSocketAddress to = hp.toSocketAddress();
                if (to.isUnresolved()) {
                    to = new InetSocketAddress(hp.host(), hp.port()); // a name the user gave: resolve it
                }
                InetSocketAddress target = to;
                ObjectNode o = TorrentJson.MAPPER.createObjectNode();
                o.put("address", hp.toString());
                long start = System.nanoTime();
                try {
                    KrpcResponse r = probe.node().callAsync(n -> n.query(target, query(n)))
                            .get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
                    o.put("id", r.id().hex());
                    o.put("rttMs", Math.round((System.nanoTime() - start) / 10_000.0) / 100.0);
                    describe(r, o);
                } catch (ExecutionException e) {
                    o.put("error", e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                    code = ExitCodes.NOT_FOUND_IN_TIME;
                } catch (java.util.concurrent.TimeoutException e) {
                    o.put("error", "no answer within " + timeout.toSeconds() + " s");
                    code = ExitCodes.NOT_FOUND_IN_TIME;
                }
                out.println(json ? TorrentJson.MAPPER.writeValueAsString(o) : DhtText.of(o));
                out.flush();
            }
        }
        return code;
    }

    /** Checks command-specific options before any packet is sent. */
    void validate() {
    }
}
