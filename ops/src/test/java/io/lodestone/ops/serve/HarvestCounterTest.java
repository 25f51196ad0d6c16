package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.node.DhtListener;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarvestCounterTest {

    private static final InetSocketAddress FROM = new InetSocketAddress(InetAddress.getLoopbackAddress(), 6881);
    private static final NodeId A = NodeId.fromHex("aa".repeat(20));
    private static final NodeId B = NodeId.fromHex("bb".repeat(20));

    private static InfoHash hash(int i) {
        return InfoHash.fromHex(String.format("%040x", i + 1));
    }

    @Test
    void eventsCountPerReceiverAndOutcomesGoToTheNodeThatHeardTheHashFirst() {
        HarvestCounter c = new HarvestCounter(DhtListener.NONE);
        c.onGetPeers(A, hash(1), FROM);
        c.onAnnounce(B, hash(1), FROM, FROM); // heard again by B: still A's
        c.onSamples(B, List.of(hash(2), hash(3)), FROM);
        assertThat(c.count(A)).isEqualTo(1);
        assertThat(c.count(B)).isEqualTo(3);

        c.onResolved(hash(1));
        c.onFailed(hash(2));
        c.onFailed(hash(2));
        c.onResolved(hash(2));
        c.onResolved(hash(99)); // never heard by the farm (a resolve asked over HTTP): no node's
        assertThat(c.resolved(A)).isEqualTo(1);
        assertThat(c.failed(A)).isZero();
        assertThat(c.resolved(B)).isEqualTo(1);
        assertThat(c.failed(B)).isEqualTo(2);
        assertThat(c.resolved(NodeId.fromHex("cc".repeat(20)))).isZero();
    }

    @Test
    void theOldestHashesAreForgottenPastTheBound() {
        HarvestCounter c = new HarvestCounter(DhtListener.NONE);
        c.onGetPeers(A, hash(0), FROM);
        for (int i = 1; i <= HarvestCounter.MAX_ATTRIBUTED; i++) {
            c.onGetPeers(B, hash(i), FROM);
        }
        c.onResolved(hash(0)); // forgotten: counted in the farm's total only
        c.onResolved(hash(HarvestCounter.MAX_ATTRIBUTED));
        assertThat(c.resolved(A)).isZero();
        assertThat(c.resolved(B)).isEqualTo(1);
    }
}
