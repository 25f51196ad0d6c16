package io.lodestone.resolve;

import io.lodestone.dht.net.FarmNode;
import io.lodestone.time.Clock;
import io.lodestone.time.Scheduler;
import io.lodestone.tracker.TrackerClient;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one place a {@link ResolveService} is put together, for {@code serve}, {@code resolve},
 * {@code download} and the benches alike: the magnet's own peers (and any named ones) always, then
 * trackers and the DHT when given, dialled by a {@link MetadataFetcher} unless another
 * {@link PeerFetcher} is given. Each caller says what it has; the order of sources and the defaults
 * are decided here only.
 */
public final class ResolverAssembly {

    private ResolveConfig config = ResolveConfig.defaults();
    private FetchConfig fetch = FetchConfig.defaults();
    private PeerFetcher fetcher;
    private java.time.Duration connectFloor;
    private List<InetSocketAddress> namedPeers = List.of();
    private TrackerClient trackers;
    private PeerSource dht;
    private final List<PeerSource> more = new ArrayList<>();
    private PeerDialer dialer;
    private Clock clock = Clock.system();
    private Scheduler scheduler = Scheduler.system();

    private ResolverAssembly() {
    }

    /** Starts from {@link ResolveConfig#defaults()} and {@link FetchConfig#defaults()}. */
    public static ResolverAssembly create() {
        return new ResolverAssembly();
    }

    public ResolverAssembly config(ResolveConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        return this;
    }

    /** The TCP fetch's settings; ignored when {@link #fetcher} gives another fetcher. */
    public ResolverAssembly fetch(FetchConfig fetch) {
        this.fetch = Objects.requireNonNull(fetch, "fetch");
        return this;
    }

    /**
     * The TCP fetch's connect timeout adapts to how fast connects succeed ({@link AdaptiveConnectTimeout}),
     * between {@code floor} and the fetch settings' connect timeout.
     */
    public ResolverAssembly adaptiveConnect(java.time.Duration floor) {
        this.connectFloor = Objects.requireNonNull(floor, "floor");
        return this;
    }

    /** Dials peers through {@code fetcher} instead of a TCP {@link MetadataFetcher} of its own. */
    public ResolverAssembly fetcher(PeerFetcher fetcher) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        return this;
    }

    /** Peers the user named (the CLI's {@code --peer}), asked beside the magnet's {@code x.pe}. */
    public ResolverAssembly namedPeers(List<InetSocketAddress> peers) {
        this.namedPeers = List.copyOf(peers);
        return this;
    }

    /** Announces to the magnet's trackers through {@code client}; null for none. */
    public ResolverAssembly trackers(TrackerClient client) {
        this.trackers = client;
        return this;
    }

    /** get_peers lookups on {@code node} with the default rounds; null for no DHT. */
    public ResolverAssembly dht(FarmNode node) {
        this.dht = node == null ? null : new DhtPeerSource(node, DhtPeerSource.MAX_ROUNDS, DhtPeerSource.ROUND_PAUSE,
                false, scheduler);
        return this;
    }

    /** A DHT source of the caller's own making (the crawl asks a sampled hash's holder first). */
    public ResolverAssembly dht(PeerSource source) {
        this.dht = source;
        return this;
    }

    /** One more source, asked after the others. */
    public ResolverAssembly source(PeerSource source) {
        more.add(Objects.requireNonNull(source, "source"));
        return this;
    }

    /** Dials through a gate shared with other services (one cap, one dead-peer memory). */
    public ResolverAssembly dialer(PeerDialer dialer) {
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        return this;
    }

    /** Times the resolves (and a DHT source given by node after this) on {@code clock} and {@code scheduler}. */
    public ResolverAssembly time(Clock clock, Scheduler scheduler) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** The sources in the order they start: the quickest to answer first. */
    public List<PeerSource> sources() {
        List<PeerSource> all = new ArrayList<>();
        all.add(new MagnetPeerSource(namedPeers));
        if (dht != null) {
            all.add(dht);
        }
        if (trackers != null) {
            all.add(new TrackerPeerSource(trackers));
        }
        all.addAll(more);
        return all;
    }

    public ResolveService build() {
        PeerDialer gate = dialer != null ? dialer
                : new PeerDialer(DialConfig.unlimited(config.maxConnections()), clock::nanos);
        PeerFetcher f = fetcher != null ? fetcher : new MetadataFetcher(fetch, PeerTransport.tcpOnly(),
                connectFloor == null ? AdaptiveConnectTimeout.fixed(fetch.connectTimeout())
                        : new AdaptiveConnectTimeout(connectFloor, fetch.connectTimeout()));
        return new ResolveService(config, f, sources(), gate, clock, scheduler);
    }
}
