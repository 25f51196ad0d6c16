package io.lodestone.client.pex;

import io.lodestone.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.lodestone.client.pex.Bep11PexTest.addr;
import static org.assertj.core.api.Assertions.assertThat;

class PexStateTest {

    private final VirtualClock clock = new VirtualClock();
    private final PexState state = new PexState(clock);

    private static PexPeer peer(int i) {
        return PexPeer.of(addr("10.0.0." + i, 6881));
    }

    @Test
    void sendsDifferencesAtMostOncePerMinute() {
        PexMessage first = state.next(List.of(peer(1), peer(2))).orElseThrow();
        assertThat(first.added()).containsExactly(peer(1), peer(2));
        assertThat(first.dropped()).isEmpty();

        clock.advance(Duration.ofSeconds(59));
        assertThat(state.next(List.of(peer(2), peer(3)))).as("too soon").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        PexMessage second = state.next(List.of(peer(2), peer(3))).orElseThrow();
        assertThat(second.added()).containsExactly(peer(3));
        assertThat(second.dropped()).containsExactly(peer(1).address());
        assertThat(state.told()).containsExactlyInAnyOrder(peer(2).address(), peer(3).address());
    }

    @Test
    void sendsNothingWhenNothingChanged() {
        state.next(List.of(peer(1)));
        clock.advance(Duration.ofMinutes(5));
        assertThat(state.next(List.of(peer(1)))).isEmpty();
        // and an unchanged minute does not delay the next real change
        assertThat(state.next(List.of(peer(1), peer(2)))).isPresent();
    }

    @Test
    void aFlagChangeIsSentAgain() {
        state.next(List.of(peer(1)));
        clock.advance(Duration.ofMinutes(1));
        PexPeer seed = new PexPeer(peer(1).address(), PexPeer.SEED);
        assertThat(state.next(List.of(seed)).orElseThrow().added()).containsExactly(seed);
    }

    @Test
    void largeSwarmsAreToldFiftyAtATime() {
        List<PexPeer> current = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            current.add(PexPeer.of(addr("10.0." + (i / 200) + "." + (i % 200), 7000 + i)));
        }
        int told = 0;
        for (int minute = 0; minute < 3; minute++) {
            Optional<PexMessage> m = state.next(current);
            assertThat(m).isPresent();
            assertThat(m.get().added()).hasSizeLessThanOrEqualTo(PexCodec.MAX_ADDED);
            PexCodec.encode(m.get()); // always within the codec's limits
            told += m.get().added().size();
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(told).isEqualTo(120);
        assertThat(state.next(current)).isEmpty();
    }

    @Test
    void ignoresPeersThatSendTooOften() {
        assertThat(state.acceptIncoming()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(state.acceptIncoming()).as("jitter allowance").isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(state.acceptIncoming()).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(state.acceptIncoming()).isTrue();
    }
}
