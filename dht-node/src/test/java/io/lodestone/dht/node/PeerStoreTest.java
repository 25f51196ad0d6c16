package io.lodestone.dht.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.time.VirtualClock;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PeerStoreTest {

    private static final StandardProtocolFamily V4 = StandardProtocolFamily.INET;
    private final VirtualClock clock = new VirtualClock();
    private final SplittableRandom rnd = new SplittableRandom(3);
    private final PeerStore store = new PeerStore(clock, rnd, 10, 5, 30, Duration.ofMinutes(45));

    private InfoHash hash() {
        return NodeFixture.hash(rnd);
    }

    @Test
    void peersAreKeptPerHashWithSeedsAndFamilies() {
        InfoHash h = hash();
        store.announce(h, NodeFixture.addr(1), true);
        store.announce(h, NodeFixture.addr(2), false);
        store.announce(h, NodeFixture.addr("2001:db8::1", 7), false);
        assertThat(store.peers(h, 10, V4, false)).containsExactlyInAnyOrder(NodeFixture.addr(1), NodeFixture.addr(2));
        assertThat(store.peers(h, 10, V4, true)).containsExactly(NodeFixture.addr(2));
        assertThat(store.peers(h, 10, StandardProtocolFamily.INET6, false))
                .containsExactly(NodeFixture.addr("2001:db8::1", 7));
        assertThat(store.peers(hash(), 10, V4, false)).isEmpty();
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.peerCount()).isEqualTo(3);
        store.announce(h, NodeFixture.addr(1), false); // a re-announce updates, never duplicates
        assertThat(store.peerCount()).isEqualTo(3);
        assertThat(store.peers(h, 10, V4, true)).hasSize(2);
    }

    @Test
    void aLargeSwarmGivesRandomSubsets() {
        PeerStore big = new PeerStore(clock, rnd, 10, 100, 1000, Duration.ofMinutes(45));
        InfoHash h = hash();
        for (int i = 0; i < 100; i++) {
            big.announce(h, NodeFixture.addr(i), false);
        }
        Set<InetSocketAddress> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            List<InetSocketAddress> p = big.peers(h, 10, V4, false);
            assertThat(p).hasSize(10).doesNotHaveDuplicates();
            seen.addAll(p);
        }
        assertThat(seen.size()).isGreaterThan(60);
    }

    @Test
    void boundsEvictTheLeastRecentlyAnnounced() {
        InfoHash first = hash();
        for (int i = 0; i < 7; i++) {
            store.announce(first, NodeFixture.addr(i), false);
        }
        assertThat(store.peers(first, 10, V4, false)).hasSize(5).doesNotContain(NodeFixture.addr(0), NodeFixture.addr(1));
        InfoHash second = hash();
        for (int i = 0; i < 9; i++) {
            store.announce(i == 0 ? second : hash(), NodeFixture.addr(100 + i), false);
        }
        store.announce(first, NodeFixture.addr(200), false); // first is now the most recent
        store.announce(hash(), NodeFixture.addr(300), false); // the 11th hash: second goes
        assertThat(store.count()).isEqualTo(10);
        assertThat(store.contains(first)).isTrue();
        assertThat(store.contains(second)).isFalse();
        for (int i = 0; i < 40; i++) {
            store.announce(first, NodeFixture.addr(400 + i), false);
            store.announce(hash(), NodeFixture.addr(500 + i), false);
            assertThat(store.peerCount()).isLessThanOrEqualTo(30);
            assertThat(store.count()).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void peersExpireAfterTheirLifetime() {
        InfoHash h = hash();
        InfoHash g = hash();
        store.announce(h, NodeFixture.addr(1), false);
        clock.advance(Duration.ofMinutes(30));
        store.announce(h, NodeFixture.addr(2), false);
        store.announce(g, NodeFixture.addr(3), false);
        clock.advance(Duration.ofMinutes(15)); // addr(1) is 45 minutes old
        assertThat(store.peers(h, 10, V4, false)).containsExactly(NodeFixture.addr(2));
        assertThat(store.count()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(30));
        store.expire();
        assertThat(store.count()).isZero();
        assertThat(store.peerCount()).isZero();
        assertThat(store.sample(20)).isEmpty();
    }

    @Test
    void samplesAreDistinctStoredHashes() {
        Set<InfoHash> all = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            InfoHash h = hash();
            all.add(h);
            store.announce(h, NodeFixture.addr(i), false);
        }
        assertThat(store.sample(20)).containsExactlyInAnyOrderElementsOf(all);
        Set<InfoHash> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            List<InfoHash> s = store.sample(3);
            assertThat(s).hasSize(3).doesNotHaveDuplicates();
            assertThat(all).containsAll(s);
            seen.addAll(s);
        }
        assertThat(seen).isEqualTo(all); // uniform enough to reach every hash
    }
}
