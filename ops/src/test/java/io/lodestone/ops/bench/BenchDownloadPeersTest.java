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
}
