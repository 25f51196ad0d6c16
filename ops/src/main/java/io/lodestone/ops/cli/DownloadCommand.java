package io.lodestone.ops.cli;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.engine.PeerNetwork;
import io.lodestone.client.engine.UtpPeers;
import io.lodestone.client.engine.TorrentStats;
import io.lodestone.client.session.Download;
import io.lodestone.client.session.DownloadOutcome;
import io.lodestone.client.session.DownloadRequest;
import io.lodestone.client.session.DownloadServices;
import io.lodestone.client.storage.StorageConfig;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.ops.cli.dht.DhtOptions;
import io.lodestone.ops.cli.dht.ProbeNode;
import io.lodestone.resolve.FetchConfig;
import io.lodestone.wire.mse.EncryptionPolicy;
import io.lodestone.resolve.MetadataFetcher;
import io.lodestone.resolve.PeerTransport;
import io.lodestone.wire.utp.UtpSocketManager;
import io.lodestone.resolve.ResolveConfig;
import io.lodestone.resolve.ResolveService;
import io.lodestone.resolve.ResolverAssembly;
import io.lodestone.time.Clock;
import io.lodestone.tracker.TrackerClient;
import io.lodestone.tracker.TrackerConfig;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lodestone download URI|FILE.torrent -o DIR}: downloads a torrent, verified, into a directory. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Downloads a torrent (magnet, info-hash or .torrent file) from peers found on the DHT,",
                "trackers, PEX and --peer; every piece is verified before it counts. Resumes what is on disk.",
                "Exit 0 complete and verified, 2 on bad input, 3 when not complete in time."})
public final class DownloadCommand implements Callable<Integer> {

    /** Longest --timeout accepted: a day. */
    static final double MAX_TIMEOUT_SECONDS = 86_400;
    static final Duration DHT_QUERY_TIMEOUT = Duration.ofSeconds(2);

