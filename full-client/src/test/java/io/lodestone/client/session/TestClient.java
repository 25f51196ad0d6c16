package io.lodestone.client.session;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.engine.PeerNetwork;
import io.lodestone.client.storage.StorageConfig;
import io.lodestone.dht.lookup.LookupConfig;
import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmConfig;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.resolve.FetchConfig;
import io.lodestone.resolve.ResolveConfig;
import io.lodestone.resolve.ResolveService;
import io.lodestone.resolve.ResolverAssembly;
import io.lodestone.time.Clock;
import io.lodestone.tracker.TrackerClient;
import io.lodestone.tracker.TrackerConfig;
import io.lodestone.types.HostPort;
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

    private TestClient(PeerNetwork network, DhtFarm farm, TrackerClient trackers, DownloadServices services) {
        this.network = network;
        this.farm = farm;
        this.trackers = trackers;
        this.services = services;
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
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), network.port());
    }

    @Override
    public void close() {
        network.close();
        if (farm != null) {
            farm.close();
        }
        trackers.close();
    }
}
