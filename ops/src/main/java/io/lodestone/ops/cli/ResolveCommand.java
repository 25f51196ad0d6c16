package io.lodestone.ops.cli;

import io.lodestone.index.json.TorrentJson;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.ops.cli.dht.DhtOptions;
import io.lodestone.ops.cli.dht.ProbeNode;
import io.lodestone.resolve.FetchConfig;
import io.lodestone.wire.mse.EncryptionPolicy;
import io.lodestone.resolve.MetadataFetcher;
import io.lodestone.resolve.PeerTransport;
import io.lodestone.wire.utp.UtpSocketManager;
import io.lodestone.resolve.ResolveConfig;
import io.lodestone.resolve.ResolveResult;
import io.lodestone.resolve.ResolveService;
import io.lodestone.resolve.ResolverAssembly;
import io.lodestone.tracker.TrackerClient;
import io.lodestone.tracker.TrackerConfig;
import io.lodestone.types.HostPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lodestone resolve URI}: fetches a torrent's metadata from peers found on the DHT, trackers and the magnet. */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {"Finds peers for a magnet (DHT, its trackers, its x.pe and --peer) and fetches the torrent's",
                "metadata from them, verified against the info-hash.",
                "Exit 0 with the metadata, 2 on bad input, 3 when it was not found in time."})
public final class ResolveCommand implements Callable<Integer> {

    /** Longest --timeout accepted; a resolve that takes longer is not going to succeed. */
    static final double MAX_TIMEOUT_SECONDS = 3600;
    /** Per-query timeout of the probe node; short, since a lookup has other nodes to ask. */
    static final Duration DHT_QUERY_TIMEOUT = Duration.ofSeconds(2);
    /** Past the resolve deadline, this much is left for the service's own deadline to fire first. */
    static final long RESULT_GRACE_SECONDS = 5;

    @Parameters(paramLabel = "URI", description = "a magnet, a 40-hex or 32-base32 info-hash, or a btmh magnet")
    String uri;

    @Option(names = "--bootstrap", paramLabel = "H:P,…", split = ",", description = "DHT nodes to start from (default: the public routers)")
    List<String> bootstrap;

    @Option(names = "--peer", paramLabel = "H:P", description = "a peer to ask as well (repeatable)")
    List<String> peers;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "60", description = "seconds in all (default ${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Option(names = "--torrent-out", paramLabel = "FILE", description = "also write a .torrent with the fetched info dict")
    Path torrentOut;

    @Option(names = "--json", description = "print the torrent object of the JSON contract")
    boolean json;

    @Option(names = "--encryption", paramLabel = "MODE", defaultValue = "prefer", description = "MSE/PE: prefer (plaintext, then encrypted when refused), require (RC4 only) or disable (default ${DEFAULT-VALUE})")
    String encryption;

    @Option(names = "--transport", paramLabel = "MODE", defaultValue = "tcp-only", description = "tcp-only, utp-only or prefer-utp (uTP first, TCP racing it after 500 ms) (default ${DEFAULT-VALUE})")
    String transport;

    @Option(names = "--allow-private", description = "accept loopback and private addresses (a loopback testnet)")
    boolean allowPrivate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MagnetUri magnet = MagnetUri.parseAny(uri);
        if (!(timeoutSeconds > 0 && timeoutSeconds <= MAX_TIMEOUT_SECONDS)) {
            throw new BadInputException("--timeout must be between 0 and " + (int) MAX_TIMEOUT_SECONDS + " seconds");
        }
        EncryptionPolicy policy = EncryptionOption.parse(encryption);
        PeerTransport.Mode mode = TransportOption.parse(transport);
        List<InetSocketAddress> extra = DhtOptions.peerAddresses(peers);
        List<HostPort> routers = DhtOptions.bootstrap(bootstrap);
        Duration timeout = Duration.ofMillis((long) (timeoutSeconds * 1000));
        ResolveResult result;
        try (UtpSocketManager utp = TransportOption.open(mode, 0);
             ProbeNode probe = ProbeNode.start(routers, allowPrivate, true, DHT_QUERY_TIMEOUT);
             TrackerClient trackers = new TrackerClient(TrackerConfig.defaults().withAllowPrivate(allowPrivate))) {
            ResolveService service = ResolverAssembly.create()
                    .config(ResolveConfig.defaults().withAllowPrivatePeers(allowPrivate))
                    .fetcher(new MetadataFetcher(FetchConfig.defaults().withEncryption(policy),
                            PeerTransport.of(mode, utp)))
                    .namedPeers(extra).trackers(trackers).dht(probe.node()).build();
            result = service.resolve(magnet, timeout).get(timeout.toSeconds() + RESULT_GRACE_SECONDS, TimeUnit.SECONDS);
        }
        PrintWriter out = spec.commandLine().getOut();
        return switch (result) {
            case ResolveResult.Resolved ok -> {
                Metainfo meta = ok.metainfo();
                if (torrentOut != null) {
                    Files.write(torrentOut, torrentFile(meta.infoBytes(), magnet.trackers()));
                }
                out.println(json ? TorrentJson.write(TorrentJson.of(meta.summary()))
                        : TorrentInspectCommand.HumanText.torrent(meta) + "\nfrom:         " + ok.peer()
                        + " in " + ok.elapsed().toMillis() + " ms");
                yield ExitCodes.OK;
            }
            case ResolveResult.NotFound nf -> {
                spec.commandLine().getErr().println("resolve: not found: " + nf.reason() + " (" + nf.peersTried()
                        + " peers tried)");
                yield ExitCodes.NOT_FOUND_IN_TIME;
            }
        };
    }

    /**
     * A .torrent around the info dict exactly as fetched, so its info-hash is the magnet's: the
     * outer dict is written by hand (keys sorted: "announce" before "info") rather than
     * re-encoded from a parse.
     */
    static byte[] torrentFile(byte[] infoBytes, List<String> trackers) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(infoBytes.length + 64);
        b.write('d');
        if (!trackers.isEmpty()) {
            bstring(b, "announce");
            bstring(b, trackers.getFirst());
        }
        bstring(b, "info");
        b.write(infoBytes);
        b.write('e');
        return b.toByteArray();
    }

    private static void bstring(ByteArrayOutputStream b, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.write((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        b.write(bytes);
    }
}
