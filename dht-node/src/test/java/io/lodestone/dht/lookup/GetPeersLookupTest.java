package io.lodestone.dht.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.dht.krpc.QueryMethod;
import io.lodestone.dht.lookup.FakeDht.FakeNode;
import io.lodestone.dht.lookup.FakeDht.Received;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** get_peers lookups and announces over a synthetic 2,000-node DHT. */
class GetPeersLookupTest {

    private final FakeDht dht = new FakeDht(21, 2_000);
    private final LookupContext ctx = dht.context(dht.seededTable(NodeId.random(dht.rnd)), LookupConfig.defaults());

    private InfoHash randomKey() {
        byte[] b = new byte[InfoHash.V1_LENGTH];
        dht.rnd.nextBytes(b);
        return InfoHash.v1(b);
    }

    private static List<InetSocketAddress> peers(int first, int count) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            out.add(new InetSocketAddress(FakeDht.ip(90, 0, i >>> 8, i), 50_000 + i));
        }
        return out;
    }

    private static List<Received> received(FakeNode n, QueryMethod m) {
        return n.log.stream().filter(r -> r.method() == m).toList();
    }

    @Test
    void findsEveryPeerStoredOnTheClosestNodesOnceEachAndAsTheyArrive() {
        InfoHash key = randomKey();
        List<FakeNode> holders = dht.closestLive(NodeId.key(key), FakeDht.K);
        // overlapping sets: each holder keeps 10 of 40 peers, its neighbour's half included
        for (int i = 0; i < holders.size(); i++) {
            holders.get(i).peers.put(NodeId.key(key), peers(i * 5, 10));
        }
        List<InetSocketAddress> stored = peers(0, 5 * (holders.size() - 1) + 10);
        List<InetSocketAddress> streamed = new ArrayList<>();
        long[] firstPeerAt = {-1};
        GetPeersLookup lookup = new GetPeersLookup(ctx, key, p -> {
            if (firstPeerAt[0] < 0) {
                firstPeerAt[0] = dht.clock.nanos();
            }
            streamed.add(p);
        });
        GetPeersLookup.Result r = dht.runUntil(lookup.start());

        assertThat(r.peers()).containsExactlyInAnyOrderElementsOf(stored);
        assertThat(streamed).containsExactlyElementsOf(r.peers());
        assertThat(firstPeerAt[0]).as("peers are handed out before the lookup ends").isLessThan(dht.clock.nanos());
        assertThat(r.closest()).extracting(c -> c.node().id())
                .containsExactlyElementsOf(holders.stream().map(h -> h.id).toList());
        assertThat(r.closest()).allSatisfy(c -> assertThat(c.token()).contains(dht.at(c.node().address()).token()));
        assertThat(r.stats().outcome()).isEqualTo(LookupStats.Outcome.CONVERGED);
        assertThat(r.stats().responses()).isLessThanOrEqualTo(r.stats().queries());
        System.out.printf("get_peers: %d peers, %d queries, %d responses, %d ms%n", r.peers().size(),
                r.stats().queries(), r.stats().responses(), r.stats().durationNanos() / 1_000_000);
    }

    @Test
    void announcesToTheKClosestRespondersWithTheirOwnTokens() {
        InfoHash key = randomKey();
        List<FakeNode> closest = dht.closestLive(NodeId.key(key), FakeDht.K);
        Announce.Result r = dht.runUntil(new Announce(ctx, key, 6_999, false, false).start());

        assertThat(r.sent()).isEqualTo(FakeDht.K);
        assertThat(r.accepted()).isEqualTo(FakeDht.K);
        assertThat(r.acceptedBy()).extracting(NodeInfo::id).containsExactlyElementsOf(closest.stream().map(n -> n.id)
                .toList());
        InetSocketAddress us = new InetSocketAddress(FakeDht.SELF.getAddress(), 6_999);
        for (FakeNode n : dht.nodes) {
            boolean shouldHave = closest.contains(n);
            assertThat(received(n, QueryMethod.ANNOUNCE_PEER)).as("node %d", n.index).hasSize(shouldHave ? 1 : 0);
            if (shouldHave) {
                assertThat(n.peers.get(NodeId.key(key))).containsExactly(us); // its token was accepted
            }
        }
    }

    /** A farm, or a testnet, puts every node asked on one IP: our limiter may hold an announce back. */
    @Test
    void anAnnounceOurOwnLimiterHeldBackIsSentAgainNotCountedAsRefused() {
        InfoHash key = randomKey();
        int[] asked = {0};
        dht.limiter = to -> asked[0]++ % 2 == 0; // every other query of ours is held back
        Announce.Result r = dht.runUntil(new Announce(ctx, key, 6_999, false, false).start());
        assertThat(dht.refused).isPositive();
        assertThat(r.sent()).isEqualTo(FakeDht.K);
        assertThat(r.accepted()).isEqualTo(FakeDht.K);
    }

    @Test
    void announceSkipsRespondersWithoutATokenForTheNextClosest() {
        InfoHash key = randomKey();
        List<FakeNode> closest = dht.closestLive(NodeId.key(key), FakeDht.K + 2);
        closest.get(0).givesToken = false;
        closest.get(3).givesToken = false;
        Announce.Result r = dht.runUntil(new Announce(ctx, key, 0, true, true).start());

        List<FakeNode> expected = new ArrayList<>(closest);
        expected.remove(3);
        expected.remove(0);
        assertThat(r.acceptedBy()).extracting(NodeInfo::id).containsExactlyElementsOf(expected.stream()
                .map(n -> n.id).toList());
        assertThat(r.lookup().closest()).hasSize(FakeDht.K);
        assertThat(r.lookup().closest().get(0).token()).isEmpty();
        // implied_port: the receiver takes the port we send from
        assertThat(expected.get(0).peers.get(NodeId.key(key))).containsExactly(FakeDht.SELF);
        assertThat(received(closest.get(0), QueryMethod.ANNOUNCE_PEER)).isEmpty();
    }

    @Test
    void keepsAtMostMaxPeers() {
        InfoHash key = randomKey();
        dht.storePeers(key, peers(0, 300), FakeDht.K);
        LookupContext small = dht.context(ctx.table(), LookupConfig.defaults().withMaxPeers(100));
        GetPeersLookup.Result r = dht.runUntil(new GetPeersLookup(small, key).start());
        assertThat(r.peers()).hasSize(100).doesNotHaveDuplicates();
    }

    @Test
    void cancelEndsTheLookupWithWhatItHas() {
        InfoHash key = randomKey();
        dht.storePeers(key, peers(0, 5), FakeDht.K);
        GetPeersLookup[] self = new GetPeersLookup[1];
        self[0] = new GetPeersLookup(ctx, key, p -> self[0].cancel());
        GetPeersLookup.Result r = dht.runUntil(self[0].start());
        assertThat(r.stats().outcome()).isEqualTo(LookupStats.Outcome.CANCELLED);
        assertThat(r.peers()).isNotEmpty();
    }

    @Test
    void takesOnly20ByteKeys() {
        InfoHash v2 = InfoHash.v2(new byte[InfoHash.V2_LENGTH]);
        assertThatThrownBy(() -> new GetPeersLookup(ctx, v2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Announce(ctx, v2, 1, false, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Announce(ctx, v2.truncated(), 0, false, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new GetPeersLookup(ctx, v2.truncated()).target()).isEqualTo(NodeId.key(v2));
    }
}
