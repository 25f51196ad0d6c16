package io.lodestone.dht.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.types.HostPort;
import java.net.InetAddress;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
            assertThat(router.joinedNow(1).get(5, TimeUnit.SECONDS)).as("an empty table has not joined").isFalse();
            HostPort at = HostPort.of(router.address());
            try (DhtFarm farm = DhtFarm.start(oneNode(List.of(at)), DhtListener.NONE)) {
                FarmNode node = farm.node(0);
                CompletableFuture<Void> eight = node.joined(8);
                assertThat(node.awaitJoined(1, Duration.ofSeconds(20))).isTrue();
                assertThat(node.joinedNow(1).get(5, TimeUnit.SECONDS)).isTrue();
                assertThat(node.joinedNow(8).get(5, TimeUnit.SECONDS)).as("one other node exists").isFalse();
                assertThat(eight).as("waits on while the node has too few").isNotDone();
                farm.close();
                assertThatThrownBy(() -> eight.get(5, TimeUnit.SECONDS)).as("a closed node ends the wait")
                        .isInstanceOf(ExecutionException.class);
                assertThat(node.awaitJoined(1, Duration.ofSeconds(5))).as("a closed node never joins").isFalse();
            }
        }
    }
}
