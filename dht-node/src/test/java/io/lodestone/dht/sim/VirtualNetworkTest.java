package io.lodestone.dht.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.PingResponse;
import io.lodestone.dht.node.DhtNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class VirtualNetworkTest {

    @Test
    void nodesGetDistinctLoopbackAddressesAndTalk() {
        VirtualNetwork net = new VirtualNetwork();
        DhtNode a = net.addNode();
        DhtNode b = net.addNode();
        assertThat(net.address(a)).isEqualTo(new InetSocketAddress("127.0.0.1", VirtualNetwork.PORT));
        assertThat(net.address(b)).isEqualTo(new InetSocketAddress("127.0.0.2", VirtualNetwork.PORT));
        assertThat(VirtualNetwork.address(254).getAddress().getHostAddress()).isEqualTo("127.0.1.1");
        CompletableFuture<KrpcResponse> ping = a.query(net.address(b), a.ping());
        long start = net.clock().nanos();
        assertThat(net.runUntil(ping::isDone, Duration.ofSeconds(1))).isTrue();
        long rtt = net.clock().nanos() - start;
        // two one-way trips of 20 ms plus up to 10 ms jitter each
        assertThat(rtt).isBetween(Duration.ofMillis(40).toNanos(), Duration.ofMillis(60).toNanos());
        assertThat(ping.join()).isEqualTo(new PingResponse(b.id()));
        assertThat(net.nodeAt(net.address(b))).containsSame(b);
    }

    @Test
    void lossIsSeededAndRunsAreReproducible() {
        assertThat(run(7)).isEqualTo(run(7));
        List<Long> lossy = run(7);
        assertThat(run(8)).isNotEqualTo(lossy);
        double lossRate = (double) lossy.get(1) / lossy.get(4);
        assertThat(lossRate).isBetween(0.17, 0.23);
        // a ping succeeds when neither it nor its answer is lost: 0.8 * 0.8 of 500
        assertThat(lossy.get(0)).isBetween(280L, 360L);
    }

    private static List<Long> run(long seed) {
        VirtualNetwork net = new VirtualNetwork(VirtualNetwork.Options.defaults().withLoss(0.2).withSeed(seed));
        DhtNode a = net.addNode();
        List<DhtNode> others = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            others.add(net.addNode());
        }
        int ok = 0;
        List<CompletableFuture<KrpcResponse>> pings = new ArrayList<>();
        for (DhtNode o : others) {
            pings.add(a.query(net.address(o), a.ping()));
        }
        net.runFor(Duration.ofSeconds(3));
        for (CompletableFuture<KrpcResponse> p : pings) {
            ok += p.isDone() && !p.isCompletedExceptionally() ? 1 : 0;
        }
        return List.of((long) ok, net.lost(), net.delivered(), (long) a.routingTable4().size(), net.sent());
    }

    @Test
    void endpointsSeeRawBytesAndOfflineAddressesHearNothing() {
        VirtualNetwork net = new VirtualNetwork();
        DhtNode a = net.addNode();
        InetSocketAddress probe = net.nextAddress();
        List<byte[]> got = new ArrayList<>();
        net.attach(probe, (from, datagram) -> got.add(datagram));
        a.query(probe, a.ping());
        net.runFor(Duration.ofMillis(100));
        assertThat(got).hasSize(1);
        net.setOnline(probe, false);
        a.query(probe, a.ping());
        net.runFor(Duration.ofMillis(100));
        assertThat(got).hasSize(1);
        net.send(probe, net.address(a), new byte[] {'x'});
        net.setOnline(probe, true);
        net.send(probe, net.address(a), new byte[] {'x'});
        net.runFor(Duration.ofMillis(100));
        assertThat(a.metrics().snapshot().malformed()).isEqualTo(1);
        assertThat(net.clock().nanos()).isEqualTo(Duration.ofMillis(300).toNanos());
    }
}
