package io.lodestone.client.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.time.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateTest {

    @Test
    void rateMeterAveragesOverItsWindowAndForgetsOldBytes() {
        VirtualClock clock = new VirtualClock();
        RateMeter m = new RateMeter(clock);
        for (int s = 0; s < RateMeter.WINDOW_SECONDS; s++) {
            m.add(1000);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(m.rate()).isBetween(900L, 1000L);
        clock.advance(Duration.ofSeconds(RateMeter.WINDOW_SECONDS + 1));
        assertThat(m.rate()).isZero();
        assertThat(m.total()).isEqualTo(5000);
    }

    @Test
    void tokenBucketGoesIntoDebtAndRefillsAtItsRate() {
        VirtualClock clock = new VirtualClock();
        TokenBucket b = new TokenBucket(clock, 10_000);
        assertThat(b.available()).isTrue();
        b.spend(16_384);
        assertThat(b.available()).isFalse();
        assertThat(b.nanosUntilAvailable()).isBetween(Duration.ofMillis(600).toNanos(), Duration.ofMillis(700).toNanos());
        clock.advance(Duration.ofMillis(700));
        assertThat(b.available()).isTrue();
    }

    /**
     * One torrent asks on every block (every 10 ms), another only on its one-second tick: the
     * second must still get its turns, where it used to find the balance drained every time.
     */
    @Test
    void anOwnerThatAsksRarelyIsNotStarvedByOneThatAsksOften() {
        VirtualClock clock = new VirtualClock();
        TokenBucket b = new TokenBucket(clock, 50_000);
        Object often = "often";
        Object rarely = "rarely";
        int oftenGot = 0;
        int rarelyGot = 0;
        for (int ms = 0; ms < 20_000; ms += 10) {
            if (b.available(often)) {
                b.spend(16_384);
                oftenGot++;
            }
            if (ms % 1000 == 0 && b.available(rarely)) {
                b.spend(16_384);
                rarelyGot++;
            }
            clock.advance(Duration.ofMillis(10));
        }
        assertThat(rarelyGot).as("grants to the one asking once a second").isGreaterThanOrEqualTo(8);
        assertThat(oftenGot).as("the other still gets the rest").isGreaterThanOrEqualTo(40);
        assertThat((oftenGot + rarelyGot) * 16_384L).as("and the rate still holds").isLessThanOrEqualTo(21 * 50_000L);
    }

    @Test
    void aPlaceInLineLapsesWhenItsOwnerStopsAsking() {
        VirtualClock clock = new VirtualClock();
        TokenBucket b = new TokenBucket(clock, 10_000);
        b.spend(20_000);
        assertThat(b.available("gone")).isFalse(); // in line, then never asks again
        clock.advance(Duration.ofSeconds(3));
        assertThat(b.available("here")).as("the lapsed place holds nobody back").isTrue();
    }

    @Test
    void anOwnerThatLeavesHoldsNobodyBackEvenBeforeItsPlaceLapses() {
        VirtualClock clock = new VirtualClock();
        TokenBucket b = new TokenBucket(clock, 10_000);
        b.spend(20_000);
        assertThat(b.available("stopped")).isFalse();
        assertThat(b.available("running")).isFalse(); // second in line
        clock.advance(Duration.ofMillis(1_500)); // the balance is positive again, "stopped" still first in line
        assertThat(b.available("running")).as("behind the stopped one").isFalse();
        b.leave("stopped");
        assertThat(b.available("running")).as("first in line once the stopped one left").isTrue();
    }

    @Test
    void zeroMeansUnlimited() {
        TokenBucket b = new TokenBucket(new VirtualClock(), 0);
        b.spend(Long.MAX_VALUE / 2);
        assertThat(b.available()).isTrue();
        assertThat(b.nanosUntilAvailable()).isZero();
    }
}
