package io.lodestone.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchDownloadPeersTest {
    /** bench download leaves aria2 out with a note, instead of dying, when a tool it needs is absent. */
    @Test
    void namesTheFirstCommandMissingFromThePath() {
        assertThat(BenchDownloadPeers.missingCommand("sh")).isNull();
        assertThat(BenchDownloadPeers.missingCommand("sh", "lodestone-no-such-tool", "ls"))
                .isEqualTo("lodestone-no-such-tool");
    }

    /** Every client starts a whole number of seconds after the seeder was ready, never in the past. */
    @Test
    void startsAreWholeSecondsAfterTheSeederWasReadyAndNoSoonerThanTheLead() {
        long ready = 1_000_000_123L;
        assertThat(BenchDownloadPeers.alignedStart(ready, ready - 5_000, 0)).isEqualTo(ready);
        assertThat(BenchDownloadPeers.alignedStart(ready, ready, 0)).isEqualTo(ready);
        assertThat(BenchDownloadPeers.alignedStart(ready, ready + 1, 0)).isEqualTo(ready + 1_000);
        assertThat(BenchDownloadPeers.alignedStart(ready, ready + 6_400, 1_500)).isEqualTo(ready + 8_000);
        assertThat(BenchDownloadPeers.alignedStart(ready, ready + 6_500, 1_500)).isEqualTo(ready + 8_000);
        assertThat(BenchDownloadPeers.alignedStart(ready, ready + 6_501, 1_500)).isEqualTo(ready + 9_000);
    }
}
