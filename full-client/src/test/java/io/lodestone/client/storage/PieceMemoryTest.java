package io.lodestone.client.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PieceMemoryTest {

    @Test
    void takesOnlyWhatFitsUnderTheLimit() {
        PieceMemory m = new PieceMemory(100);
        assertThat(m.tryTake(60)).isTrue();
        assertThat(m.tryTake(41)).isFalse();
        assertThat(m.taken()).as("a refused take leaves nothing behind").isEqualTo(60);
        assertThat(m.tryTake(40)).isTrue();
        m.give(60);
        assertThat(m.taken()).isEqualTo(40);
        assertThat(m.tryTake(60)).isTrue();
        assertThat(m.tryTake(0)).isTrue();
    }

    @Test
    void aZeroLimitHoldsNothing() {
        assertThat(new PieceMemory(0).tryTake(1)).isFalse();
    }

    @Test
    void badAmountsAreRefused() {
        assertThatThrownBy(() -> new PieceMemory(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PieceMemory(10).tryTake(-1)).isInstanceOf(IllegalArgumentException.class);
        PieceMemory m = new PieceMemory(10);
        assertThatThrownBy(() -> m.give(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theConfigNamesTheProcessWideLimit() {
        StorageConfig c = StorageConfig.defaults().withDirectPieceBytesTotal(5L << 20);
        assertThat(PieceMemory.of(c).limit()).isEqualTo(5L << 20);
        assertThat(PieceMemory.of(StorageConfig.defaults()).limit())
                .isEqualTo(StorageConfig.DEFAULT_DIRECT_PIECE_BYTES_TOTAL);
        assertThatThrownBy(() -> StorageConfig.defaults().withDirectPieceBytesTotal(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyThreadsNeverHoldMoreThanTheLimit() throws InterruptedException {
        PieceMemory m = new PieceMemory(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Long> over = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    if (m.tryTake(3)) {
                        long now = m.taken();
                        if (now > 10) {
                            over.add(now);
                        }
                        m.give(3);
                    }
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(over).isEmpty();
        assertThat(m.taken()).isZero();
    }
}
