package io.lodestone.dht.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.PingResponse;
import io.lodestone.dht.krpc.Want;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.types.NodeId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** BEP 32 over real sockets: each node has an IPv4 and an IPv6 socket and two routing tables. */
class DualStackTest {

    @Test
    void nodesTalkOverIpv6AndAnswerNodes6() throws Exception {
        FarmConfig config = FarmConfig.defaults().withNodes(2)
                .withBind(List.of(InetAddress.getByName("127.0.0.1")), 0)
                .withBind6(InetAddress.getByName("::1"))
                .withBootstrap(List.of()).withThreads(1)
                .withNode(DhtConfig.defaults().toBuilder().allowPrivate(true).build());
        try (DhtFarm farm = DhtFarm.start(config, DhtListener.NONE)) {
            FarmNode a = farm.node(0);
            FarmNode b = farm.node(1);
            assertThat(b.address6().getAddress().getHostAddress()).isIn("::1", "0:0:0:0:0:0:0:1");

            var pong = a.callAsync(n -> n.query(b.address6(), n.ping())).get(5, TimeUnit.SECONDS);
            assertThat(pong).isInstanceOf(PingResponse.class);
            assertThat(pong.id()).isEqualTo(b.id());
            assertThat(a.call(n -> n.routingTable6().size()).get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(a.call(n -> n.routingTable4().size()).get(5, TimeUnit.SECONDS)).isZero();

            // asked over IPv4 for both families, a answers with b's IPv6 entry in nodes6
            InetSocketAddress aV4 = a.address();
            var answer = (FindNodeResponse) b.callAsync(n -> n.query(aV4,
                    n.findNode(NodeId.random(new java.util.SplittableRandom(3)), new Want(true, true))))
                    .get(5, TimeUnit.SECONDS);
            assertThat(answer.nodes6()).anyMatch(ni -> ni.id().equals(b.id())
                    && ni.address().getPort() == b.address6().getPort());
        }
    }
}
