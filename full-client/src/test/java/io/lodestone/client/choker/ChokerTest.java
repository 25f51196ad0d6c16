package io.lodestone.client.choker;

import io.lodestone.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Choker fixtures: one peer per line, {@code "id flags down up"}, flags being letters or '-':
 * i = interested, s = snubbed, u = unchoked now, n = connected just now (else an hour ago);
 * down and up are bytes per second from and to the peer.
 */
class ChokerTest {

    private final VirtualClock clock = new VirtualClock(Duration.ofHours(2).toNanos());

    private List<PeerView> peers(String table) {
        Instant now = Choker.instant(clock);
        List<PeerView> out = new ArrayList<>();
        for (String line : table.strip().split("\n")) {
            String[] f = line.strip().split("\\s+");
            String flags = f[1];
            Instant connected = flags.contains("n") ? now : now.minus(Duration.ofHours(1));
            out.add(new PeerView(Long.parseLong(f[0]), flags.contains("i"), flags.contains("s"), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), connected, flags.contains("u")));
        }
        return out;
    }

    private static ChokerConfig config(int regular, int optimistic) {
        ChokerConfig d = ChokerConfig.defaults();
        return new ChokerConfig(regular, optimistic, d.unchokeInterval(), d.optimisticInterval(), d.newPeerAge(),
                d.newPeerWeight());
    }

    @Test
    void regularSlotsGoToTheFastestUploadersToUs() {
        Choker c = new Choker(config(4, 0), clock, new SplittableRandom(1));
        Set<Long> unchoked = c.unchoke(peers("""
                1 i 100 0
                2 i 900 0
                3 i 500 0
                4 i 700 0
                5 i 300 0
                6 i 800 0
                """), false);
        assertThat(unchoked).containsExactlyInAnyOrder(2L, 6L, 4L, 3L);
    }

    @Test
    void snubbedAndUninterestedPeersGetNoRegularSlot() {
        Choker c = new Choker(config(4, 0), clock, new SplittableRandom(1));
        Set<Long> unchoked = c.unchoke(peers("""
                1 is 9000 0
                2 - 8000 0
                3 i 10 0
                4 i 20 0
                """), false);
        assertThat(unchoked).containsExactlyInAnyOrder(3L, 4L);
    }

    @Test
    void seedingRanksByHowFastPeersTakeOurData() {
        Choker c = new Choker(config(2, 0), clock, new SplittableRandom(1));
        Set<Long> unchoked = c.unchoke(peers("""
                1 i 900 10
                2 i 0 5000
                3 i 0 7000
                4 i 800 100
                """), true);
        assertThat(unchoked).containsExactlyInAnyOrder(2L, 3L);
    }

    @Test
    void tiesKeepPeersAlreadyUnchoked() {
        for (long seed = 0; seed < 20; seed++) {
            Choker c = new Choker(config(2, 0), clock, new SplittableRandom(seed));
            Set<Long> unchoked = c.unchoke(peers("""
                    1 i 0 0
                    2 iu 0 0
                    3 i 0 0
                    4 iu 0 0
                    """), false);
            assertThat(unchoked).containsExactlyInAnyOrder(2L, 4L);
        }
    }

    @Test
    void optimisticSlotStaysForThirtySecondsThenRotates() {
        Choker c = new Choker(config(1, 1), clock, new SplittableRandom(7));
        String table = """
                1 i 1000 0
                2 i 0 0
                3 i 0 0
                4 i 0 0
                5 is 0 0
                """;
        Set<Long> first = c.unchoke(peers(table), false);
        assertThat(first).contains(1L).hasSize(2);
        long optimistic = c.optimistic().iterator().next();
        assertThat(optimistic).isNotEqualTo(1L);

        clock.advance(Duration.ofSeconds(10));
        assertThat(c.unchoke(peers(table), false)).isEqualTo(first);
        clock.advance(Duration.ofSeconds(10));
        assertThat(c.unchoke(peers(table), false)).isEqualTo(first);

        clock.advance(Duration.ofSeconds(10)); // 30 s: a new turn, for someone else
        Set<Long> rotated = c.unchoke(peers(table), false);
        assertThat(rotated).contains(1L).hasSize(2);
        assertThat(c.optimistic()).doesNotContain(optimistic);

        // over many rounds every waiting peer, the snubbed one included, gets a turn
        Set<Long> turns = new HashSet<>();
        for (int round = 0; round < 40; round++) {
            clock.advance(Duration.ofSeconds(30));
            c.unchoke(peers(table), false);
            turns.addAll(c.optimistic());
        }
        assertThat(turns).containsExactlyInAnyOrder(2L, 3L, 4L, 5L);
    }

    @Test
    void optimisticPeerThatLeavesIsReplacedAtOnce() {
        Choker c = new Choker(config(0, 1), clock, new SplittableRandom(3));
        c.unchoke(peers("""
                1 i 0 0
                2 i 0 0
                """), false);
        long chosen = c.optimistic().iterator().next();
        long other = chosen == 1 ? 2 : 1;
        clock.advance(Duration.ofSeconds(10));
        Set<Long> next = c.unchoke(peers(other + " i 0 0"), false);
        assertThat(next).containsExactly(other);
    }

    @Test
    void newPeersAreThreeTimesLikelierForTheOptimisticSlot() {
        Map<Long, Integer> wins = new HashMap<>();
        for (long seed = 0; seed < 4000; seed++) {
            Choker c = new Choker(config(0, 1), clock, new SplittableRandom(seed));
            c.unchoke(peers("""
                    1 in 0 0
                    2 i 0 0
                    """), false);
            wins.merge(c.optimistic().iterator().next(), 1, Integer::sum);
        }
        // expected 3000 : 1000; the bounds are far outside what 4000 fair draws stray from
        assertThat(wins.get(1L)).isBetween(2800, 3200);
        assertThat(wins.get(2L)).isBetween(800, 1200);
    }

    @Test
    void noInterestedPeersMeansNobodyUnchoked() {
        Choker c = new Choker(ChokerConfig.defaults(), clock, new SplittableRandom(1));
        assertThat(c.unchoke(peers("""
                1 - 100 100
                2 u 0 0
                """), false)).isEmpty();
        assertThat(c.unchoke(List.of(), true)).isEmpty();
    }

    @Test
    void defaultsGiveFourRegularAndOneOptimisticSlot() {
        Choker c = new Choker(ChokerConfig.defaults(), clock, new SplittableRandom(1));
        StringBuilder table = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            table.append(i).append(" i ").append(i * 100).append(" 0\n");
        }
        Set<Long> unchoked = c.unchoke(peers(table.toString()), false);
        assertThat(unchoked).hasSize(5).contains(10L, 9L, 8L, 7L);
        assertThat(c.optimistic()).hasSize(1).doesNotContain(10L, 9L, 8L, 7L);
    }
}
