package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrickleGuardTest {

    private static final long S = 1_000_000_000L;

    @Test
    void nothingIsCheckedDuringGraceAndTheFirstWindow() {
        TrickleGuard g = new TrickleGuard(100, 5 * S, 2 * S, 0);
        assertThat(g.check(6 * S)).isNull();
    }

    @Test
    void burstInGraceDoesNotPayForLaterTrickle() {
        TrickleGuard g = new TrickleGuard(100, 5 * S, 2 * S, 0);
        g.received(1_000_000, S);
        g.received(10, 6 * S);
        assertThat(g.check(7 * S)).contains("10 bytes");
    }

    @Test
    void steadyPeerPassesWindowAfterWindow() {
        TrickleGuard g = new TrickleGuard(100, S, S, 0);
        for (long t = S; t < 20 * S; t += S / 10) {
            g.received(20, t);
            assertThat(g.check(t)).isNull();
        }
    }

    @Test
    void zeroMinimumNeverTrips() {
        TrickleGuard g = new TrickleGuard(0, S, S, 0);
        assertThat(g.check(100 * S)).isNull();
    }
}
