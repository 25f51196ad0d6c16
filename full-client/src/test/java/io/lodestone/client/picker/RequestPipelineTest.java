package io.lodestone.client.picker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestPipelineTest {

    private final RequestPipeline pipeline = RequestPipeline.defaults();

    @Test
    void depthCoversThreeSecondsOfThePeersRate() {
        assertThat(pipeline.depth(16 * 1024)).isEqualTo(3);            // 1 block/s -> 3
        assertThat(pipeline.depth(1024 * 1024)).isEqualTo(192);        // 64 blocks/s * 3
        assertThat(pipeline.depth(100 * 1024)).isEqualTo(19);          // 18.75 rounds up
    }

    @Test
    void depthIsBoundedBelowAndAbove() {
        assertThat(pipeline.depth(0)).as("no rate yet: libtorrent 2.0's start").isEqualTo(4);
        assertThat(pipeline.depth(-5)).isEqualTo(4);
        assertThat(pipeline.depth(1000)).as("a measured trickle: the floor").isEqualTo(2);
        assertThat(pipeline.depth(10L * 1024 * 1024)).isEqualTo(500);
        assertThat(pipeline.depth(Long.MAX_VALUE)).isEqualTo(500);
    }

    @Test
    void depthGrowsWithRate() {
        int previous = 0;
        for (long rate = 0; rate < 5_000_000; rate += 37_000) {
            int d = pipeline.depth(rate);
            assertThat(d).isGreaterThanOrEqualTo(previous);
            previous = d;
        }
    }

    @Test
    void followsItsConfig() {
        RequestPipeline p = new RequestPipeline(
                new PickerConfig(4, 2, Duration.ofSeconds(1), 8, 5, 50, Duration.ofSeconds(20), 0, false));
        assertThat(p.depth(0)).isEqualTo(8);
        assertThat(p.depth(16 * 1024)).isEqualTo(5);
        assertThat(p.depth(16 * 1024 * 10)).isEqualTo(10);
        assertThat(p.depth(16 * 1024 * 1000)).isEqualTo(50);
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(p.snubbed(t, t.plusSeconds(19))).isFalse();
        assertThat(p.snubbed(t, t.plusSeconds(20))).isTrue();
    }

    @Test
    void anInitialDepthOutsideTheBoundsIsRefused() {
        assertThatThrownBy(() -> new PickerConfig(4, 2, Duration.ofSeconds(3), 1, 2, 500, Duration.ofSeconds(60), 0, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PickerConfig(4, 2, Duration.ofSeconds(3), 501, 2, 500, Duration.ofSeconds(60), 0, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void peerIsSnubbedAfterSixtySecondsWithoutABlock() {
        Instant last = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(pipeline.snubbed(last, last.plusSeconds(59))).isFalse();
        assertThat(pipeline.snubbed(last, last.plusSeconds(60))).isTrue();
        assertThat(pipeline.snubbed(last, last.minusSeconds(5))).as("clock order mixed up: not snubbed").isFalse();
    }
}
