package io.lodestone.ops.cli.dht;

import io.lodestone.dht.lookup.LookupConfig;
import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmConfig;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.types.HostPort;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * A short-lived single node on an ephemeral port for the query and lookup commands. Single
 * queries are read-only (BEP 43), so a probe never lands in anyone's routing table.
 */
public final class ProbeNode implements AutoCloseable {
    private final DhtFarm farm;

    private ProbeNode(DhtFarm farm) {
        this.farm = farm;
    }

    public static ProbeNode start(List<HostPort> bootstrap, boolean allowPrivate, boolean readOnly, Duration timeout)
            throws InterruptedException, java.net.UnknownHostException {
        InetAddress any = InetAddress.getByAddress(new byte[4]);
        DhtConfig node = DhtConfig.defaults().toBuilder()
                .allowPrivate(allowPrivate)
                .readOnly(readOnly)
                .queryTimeouts(Duration.ofMillis(Math.min(400, timeout.toMillis())), timeout, timeout)
                .build();
        FarmConfig config = FarmConfig.defaults()
                .withNodes(1)
                .withBind(List.of(any), 0)
                .withBootstrap(bootstrap)
                .withThreads(1)
                .withNode(node)
                .withLookup(LookupConfig.defaults());
        return new ProbeNode(DhtFarm.start(config, DhtListener.NONE));
    }

    public FarmNode node() {
        return farm.node(0);
    }

    @Override
    public void close() {
        farm.close();
    }
}
