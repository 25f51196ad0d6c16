package io.lodestone.crawler.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.time.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScrapeBudgetTest {

    @Test
    void theLongRunRateStaysAtTheBudgetAndConcurrencyAtItsCap() {
        VirtualClock clock = new VirtualClock();
        ScrapeBudget b = new ScrapeBudget(clock, new ScrapeConfig(true, 10, 50, Duration.ofHours(1), 2));
        assertThat(b.tryStart()).isTrue();
        assertThat(b.tryStart()).isTrue();
        assertThat(b.tryStart()).as("two at once at most").isFalse();
        b.finished(30);
        b.finished(30);
        // 50 - 60 = -10 tokens: the next must wait until the average cost is back in the bucket
        assertThat(b.tryStart()).isFalse();
        assertThat(b.nanosUntilAffordable()).isPositive();
        long started = 0;
        for (int s = 0; s < 600; s++) {
            clock.advance(Duration.ofSeconds(1));
            while (b.tryStart()) {
                started++;
                b.finished(30);
            }
        }
        // 10 packets/s for 600 s, 30 per lookup: about 200 lookups (plus what the burst held)
        assertThat(started).isBetween(195L, 205L);
        assertThat(b.packets()).isEqualTo(60 + started * 30);
        assertThat(b.running()).isZero();
    }
}
