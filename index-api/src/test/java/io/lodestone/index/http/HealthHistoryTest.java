package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.index.http.HealthHistory.Kind;
import io.lodestone.index.http.HealthHistory.Series;
import io.lodestone.time.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HealthHistoryTest {

    private final VirtualClock clock = new VirtualClock();

    @Test
    void keepsOneWindowOfSamplesOldestFirst() {
        AtomicLong gauge = new AtomicLong();
        HealthHistory h = new HealthHistory(clock, Duration.ofSeconds(10), Duration.ofSeconds(30),
                List.of(new Series("g", "G", Kind.GAUGE, gauge::incrementAndGet)));
        for (int i = 0; i < 10; i++) {
            assertThat(h.sampleIfDue()).isTrue();
            assertThat(h.sampleIfDue()).as("not due again at once").isFalse();
            clock.advance(Duration.ofSeconds(10));
        }
        HealthHistory.Snapshot s = h.snapshot();
        assertThat(h.size()).isEqualTo(4);
        assertThat(s.series().get(0).values()).containsExactly(7.0, 8.0, 9.0, 10.0);
        assertThat(s.secondsAgo()).containsExactly(40.0, 30.0, 20.0, 10.0);
        assertThat(s.windowSeconds()).isEqualTo(30);
        assertThat(s.intervalSeconds()).isEqualTo(10);
    }

    @Test
    void aCounterBecomesARatePerHourAndARestartIsNoIncrease() {
        long[] counter = {0, 100, 250, 40, 140};
        int[] i = {0};
        HealthHistory h = new HealthHistory(clock, Duration.ofSeconds(36), Duration.ofHours(1),
                List.of(new Series("r", "R", Kind.RATE_PER_HOUR, () -> counter[i[0]++])));
        for (int k = 0; k < counter.length; k++) {
            h.sampleIfDue();
            clock.advance(Duration.ofSeconds(36)); // a hundredth of an hour
        }
        assertThat(h.snapshot().series().get(0).values()).containsExactly(null, 10_000.0, 15_000.0, 0.0, 10_000.0);
    }

    @Test
    void aFailingSupplierLeavesAGapAndTheOthersGoOn() {
        AtomicLong n = new AtomicLong();
        HealthHistory h = new HealthHistory(clock, Duration.ofSeconds(1), Duration.ofSeconds(10), List.of(
                new Series("bad", "Bad", Kind.GAUGE, () -> {
                    if (n.get() % 2 == 1) {
                        throw new IllegalStateException("node stuck");
                    }
                    return n.get();
                }),
                new Series("good", "Good", Kind.GAUGE, () -> n.getAndIncrement())));
        for (int k = 0; k < 4; k++) {
            h.sampleIfDue();
            clock.advance(Duration.ofSeconds(1));
        }
        List<HealthHistory.Line> lines = h.snapshot().series();
        assertThat(lines.get(0).values()).containsExactly(0.0, null, 2.0, null);
        assertThat(lines.get(1).values()).containsExactly(0.0, 1.0, 2.0, 3.0);
    }

    @Test
    void refusesWhatWouldBeUnboundedOrAmbiguous() {
        Series s = new Series("a", "A", Kind.GAUGE, () -> 1);
        assertThatThrownBy(() -> new HealthHistory(clock, Duration.ofMillis(10), Duration.ofHours(1), List.of(s)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HealthHistory(clock, Duration.ofSeconds(1), Duration.ofDays(1), List.of(s)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HealthHistory(clock, Duration.ofSeconds(1), Duration.ofMinutes(1), List.of(s, s)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
