package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lodestone.time.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthRatesTest {

    static DhtHealth.Figures queries(long in) {
        return new DhtHealth.Figures(0, in, 2 * in, 0, 0, 0, in / 10, 0, 0, DhtHealth.Latency.EMPTY);
    }

    @Test
    void firstSampleHasNoRates() {
        HealthRates r = new HealthRates(new VirtualClock(), Duration.ofMinutes(1));
        assertThat(r.update(queries(500))).isEqualTo(HealthRates.Rates.NONE);
    }

    @Test
    void ratesAreOverTheTrailingWindow() {
        VirtualClock clock = new VirtualClock();
        HealthRates r = new HealthRates(clock, Duration.ofSeconds(60));
        // 10 queries a second for 2 minutes, asked every 5 s
        HealthRates.Rates last = null;
        for (int s = 0; s <= 120; s += 5) {
            last = r.update(queries(10L * s));
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(last.windowSeconds()).isEqualTo(60.0);
        assertThat(last.queriesInPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(last.queriesOutPerSecond()).isCloseTo(20.0, within(1e-9));
        assertThat(last.harvestedPerSecond()).isCloseTo(1.0, within(1e-9));
        // then the rate drops to 1 a second: after a full window the old pace is forgotten
        long total = 1200;
        for (int s = 5; s <= 60; s += 5) {
            total += 5;
            last = r.update(queries(total));
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(last.queriesInPerSecond()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void memoryIsBoundedHoweverOftenItIsAsked() {
        VirtualClock clock = new VirtualClock();
        HealthRates r = new HealthRates(clock, Duration.ofSeconds(10));
        for (int i = 0; i < 10_000; i++) {
            r.update(queries(i));
            clock.advance(Duration.ofMillis(37));
        }
        assertThat(r.sampleCount()).isLessThanOrEqualTo(r.maxSamples());
    }

    @Test
    void aCounterThatWentDownCountsAsZero() {
        VirtualClock clock = new VirtualClock();
        HealthRates r = new HealthRates(clock, Duration.ofSeconds(60));
        r.update(queries(1000));
        clock.advance(Duration.ofSeconds(10));
        assertThat(r.update(queries(10)).queriesInPerSecond()).isZero();
    }

    @Test
    void figuresFromADhtSnapshot() {
        var snapshot = new io.lodestone.dht.node.MetricsSnapshot(java.util.Map.of("ping", 3L, "get_peers", 4L),
                java.util.Map.of("find_node", 5L), 6, 7, 1, 2, 8, 3, 0, 0, 0, 0, 0, 0, 0,
                io.lodestone.dht.node.MetricsSnapshot.Latency.EMPTY,
                new io.lodestone.dht.node.MetricsSnapshot.Latency(9, 1.5, 2.5, 3.5, 4.5), 100, 20, 0, 0);
        DhtHealth.Figures f = DhtHealth.Figures.of(snapshot, 11, 12, 13);
        assertThat(f).isEqualTo(new DhtHealth.Figures(120, 7, 5, 6, 8, 6, 11, 12, 13,
                new DhtHealth.Latency(9, 1.5, 2.5, 3.5, 4.5)));
    }

    @Test
    void tooShortAWindowIsRefused() {
        assertThatThrownBy(() -> new HealthRates(new VirtualClock(), Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
