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

    @Test
    void zeroMeansUnlimited() {
        TokenBucket b = new TokenBucket(new VirtualClock(), 0);
        b.spend(Long.MAX_VALUE / 2);
        assertThat(b.available()).isTrue();
        assertThat(b.nanosUntilAvailable()).isZero();
    }
}
