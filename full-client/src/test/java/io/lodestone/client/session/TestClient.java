package io.lodestone.client.session;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.engine.PeerNetwork;
import io.lodestone.client.engine.UtpPeers;
import io.lodestone.client.storage.StorageConfig;
import io.lodestone.dht.lookup.LookupConfig;
import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmConfig;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.resolve.FetchConfig;
import io.lodestone.resolve.MetadataFetcher;
import io.lodestone.resolve.PeerTransport;
import io.lodestone.resolve.ResolveConfig;
import io.lodestone.resolve.ResolveService;
import io.lodestone.resolve.ResolverAssembly;
import io.lodestone.time.Clock;
import io.lodestone.tracker.TrackerClient;
import io.lodestone.tracker.TrackerConfig;
import io.lodestone.types.HostPort;
import io.lodestone.wire.utp.UtpConfig;
import io.lodestone.wire.utp.UtpSocketManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Lodestone client for interop tests, wired as the command line wires it: a peer network on
 * loopback, optionally a DHT node bootstrapped from a testnet, trackers, the resolve service.
 */
final class TestClient implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final PeerNetwork network;
    private final DhtFarm farm;
    private final TrackerClient trackers;
    private final DownloadServices services;
    private UtpSocketManager utp;

    private TestClient(PeerNetwork network, DhtFarm farm, TrackerClient trackers, DownloadServices services) {
        this.network = network;
        this.farm = farm;
        this.trackers = trackers;
        this.services = services;
    }

    /**
     * A client that speaks uTP too, on the UDP port of the same number as its TCP one: the peer
     * network dials and accepts as {@code mode} says, and the resolver fetches metadata so.
     */
    static TestClient startWithUtp(PeerTransport.Mode mode) throws Exception {
        return startWithUtp(mode, InetAddress.getLoopbackAddress());
    }

    /** As {@link #startWithUtp(PeerTransport.Mode)}, bound to {@code bind} (TCP and UDP both). */
    static TestClient startWithUtp(PeerTransport.Mode mode, InetAddress bind) throws Exception {
        PeerNetwork network = PeerNetwork.start(EngineConfig.defaults().withAllowPrivate(true)
                .withListen(bind, 0));
        UtpSocketManager utp = UtpSocketManager.bind(new InetSocketAddress(bind, network.port()),
                UtpConfig.defaults(), 256);
        network.useUtp(new UtpPeers(utp, mode));
        TrackerClient trackers = new TrackerClient(TrackerConfig.defaults().withAllowPrivate(true));
        ResolveService resolver = ResolverAssembly.create()
                .config(ResolveConfig.defaults().withAllowPrivatePeers(true))
                .fetcher(new MetadataFetcher(FetchConfig.defaults(), PeerTransport.of(mode, utp)))
                .trackers(trackers).build();
        TestClient c = new TestClient(network, null, trackers, new DownloadServices(network,
                StorageConfig.defaults(), resolver, null, trackers, Clock.system()));
        c.utp = utp;
        return c;
    }

    /** @param bootstrap DHT nodes to join, or an empty list for no DHT */
    static TestClient start(List<InetSocketAddress> bootstrap, EngineConfig config) throws Exception {
        PeerNetwork network = PeerNetwork.start(config.withAllowPrivate(true)
                .withListen(InetAddress.getLoopbackAddress(), 0));
        DhtFarm farm = null;
        if (!bootstrap.isEmpty()) {
            DhtConfig node = DhtConfig.defaults().toBuilder().allowPrivate(true).build();
            farm = DhtFarm.start(FarmConfig.defaults()
                    .withNodes(1)
                    .withBind(List.of(InetAddress.getLoopbackAddress()), 0)
                    .withBootstrap(bootstrap.stream().map(HostPort::of).toList())
                    .withThreads(1)
                    .withNode(node)
                    .withLookup(LookupConfig.defaults()), DhtListener.NONE);
        }
        TrackerClient trackers = new TrackerClient(TrackerConfig.defaults().withAllowPrivate(true));
        ResolveService resolver = ResolverAssembly.create()
                .config(ResolveConfig.defaults().withAllowPrivatePeers(true))
                .fetch(FetchConfig.defaults().withEncryption(config.encryption()))
                .trackers(trackers).dht(farm == null ? null : farm.node(0)).build();
        DownloadServices services = new DownloadServices(network, StorageConfig.defaults(), resolver,
                farm == null ? null : farm.node(0), trackers, Clock.system());
        return new TestClient(network, farm, trackers, services);
    }

    static TestClient start(List<InetSocketAddress> bootstrap) throws Exception {
        return start(bootstrap, EngineConfig.defaults());
    }

    Download download(DownloadRequest request) {
        return new Download("test-" + IDS.incrementAndGet(), request, services);
    }

    DownloadServices services() {
        return services;
    }

    PeerNetwork network() {
        return network;
    }

    InetSocketAddress peerAddress() {
        return network.selfAddress().getAddress().isAnyLocalAddress()
                ? new InetSocketAddress(InetAddress.getLoopbackAddress(), network.port()) : network.selfAddress();
    }

    @Override
    public void close() {
        network.close();
        if (utp != null) {
            utp.close();
        }
        if (farm != null) {
            farm.close();
        }
        trackers.close();
    }
}
