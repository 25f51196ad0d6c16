package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdaptiveConnectTimeoutTest {

    static final Duration FLOOR = Duration.ofMillis(1_500);
    static final Duration CEILING = Duration.ofSeconds(3);

    @Test
    void theCeilingUntilEnoughConnectsSucceeded() {
        AdaptiveConnectTimeout t = new AdaptiveConnectTimeout(FLOOR, CEILING);
        for (int i = 0; i < AdaptiveConnectTimeout.MIN_SAMPLES - 1; i++) {
            t.connected(1_000_000);
        }
        assertThat(t.timeout()).isEqualTo(CEILING);
        t.connected(1_000_000);
        assertThat(t.timeout()).as("near peers: down to the floor").isEqualTo(FLOOR);
    }

    @Test
    void threeTimesTheNinetyFifthPercentileBetweenFloorAndCeiling() {
        AdaptiveConnectTimeout t = new AdaptiveConnectTimeout(FLOOR, CEILING);
        // 95 connects of 100 ms and 5 of 700 ms: the 95th percentile is 100 ms... until the slow share grows
        for (int i = 0; i < 100; i++) {
            t.connected(i % 20 == 0 ? 700_000_000L : 100_000_000L);
        }
        assertThat(t.timeout()).isEqualTo(FLOOR);
        for (int i = 0; i < 20; i++) {
            t.connected(700_000_000L);
        }
        assertThat(t.timeout()).isEqualTo(Duration.ofMillis(2_100));
        for (int i = 0; i < AdaptiveConnectTimeout.WINDOW; i++) {
            t.connected(2_500_000_000L); // far peers: back to the ceiling, never above
        }
        assertThat(t.timeout()).isEqualTo(CEILING);
        for (int i = 0; i < AdaptiveConnectTimeout.WINDOW; i++) {
            t.connected(200_000L); // the window moves on: only recent connects count
        }
        assertThat(t.timeout()).isEqualTo(FLOOR);
    }

    @Test
    void aFloorAboveTheCeilingMakesItFixed() {
        AdaptiveConnectTimeout t = new AdaptiveConnectTimeout(Duration.ofSeconds(5), CEILING);
        for (int i = 0; i < 100; i++) {
            t.connected(1_000);
        }
        assertThat(t.timeout()).isEqualTo(CEILING);
        AdaptiveConnectTimeout fixed = AdaptiveConnectTimeout.fixed(Duration.ofSeconds(10));
        fixed.connected(1);
        assertThat(fixed.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> new AdaptiveConnectTimeout(Duration.ZERO, CEILING))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
