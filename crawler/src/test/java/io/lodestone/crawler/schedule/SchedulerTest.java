package io.lodestone.crawler.schedule;

import static io.lodestone.crawler.HarvestSource.ANNOUNCE;
import static io.lodestone.crawler.HarvestSource.GET_PEERS;
import static io.lodestone.crawler.HarvestSource.SAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.CrawlTime;
import io.lodestone.crawler.PendingHash;
import io.lodestone.time.VirtualClock;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final Backoff BACKOFF = new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(10), 5);

    final VirtualClock clock = new VirtualClock(1_000_000_000L);
    final CrawlTime time = CrawlTime.of(clock, T0);
    final Scheduler s = new Scheduler(BACKOFF, 100, 3, time);

    static InfoHash h(int i) {
        return InfoHash.fromHex(String.format("%040x", i + 1));
    }

    static InetSocketAddress peer(int i) {
        return new InetSocketAddress("127.0.0." + (i + 1), 6881);
    }

    List<InfoHash> drain() {
        List<InfoHash> out = new ArrayList<>();
        for (Scheduler.Job j; (j = s.next(clock.nanos())) != null; ) {
            out.add(j.infoHash());
        }
        return out;
    }

    @Test
    void announcedWithALivePeerFirstThenMultiSourceThenOldest() {
        s.offer(h(0), SAMPLE, null, clock.nanos());
        clock.advance(Duration.ofSeconds(1));
        s.offer(h(1), GET_PEERS, null, clock.nanos());
        clock.advance(Duration.ofSeconds(1));
        s.offer(h(2), SAMPLE, null, clock.nanos());
        s.offer(h(2), GET_PEERS, null, clock.nanos()); // two kinds of source
        clock.advance(Duration.ofSeconds(1));
        s.offer(h(3), ANNOUNCE, peer(3), clock.nanos());
        clock.advance(Duration.ofSeconds(1));
        s.offer(h(4), SAMPLE, null, clock.nanos());
        s.offer(h(0), SAMPLE, null, clock.nanos()); // seen again, still one kind of source

        // one kind of source each: stored somewhere (sampled) before merely looked for, then by age
        assertThat(drain()).containsExactly(h(3), h(2), h(0), h(4), h(1));
        assertThat(s.inFlight()).isEqualTo(5);
    }

    @Test
    void plainJobsCanBeHeldBackWhileOthersGoAhead() {
        s.offer(h(0), GET_PEERS, null, clock.nanos());
        s.offer(h(1), SAMPLE, null, clock.nanos());
        s.offer(h(1), GET_PEERS, null, clock.nanos());
        Scheduler.Job multi = s.next(clock.nanos(), false);
        assertThat(multi.infoHash()).isEqualTo(h(1));
        assertThat(multi.plain()).isFalse();
        assertThat(s.next(clock.nanos(), false)).isNull();
        Scheduler.Job plain = s.next(clock.nanos(), true);
        assertThat(plain.infoHash()).isEqualTo(h(0));
        assertThat(plain.plain()).isTrue();
        s.offer(h(2), ANNOUNCE, peer(2), clock.nanos());
        assertThat(s.next(clock.nanos(), false).plain()).isFalse();
        s.offer(h(3), SAMPLE, null, clock.nanos());
        assertThat(s.next(clock.nanos(), false).plain()).as("sampled from a node's store").isFalse();
    }

    @Test
    void theJobCarriesTheAnnouncedPeersNewestKept() {
        for (int i = 0; i < 5; i++) {
            s.offer(h(0), ANNOUNCE, peer(i), clock.nanos());
        }
        s.offer(h(0), ANNOUNCE, peer(4), clock.nanos()); // the same again: no duplicate
        Scheduler.Job j = s.next(clock.nanos());
        assertThat(j.livePeers()).containsExactly(peer(2), peer(3), peer(4));
        assertThat(j.attempt()).isEqualTo(1);
        assertThat(s.pending(h(0)).seenCount()).isEqualTo(6);
    }

    @Test
    void backoffDoublesUpToItsCapAndTheHashIsAbandonedAfterMaxAttempts() {
        s.offer(h(0), SAMPLE, null, clock.nanos());
        List<Duration> waits = new ArrayList<>();
        Scheduler.Failure last = null;
        for (int attempt = 1; attempt <= BACKOFF.maxAttempts(); attempt++) {
            Scheduler.Job j = s.next(clock.nanos());
            assertThat(j).as("attempt %d due", attempt).isNotNull();
            assertThat(j.attempt()).isEqualTo(attempt);
            last = s.failed(h(0), clock.nanos());
            if (last instanceof Scheduler.Retry r) {
                Duration wait = Duration.between(time.now(), r.pending().nextAttempt());
                waits.add(wait);
                // not a nanosecond early
                clock.advance(wait.minusNanos(1));
                assertThat(s.next(clock.nanos())).isNull();
                clock.advance(Duration.ofNanos(1));
            }
        }
        assertThat(waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8));
        assertThat(last).isInstanceOf(Scheduler.Abandon.class);
        assertThat(last.pending().attempts()).isEqualTo(5);
        assertThat(s.contains(h(0))).isFalse();
        assertThat(s.size()).isZero();
        assertThat(s.inFlight()).isZero();
    }

    @Test
    void backoffIsCapped() {
        Backoff b = new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(10), 64);
        assertThat(b.delayNanos(1)).isEqualTo(Duration.ofMinutes(1).toNanos());
        assertThat(b.delayNanos(4)).isEqualTo(Duration.ofMinutes(8).toNanos());
        assertThat(b.delayNanos(5)).isEqualTo(Duration.ofMinutes(10).toNanos());
        assertThat(b.delayNanos(63)).isEqualTo(Duration.ofMinutes(10).toNanos());
    }

    @Test
    void anAnnounceWithANewPeerCutsTheBackoffShortButASampleDoesNot() {
        s.offer(h(0), SAMPLE, null, clock.nanos());
        s.next(clock.nanos());
        s.failed(h(0), clock.nanos());
        clock.advance(Duration.ofSeconds(5));
        s.offer(h(0), SAMPLE, null, clock.nanos());
        s.offer(h(0), GET_PEERS, null, clock.nanos());
        assertThat(s.next(clock.nanos())).isNull();
        s.offer(h(0), ANNOUNCE, peer(1), clock.nanos());
        Scheduler.Job j = s.next(clock.nanos());
        assertThat(j).isNotNull();
        assertThat(j.livePeers()).containsExactly(peer(1));
        assertThat(j.attempt()).isEqualTo(2);
    }

    @Test
    void fullPendingSetRefusesNewHashesAndKeepsATenthForLiveSightings() {
        Scheduler small = new Scheduler(BACKOFF, 20, 3, time);
        for (int i = 0; i < 18; i++) {
            assertThat(small.offer(h(i), SAMPLE, null, clock.nanos())).isEqualTo(Scheduler.Admission.ADDED);
        }
        assertThat(small.offer(h(18), SAMPLE, null, clock.nanos())).isEqualTo(Scheduler.Admission.FULL);
        assertThat(small.offer(h(18), GET_PEERS, null, clock.nanos())).isEqualTo(Scheduler.Admission.ADDED);
        assertThat(small.offer(h(19), ANNOUNCE, peer(0), clock.nanos())).isEqualTo(Scheduler.Admission.ADDED);
        assertThat(small.offer(h(20), ANNOUNCE, peer(0), clock.nanos())).isEqualTo(Scheduler.Admission.FULL);
        assertThat(small.offer(h(3), SAMPLE, null, clock.nanos())).isEqualTo(Scheduler.Admission.UPDATED);
        assertThat(small.size()).isEqualTo(20);
    }

    @Test
    void restoredHashesKeepTheirBackoffAndComeDueOnTheWallClock() {
        Instant later = T0.plus(Duration.ofDays(1));
        CrawlTime afterRestart = CrawlTime.of(new VirtualClock(5), later);
        Scheduler fresh = new Scheduler(BACKOFF, 100, 3, afterRestart);
        PendingHash due = new PendingHash(h(1), T0, 3, 1, 2, later.minusSeconds(10));
        PendingHash notYet = new PendingHash(h(2), T0.minusSeconds(5), 1, 1, 1, later.plusSeconds(30));
        assertThat(fresh.restore(due)).isTrue();
        assertThat(fresh.restore(notYet)).isTrue();
        assertThat(fresh.restore(due)).isFalse();
        Scheduler.Job j = fresh.next(afterRestart.nanos());
        assertThat(j.infoHash()).isEqualTo(h(1));
        assertThat(j.attempt()).isEqualTo(3);
        assertThat(fresh.next(afterRestart.nanos())).isNull();
        assertThat(fresh.takeDirty(10)).as("restored entries are stored already").isEmpty();
        assertThat(fresh.pending(h(2)).nextAttempt()).isEqualTo(later.plusSeconds(30));
    }

    @Test
    void dirtyEntriesAreNewOnesNewSourcesAndFailuresButNotMereRepeats() {
        s.offer(h(0), SAMPLE, null, clock.nanos());
        assertThat(s.takeDirty(10)).extracting(PendingHash::infoHash).containsExactly(h(0));
        s.offer(h(0), SAMPLE, null, clock.nanos());
        assertThat(s.takeDirty(10)).isEmpty();
        s.offer(h(0), GET_PEERS, null, clock.nanos());
        assertThat(s.takeDirty(10)).singleElement().satisfies(p -> {
            assertThat(p.sourceCount()).isEqualTo(2);
            assertThat(p.seenCount()).isEqualTo(3);
        });
        s.offer(h(0), GET_PEERS, null, clock.nanos());
        s.next(clock.nanos());
        s.failed(h(0), clock.nanos());
        assertThat(s.takeDirty(10)).singleElement().satisfies(p -> assertThat(p.attempts()).isEqualTo(1));
        s.offer(h(0), GET_PEERS, null, clock.nanos());
        assertThat(s.takeAllChanged()).singleElement().satisfies(p -> assertThat(p.seenCount()).isEqualTo(5));
    }

    @Test
    void successAndRemovalForgetTheHash() {
        s.offer(h(0), SAMPLE, null, clock.nanos());
        s.offer(h(1), SAMPLE, null, clock.nanos());
        assertThat(s.succeeded(h(0))).as("not in flight yet").isNull();
        s.next(clock.nanos());
        PendingHash p = s.succeeded(h(0));
        assertThat(p.firstSeen()).isEqualTo(T0);
        assertThat(s.remove(h(1))).isNotNull();
        assertThat(s.size()).isZero();
        assertThat(s.inFlight()).isZero();
        assertThat(s.next(clock.nanos())).isNull();
    }

    @Test
    void hopelessHashesAreGivenUpAfterThreeSuchAttemptsInARowAndJobsCarryTheirHolders() {
        InetSocketAddress holder = new InetSocketAddress("127.0.0.50", 6881);
        s.offer(h(0), SAMPLE, null, clock.nanos(), holder);
        s.offer(h(1), SAMPLE, null, clock.nanos());
        Scheduler.Job j = s.next(clock.nanos());
        assertThat(j.infoHash()).isEqualTo(h(0));
        assertThat(j.holders()).containsExactly(holder);
        assertThat(s.failed(h(0), clock.nanos(), true)).isInstanceOf(Scheduler.Retry.class);
        assertThat(s.next(clock.nanos()).infoHash()).isEqualTo(h(1));
        clock.advance(Duration.ofMinutes(2));
        assertThat(s.next(clock.nanos()).infoHash()).isEqualTo(h(0));
        assertThat(s.failed(h(0), clock.nanos(), true)).isInstanceOf(Scheduler.Retry.class);
        clock.advance(Duration.ofMinutes(3));
        assertThat(s.next(clock.nanos()).infoHash()).isEqualTo(h(0));
        assertThat(s.failed(h(0), clock.nanos(), true)).isInstanceOf(Scheduler.Abandon.class);
        // a failure with hope in between starts the count again
        assertThat(s.failed(h(1), clock.nanos(), true)).isInstanceOf(Scheduler.Retry.class);
        clock.advance(Duration.ofMinutes(10));
        assertThat(s.next(clock.nanos()).infoHash()).isEqualTo(h(1));
        assertThat(s.failed(h(1), clock.nanos(), true)).isInstanceOf(Scheduler.Retry.class);
        clock.advance(Duration.ofMinutes(10));
        assertThat(s.next(clock.nanos()).infoHash()).isEqualTo(h(1));
        assertThat(s.failed(h(1), clock.nanos(), false)).isInstanceOf(Scheduler.Retry.class);
        clock.advance(Duration.ofMinutes(10));
        assertThat(s.next(clock.nanos()).infoHash()).isEqualTo(h(1));
        assertThat(s.failed(h(1), clock.nanos(), true)).isInstanceOf(Scheduler.Retry.class);
    }

    @Test
    void moreDistinctAnnouncersGoFirst() {
        s.offer(h(0), ANNOUNCE, peer(0), clock.nanos());
        clock.advance(Duration.ofSeconds(1));
        s.offer(h(1), ANNOUNCE, peer(1), clock.nanos());
        s.offer(h(1), ANNOUNCE, peer(2), clock.nanos());
        assertThat(drain()).containsExactly(h(1), h(0));
    }

    @Test
    void withAStartSpreadANewHashWaitsTheTimeItsBitsPickAndAnAnnounceDoesNotCutThatWait() {
        long spread = Duration.ofSeconds(10).toNanos();
        Scheduler spreading = new Scheduler(BACKOFF, 100, 3, time, spread);
        // top 64 bits 0x4000...: a quarter of the spread; 0xC000...: three quarters
        InfoHash early = InfoHash.fromHex("4000000000000000" + "0".repeat(24));
        InfoHash late = InfoHash.fromHex("c000000000000000" + "0".repeat(24));
        assertThat(Scheduler.startDelay(early, spread)).isEqualTo(spread / 4);
        assertThat(Scheduler.startDelay(late, spread)).isEqualTo(3 * spread / 4);
        long t0 = clock.nanos();
        spreading.offer(late, SAMPLE, null, t0);
        spreading.offer(early, SAMPLE, null, t0);
        assertThat(spreading.next(t0)).isNull();
        spreading.offer(early, ANNOUNCE, peer(1), t0 + 1); // a live peer: still waits its spread
        assertThat(spreading.next(t0 + spread / 4 - 1)).isNull();
        assertThat(spreading.next(t0 + spread / 4).infoHash()).isEqualTo(early);
        assertThat(spreading.next(t0 + 3 * spread / 4 - 1)).isNull();
        assertThat(spreading.next(t0 + 3 * spread / 4).infoHash()).isEqualTo(late);
        // a retry after a failure waits its backoff only, not the spread again
        Scheduler.Failure f = spreading.failed(early, t0 + spread);
        assertThat(f).isInstanceOf(Scheduler.Retry.class);
        spreading.offer(early, ANNOUNCE, peer(2), t0 + spread + 1); // a new peer: at once
        assertThat(spreading.next(t0 + spread + 1).infoHash()).isEqualTo(early);
    }

    @Test
    void startDelaysSpreadEvenlyOverTheSpread() {
        long spread = 1_000_000L;
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        int[] tenths = new int[10];
        for (int i = 0; i < 10_000; i++) {
            byte[] b = new byte[20];
            r.nextBytes(b);
            long d = Scheduler.startDelay(InfoHash.v1(b), spread);
            assertThat(d).isBetween(0L, spread - 1);
            tenths[(int) (d * 10 / spread)]++;
        }
        for (int n : tenths) {
            assertThat(n).isBetween(850, 1150);
        }
        assertThat(Scheduler.startDelay(h(1), 0)).isZero();
    }
}
