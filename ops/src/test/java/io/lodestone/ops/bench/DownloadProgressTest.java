package io.lodestone.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DownloadProgressTest {

    @Test
    void interpolatesBetweenSamplesEitherWay() {
        DownloadProgress p = new DownloadProgress();
        p.add(0.1, 100);
        p.add(0.3, 500);
        p.add(0.5, 1000);
        assertThat(p.secondsTo(50)).isCloseTo(0.05, within(1e-9)); // from the start, 0 bytes at 0 s
        assertThat(p.secondsTo(300)).isCloseTo(0.2, within(1e-9));
        assertThat(p.secondsTo(1000)).isCloseTo(0.5, within(1e-9));
        assertThat(p.secondsTo(1001)).isNaN();
        assertThat(p.bytesAt(0.05)).isCloseTo(50, within(1e-9));
        assertThat(p.bytesAt(0.2)).isCloseTo(300, within(1e-9));
        assertThat(p.bytesAt(0.5)).isCloseTo(1000, within(1e-9));
        assertThat(p.bytesAt(0.51)).isNaN();
    }

    @Test
    void theLateRateLeavesASlowStartOut() {
        DownloadProgress p = new DownloadProgress();
        // 100 bytes/s for a second, then 1000 bytes/s
        p.add(1.0, 100);
        for (int i = 1; i <= 10; i++) {
            p.add(1.0 + i * 0.1, 100 + i * 100);
        }
        assertThat(p.rateBetween(550, 1045)).isCloseTo(1000, within(1e-6));
        assertThat(p.rateBetween(0, 1100)).isCloseTo(1100 / 2.0, within(1e-6));
        assertThat(p.rateBetween(500, 2000)).isNaN();
    }

    @Test
    void aSampleStepThatHoldsStillIsTakenAtItsFirstTime() {
        DownloadProgress p = new DownloadProgress();
        p.add(0.2, 0);
        p.add(0.4, 0);
        p.add(0.6, 200);
        assertThat(p.secondsTo(100)).isCloseTo(0.5, within(1e-9));
        assertThat(p.secondsTo(0)).isEqualTo(0.2);
    }

    @Test
    void samplesOutOfOrderAreRefused() {
        DownloadProgress p = new DownloadProgress();
        p.add(0.5, 10);
        assertThatThrownBy(() -> p.add(0.4, 20)).isInstanceOf(IllegalArgumentException.class);
    }
}
