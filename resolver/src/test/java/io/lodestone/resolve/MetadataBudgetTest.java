package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetadataBudgetTest {

    @Test
    void reservesUpToTheLimitAndNoFurther() {
        MetadataBudget b = new MetadataBudget(100);
        assertThat(b.tryReserve(60)).isTrue();
        assertThat(b.tryReserve(41)).isFalse();
        assertThat(b.used()).isEqualTo(60);
        assertThat(b.tryReserve(40)).isTrue();
        assertThat(b.used()).isEqualTo(100);
        b.release(100);
        assertThat(b.used()).isZero();
    }

    @Test
    void releasingMoreThanHeldIsABug() {
        MetadataBudget b = new MetadataBudget(100);
        b.tryReserve(10);
        assertThatThrownBy(() -> b.release(11)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.tryReserve(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MetadataBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theConfiguredBudgetAlwaysHoldsTheLargestMetadata() {
        FetchConfig d = FetchConfig.defaults();
        assertThat(d.maxBufferedMetadata()).isEqualTo(FetchConfig.DEFAULT_MAX_BUFFERED_METADATA)
                .isGreaterThanOrEqualTo(d.maxMetadataSize());
        // raising the metadata limit raises the budget with it, so one such metadata still fits
        FetchConfig huge = d.withMaxMetadataSize(Integer.MAX_VALUE);
        assertThat(huge.maxBufferedMetadata()).isEqualTo(Integer.MAX_VALUE);
        assertThat(d.withMaxMetadataSize(1024).maxBufferedMetadata()).isEqualTo(d.maxBufferedMetadata());
        assertThatThrownBy(() -> d.withMaxBufferedMetadata(d.maxMetadataSize() - 1L))
                .isInstanceOf(IllegalArgumentException.class);
        // the constructor without a budget picks the default, or the metadata limit if larger
        FetchConfig old = new FetchConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Integer.MAX_VALUE, 1, 0, Duration.ofSeconds(1), Duration.ofSeconds(1),
                d.maxFrameLength(), "x");
        assertThat(old.maxBufferedMetadata()).isEqualTo(Integer.MAX_VALUE);
    }
}
