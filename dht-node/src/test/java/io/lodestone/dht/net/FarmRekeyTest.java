package io.lodestone.dht.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.types.NodeId;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A node that changes its id keeps its sockets, answers under the new id and relearns its table. */
class FarmRekeyTest {

    @Test
    void aNewIdOnTheSameSocket() throws Exception {
        FarmConfig config = FarmConfig.defaults().withNodes(2)
                .withBind(List.of(InetAddress.getByName("127.0.0.1")), 0)
                .withBootstrap(List.of()).withThreads(1)
                .withNode(DhtConfig.defaults().toBuilder().allowPrivate(true).build());
        try (DhtFarm farm = DhtFarm.start(config, DhtListener.NONE)) {
            FarmNode a = farm.node(0);
            FarmNode b = farm.node(1);
            a.callAsync(n -> n.query(b.address(), n.ping())).get(5, TimeUnit.SECONDS);
            assertThat(a.call(n -> n.routingTable4().size()).get(5, TimeUnit.SECONDS)).isEqualTo(1);

            NodeId newId = NodeId.fromHex("5fbfbff10c5d6a4ec8a88e4c6ab4c28b95eee401");
            assertThat(a.changeId(newId).get(5, TimeUnit.SECONDS)).isEqualTo(newId);
            assertThat(a.id()).isEqualTo(newId);

            // the same socket answers under the new id
            var pong = b.callAsync(n -> n.query(a.address(), n.ping())).get(5, TimeUnit.SECONDS);
            assertThat(pong.id()).isEqualTo(newId);

            // the old entries were handed over as candidates and are pinged back into the table
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int size = 0;
            while (System.nanoTime() < deadline && size == 0) {
                Thread.sleep(100);
                size = a.call(n -> n.routingTable4().size()).get(5, TimeUnit.SECONDS);
            }
            assertThat(size).isEqualTo(1);
        }
    }
}
