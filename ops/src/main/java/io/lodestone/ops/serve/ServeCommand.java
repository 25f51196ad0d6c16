package io.lodestone.ops.serve;

import io.lodestone.index.access.ApiKeyStore;
import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.ExitCodes;
import io.lodestone.ops.cli.Signals;
import io.lodestone.ops.cli.dht.DhtOptions;
import io.lodestone.types.HostPort;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lodestone serve}: the farm, the crawler, the resolver, the index and HTTP, until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the whole service until SIGTERM or Ctrl-C: a DHT node farm harvests info-hashes, the",
                "crawler resolves them to metadata, the index stores and searches them, and HTTP serves the",
                "API and web pages. Options override the config file; --print-config shows every key."})
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (every key optional)")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the index lives (default ./data)")
    Path dataDir;

    @Option(names = "--http", paramLabel = "HOST:PORT", description = "HTTP address (default 127.0.0.1:8080)")
    String http;

    @Option(names = "--dht-bind", paramLabel = "ADDR", description = "IP address the DHT nodes bind (default 0.0.0.0)")
    String dhtBind;

    @Option(names = "--dht-port", paramLabel = "P", description = "UDP port of the first node; node i uses P+i")
    Integer dhtPort;

    @Option(names = "--nodes", paramLabel = "N", description = "DHT nodes in the farm (default 8)")
    Integer nodes;

    @Option(names = "--bootstrap", paramLabel = "H:P,…", split = ",", description = "nodes to join through (default: the public routers)")
    List<String> bootstrap;

    @Option(names = "--allow-private", description = "accept loopback and private addresses (a loopback testnet)")
    boolean allowPrivate;

    @Option(names = "--profile", paramLabel = "home|server",
            description = "crawl profile: home keeps connections low (default), server is the fast one")
    String profile;

    @Option(names = "--role", paramLabel = "crawl|index|all",
            description = "which part to run: crawl (farm, crawler, resolver), index (store, search, HTTP) or all (default)")
    String role;

    @Option(names = "--kafka", paramLabel = "H:P,…", split = ",",
            description = "Kafka brokers of the fleet; the roles then talk through Kafka only (default: none)")
    List<String> kafka;

    @Option(names = "--print-config", description = "print the default config file, with comments, and exit")
    boolean printConfig;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (printConfig) {
            out.print(ServeConfigLoader.defaultText());
            out.flush();
            return ExitCodes.OK;
        }
        ServeConfig config = effectiveConfig();
        refuseOpenPublicBind(config);
        try (ServeRuntime runtime = ServeRuntime.start(config)) {
            out.println("lodestone: " + runtime.farm().nodes().size() + " DHT nodes, data in "
                    + config.dataDir().toAbsolutePath().normalize() + ", HTTP on http://"
                    + hostPort(config.http().host(), runtime.httpPort()));
            out.flush();
            Signals.awaitTermination();
        }
        return ExitCodes.OK;
    }

    /** A bind others can reach, with no key to guard the write routes, is refused before anything starts. */
    static void refuseOpenPublicBind(ServeConfig config) throws java.io.IOException {
        if (ServeRuntime.httpConfig(config).isLoopbackBind()) {
            return;
        }
        if (new ApiKeyStore(config.dataDir()).isEmpty()) {
            throw new BadInputException("refusing to serve HTTP on " + hostPort(config.http().host(), config.http().port())
                    + " with no API key: create one first (lodestone apikey create NAME --scope admin --data-dir "
                    + config.dataDir() + ")");
        }
    }

    private ServeConfig fleetOptions(ServeConfig c) {
        if (role == null && (kafka == null || kafka.isEmpty())) {
            return c;
        }
        io.lodestone.ops.fleet.FleetConfig f = c.fleet();
        try {
            if (kafka != null && !kafka.isEmpty()) {
                f = f.withBootstrap(DhtOptions.bootstrap(kafka));
            }
            if (role != null) {
                f = f.withRole(io.lodestone.ops.fleet.FleetConfig.Role.parse(role));
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(role != null && !role.matches("(?i)\\s*(crawl|index|all)\\s*")
                    ? "--role must be crawl, index or all, not '" + role + "'" : e.getMessage());
        }
        return c.withFleet(f);
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    ServeConfig effectiveConfig() throws java.io.IOException {
        ServeConfig c = configFile == null ? ServeConfig.defaults() : ServeConfigLoader.load(configFile);
        if (dataDir != null) {
            c = c.withDataDir(dataDir);
        }
        if (http != null) {
            HostPort hp = DhtOptions.hostPort(http);
            if (!hp.isLiteral()) {
                throw new BadInputException("--http wants an IP address and port, not '" + http + "'");
            }
            c = c.withHttp(c.http().withAddress(hp.host(), hp.port()));
        }
        if (profile != null) {
            try {
                c = c.withCrawler(c.crawler().withProfile(io.lodestone.crawler.CrawlProfile.parse(profile)));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--profile must be home or server, not '" + profile + "'");
            }
        }
        c = fleetOptions(c);
        ServeConfig.Dht d = c.dht();
        if (dhtPort != null && (dhtPort < 0 || dhtPort > 65535)) {
            throw new BadInputException("--dht-port must be 0 to 65535");
        }
        if (nodes != null && (nodes < 1 || nodes > 256)) {
            throw new BadInputException("--nodes must be 1 to 256");
        }
        if (dhtBind != null) {
            io.lodestone.ops.cli.dht.DhtRunCommand.literal(dhtBind);
        }
        return c.withDht(new ServeConfig.Dht(
                dhtBind != null ? dhtBind : d.bind(),
                dhtPort != null ? dhtPort : d.port(),
                nodes != null ? nodes : d.nodes(),
                bootstrap != null && !bootstrap.isEmpty() ? DhtOptions.bootstrap(bootstrap) : d.bootstrap(),
                allowPrivate || d.allowPrivate()));
    }
}