    @Parameters(paramLabel = "URI|FILE.torrent", description = "a magnet, a 40-hex or 32-base32 info-hash, or a .torrent file")
    String source;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "files land under this directory")
    Path output;

    @Option(names = "--bootstrap", paramLabel = "H:P,…", split = ",", description = "DHT nodes to start from (default: the public routers)")
    List<String> bootstrap;

    @Option(names = "--peer", paramLabel = "H:P", description = "a peer to connect to (repeatable)")
    List<String> peers;

    @Option(names = "--tracker", paramLabel = "URL", description = "a tracker to announce to as well (repeatable)")
    List<String> trackers;

    @Option(names = "--seed-after", description = "once complete, keep serving peers until stopped (SIGTERM / Ctrl-C)")
    boolean seedAfter;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "3600", description = "seconds to complete (default ${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Option(names = "--allow-private", description = "accept loopback and private addresses (a loopback testnet)")
    boolean allowPrivate;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "TCP port for incoming peers (default: any free one)")
    int port;

    @Option(names = "--upload-limit", paramLabel = "BYTES/S", defaultValue = "0", description = "upload rate limit, 0 for none")
    long uploadLimit;

    @Option(names = "--download-limit", paramLabel = "BYTES/S", defaultValue = "0", description = "download rate limit, 0 for none")
    long downloadLimit;

    @Option(names = "--encryption", paramLabel = "MODE", defaultValue = "prefer", description = "MSE/PE: prefer (plaintext, then encrypted when refused), require (RC4 only) or disable (default ${DEFAULT-VALUE})")
    String encryption;

    @Option(names = "--transport", paramLabel = "MODE", defaultValue = "tcp-only", description = "tcp-only, utp-only or prefer-utp (uTP first, TCP when it fails); uTP is accepted on the UDP port of --port's number unless tcp-only (default ${DEFAULT-VALUE})")
    String transport;

    @Option(names = "--no-dht", description = "find peers only through trackers, PEX and --peer")
    boolean noDht;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(timeoutSeconds > 0 && timeoutSeconds <= MAX_TIMEOUT_SECONDS)) {
            throw new BadInputException("--timeout must be between 0 and " + (long) MAX_TIMEOUT_SECONDS + " seconds");
        }
        if (port < 0 || port > 0xFFFF || uploadLimit < 0 || downloadLimit < 0) {
            throw new BadInputException("--port must be 0..65535 and rate limits >= 0");
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new BadInputException("-o " + output + " is not a directory");
        }
        EncryptionPolicy policy = EncryptionOption.parse(encryption);
        PeerTransport.Mode mode = TransportOption.parse(transport);
        Duration timeout = Duration.ofMillis((long) (timeoutSeconds * 1000));
        MagnetUri magnet = null;
        Metainfo meta = null;
        if (looksLikeMagnet(source)) {
            magnet = MagnetUri.parseAny(source);
        } else {
            meta = MetainfoParser.parseTorrent(TorrentFiles.read(Path.of(source)));
        }
        List<InetSocketAddress> extra = DhtOptions.peerAddresses(peers);
        DownloadRequest request = new DownloadRequest(magnet, meta, output, extra,
                trackers == null ? List.of() : trackers, seedAfter, timeout);
        EngineConfig engine = EngineConfig.defaults().withAllowPrivate(allowPrivate).withListen(null, port)
                .withRateLimits(uploadLimit, downloadLimit).withEncryption(policy);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (PeerNetwork network = PeerNetwork.start(engine);
             UtpSocketManager utp = TransportOption.open(mode, network.port());
             ProbeNode dht = noDht ? null : ProbeNode.start(DhtOptions.bootstrap(bootstrap), allowPrivate, false,
                     DHT_QUERY_TIMEOUT);
             TrackerClient trackerClient = new TrackerClient(TrackerConfig.defaults().withAllowPrivate(allowPrivate))) {
            if (utp != null) {
                network.useUtp(new UtpPeers(utp, mode));
            }
            ResolveService resolver = ResolverAssembly.create()
                    .config(ResolveConfig.defaults().withAllowPrivatePeers(allowPrivate))
                    .fetcher(new MetadataFetcher(FetchConfig.defaults().withEncryption(policy),
                            PeerTransport.of(mode, utp)))
                    .namedPeers(extra).trackers(trackerClient).dht(dht == null ? null : dht.node()).build();
            DownloadServices services = new DownloadServices(network, StorageConfig.defaults(), resolver,
                    dht == null ? null : dht.node(), trackerClient, Clock.system());
            out.println("listening for peers on port " + network.port());
            Download download = new Download("cli", request, services);
            DownloadOutcome outcome;
            long started = System.nanoTime();
            try (DownloadProgress progress = new DownloadProgress(download, out, System.console() != null)) {
                outcome = download.start().get();
            }
            return report(download, outcome, started, network.port(), out, err);
        }
    }

    private int report(Download download, DownloadOutcome outcome, long started, int listenPort, PrintWriter out,
                       PrintWriter err)
            throws InterruptedException {
        return switch (outcome) {
            case DownloadOutcome.Complete c -> {
                out.println(summary(download, c.stats(), started));
                if (seedAfter) {
                    out.println("seeding on port " + listenPort + " until stopped");
                    out.flush();
                    Signals.awaitTermination();
                    download.cancel();
                    download.finished().join();
                }
                yield ExitCodes.OK;
            }
            case DownloadOutcome.TimedOut t -> {
                err.println(spec.qualifiedName() + ": timeout: " + t.reason());
                yield ExitCodes.NOT_FOUND_IN_TIME;
            }
            case DownloadOutcome.BadInput b -> {
                err.println(spec.qualifiedName() + ": " + b.reason());
                yield ExitCodes.BAD_INPUT;
            }
            case DownloadOutcome.Failed f -> {
                err.println(spec.qualifiedName() + ": failed: " + f.reason());
                yield ExitCodes.INTERNAL;
            }
            case DownloadOutcome.Cancelled c -> {
                err.println(spec.qualifiedName() + ": cancelled");
                yield ExitCodes.INTERNAL;
            }
        };
    }

    /** The closing line; the byte counts are what a resume test reads. */
    static String summary(Download download, TorrentStats s, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        return String.format(Locale.ROOT, "complete: %s, %d bytes verified (%d were on disk), %d bytes downloaded"
                        + " (%d wasted), %d uploaded, %d hash failures, %d peers banned, %.1f s",
                download.status().name(), s.verifiedBytes(), Math.max(0, download.checkedBytes()), s.downloaded(),
                s.wasted(), s.uploaded(), s.hashFailures(), s.banned(), seconds);
    }

    /** Magnets and bare info-hashes; anything else is taken for a .torrent file. */
    static boolean looksLikeMagnet(String s) {
        String t = s.strip();
        if (t.regionMatches(true, 0, "magnet:", 0, 7)) {
            return true;
        }
        boolean hash = t.matches("[0-9a-fA-F]{40}") || t.matches("[A-Za-z2-7]{32}");
        return hash && !Files.exists(Path.of(t));
    }
}
