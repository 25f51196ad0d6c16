package io.lodestone.dht.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.types.HostPort;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A node has joined once its first bootstrap has ended with enough nodes known; a tiny DHT never fills a bucket. */
class FarmJoinTest {

    private static FarmConfig oneNode(List<HostPort> bootstrap) throws Exception {
        return FarmConfig.defaults().withNodes(1)
                .withBind(List.of(InetAddress.getByName("127.0.0.1")), 0)
                .withBootstrap(bootstrap).withThreads(1)
                .withNode(DhtConfig.defaults().toBuilder().allowPrivate(true).build());
    }

    @Test
    void aNodeJoinsWithTheOneNodeItCouldFind() throws Exception {
        try (DhtFarm lone = DhtFarm.start(oneNode(List.of()), DhtListener.NONE)) {
            FarmNode router = lone.node(0);
            assertThat(router.joined(1).get(5, TimeUnit.SECONDS)).as("an empty table has not joined").isFalse();
            HostPort at = HostPort.of(router.address());
            try (DhtFarm farm = DhtFarm.start(oneNode(List.of(at)), DhtListener.NONE)) {
                FarmNode node = farm.node(0);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                boolean joined = false;
                while (!joined && System.nanoTime() < deadline) {
                    joined = node.joined(1).get(5, TimeUnit.SECONDS);
                    Thread.sleep(20);
                }
                assertThat(joined).isTrue();
                assertThat(node.joined(8).get(5, TimeUnit.SECONDS)).as("one other node exists").isFalse();
            }
        }
    }
}
