package io.lodestone.wire.utp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The connection state machine end to end over in-memory links on a virtual clock: the byte
 * stream arrives intact and in order through loss, duplication and reordering; the window reacts
 * to queuing delay; handshakes that get no answer, resets and a reader that stops all end as they
 * should. Everything is seeded; nothing depends on wall time.
 */
class UtpConnectionTest {

    private static final UtpConfig CONFIG = UtpConfig.defaults();

    @Test
    void aMebibyteArrivesIntactOnACleanPath() {
        UtpPair pair = new UtpPair(CONFIG, 1, 0, 0, Duration.ofMillis(10), Duration.ZERO, 0);
        byte[] data = UtpPair.randomBytes(1 << 20, 1);
        assertThat(UtpPair.mismatch(pair.transfer(data, Duration.ofSeconds(60)), data)).isEqualTo(-1);
        assertThat(pair.a.finishedSending()).isTrue();
        assertThat(pair.b.atEof()).isTrue();
        assertThat(pair.a.error()).isNull();
        assertThat(pair.toB.dropped).isZero();
    }

    @ParameterizedTest(name = "seed {0}: {1} loss, {2} duplicated, {3} ms jitter")
    @CsvSource({"11, 0.05, 0.02, 30", "12, 0.10, 0.05, 30", "13, 0.20, 0.05, 50", "14, 0.05, 0.20, 80",
            "15, 0.15, 0.00, 0"})
    void theStreamSurvivesLossDuplicationAndReordering(long seed, double loss, double dup, int jitterMs) {
        UtpPair pair = new UtpPair(CONFIG, seed, loss, dup, Duration.ofMillis(20), Duration.ofMillis(jitterMs), 0);
        byte[] data = UtpPair.randomBytes(512 * 1024, seed);
        byte[] got = pair.transfer(data, Duration.ofMinutes(10));
        assertThat(pair.a.error()).as("sender's error").isNull();
        assertThat(UtpPair.mismatch(got, data)).isEqualTo(-1);
        assertThat(pair.b.atEof()).isTrue();
        assertThat(pair.toB.dropped + pair.toA.dropped).isPositive();
        // nothing grows without bound: both sides hold at most their buffers
        assertThat(pair.maxHeld).isLessThanOrEqualTo(2L * CONFIG.sendBuffer() + 2L * CONFIG.receiveBuffer());
    }

    @Test
    void theWindowStopsGrowingWhenABottleneckQueueBuildsDelay() {
        // 1 MB/s behind an unbounded queue: a window of 1 MiB would queue a second of delay
        UtpPair pair = new UtpPair(CONFIG, 3, 0, 0, Duration.ofMillis(10), Duration.ZERO, 1_000_000);
        byte[] data = UtpPair.randomBytes(6 << 20, 3);
        assertThat(UtpPair.mismatch(pair.transfer(data, Duration.ofSeconds(60)), data)).isEqualTo(-1);
        assertThat(pair.a.queuingDelayMicros()).isLessThan(3 * CONFIG.targetDelay().toNanos() / 1000);
        assertThat(pair.maxCwnd).isLessThan(CONFIG.maxWindow() / 2);
        // on the same path without the bottleneck the window opens far wider
        UtpPair open = new UtpPair(CONFIG, 3, 0, 0, Duration.ofMillis(10), Duration.ZERO, 0);
        assertThat(UtpPair.mismatch(open.transfer(data, Duration.ofSeconds(60)), data)).isEqualTo(-1);
        assertThat(open.maxCwnd).isGreaterThan(2 * pair.maxCwnd);
    }

    @Test
    void aSynIntoTheVoidFailsAfterTheConnectTimeout() {
        UtpPair pair = new UtpPair(CONFIG, 4, 1.0, 0, Duration.ofMillis(10), Duration.ZERO, 0);
        pair.transfer(new byte[10], Duration.ofSeconds(30));
        assertThat(pair.a.state()).isEqualTo(UtpConnection.State.CLOSED);
        assertThat(pair.a.error()).contains("SYN");
        assertThat(pair.toB.sent).isBetween(2, 4); // the first SYN and its resends, not a flood
        assertThat(pair.clock.nanos()).isLessThan(CONFIG.connectTimeout().toNanos() + Duration.ofSeconds(1).toNanos());
    }

    @Test
    void aResetEndsThePeerWithItsReason() {
        UtpPair pair = new UtpPair(CONFIG, 5, 0, 0, Duration.ofMillis(5), Duration.ZERO, 0);
        for (int i = 0; i < 100 && pair.b == null; i++) {
            pair.step();
        }
        pair.b.abort("test");
        pair.b.drain().forEach(pair.toA::send);
        for (int i = 0; i < 50; i++) {
            pair.step();
        }
        assertThat(pair.a.state()).isEqualTo(UtpConnection.State.CLOSED);
        assertThat(pair.a.error()).contains("reset");
    }

    @Test
    void aReaderThatStopsStopsTheSenderAndResumingFinishes() {
        UtpPair pair = new UtpPair(CONFIG, 6, 0.05, 0, Duration.ofMillis(10), Duration.ZERO, 0);
        pair.bReads = false;
        byte[] data = UtpPair.randomBytes(3 << 20, 6);
        pair.transfer(data, Duration.ofSeconds(20));
        assertThat(pair.b.heldBytes()).isLessThanOrEqualTo(CONFIG.receiveBuffer());
        assertThat(pair.a.heldBytes()).isLessThanOrEqualTo(CONFIG.sendBuffer());
        assertThat(pair.a.error()).isNull();
        pair.bReads = true;
        byte[] got = pair.transfer(data, Duration.ofMinutes(5));
        assertThat(pair.a.error()).isNull();
        assertThat(UtpPair.mismatch(got, data)).isEqualTo(-1);
    }

    @Test
    void ledbatGrowsUnderTheTargetAndShrinksOverIt() {
        Ledbat l = new Ledbat(1000, 1 << 20, 100_000, 3000);
        l.onDelay(5_000_000, 0); // the base: clock offset 5 s
        l.onLoss(0, 1); // out of slow start
        int start = l.window();
        for (int i = 0; i < 100; i++) {
            l.onDelay(5_000_000 + 10_000, i);
            l.onAck(1000);
        }
        int grown = l.window();
        assertThat(grown).isGreaterThan(start);
        for (int i = 0; i < 100; i++) {
            l.onDelay(5_000_000 + 300_000, 200 + i);
            l.onAck(1000);
        }
        assertThat(l.window()).isLessThan(grown);
        assertThat(l.ourDelayMicros()).isEqualTo(300_000);
    }
}
