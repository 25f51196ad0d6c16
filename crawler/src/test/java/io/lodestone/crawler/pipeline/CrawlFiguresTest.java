package io.lodestone.crawler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.resolve.ResolveResult;
import org.junit.jupiter.api.Test;

class CrawlFiguresTest {

    private static final long MS = 1_000_000L;

    @Test
    void countsEveryOutcomeByItsPlainNameAndKeepsTimesApart() {
        CrawlFigures f = new CrawlFigures();
        f.resolved(120 * MS);
        f.resolved(80 * MS);
        f.failed(ResolveResult.Cause.CONNECT_TIMEOUT, 3_000 * MS);
        f.failed(ResolveResult.Cause.NO_PEERS, 500 * MS);
        f.failed(ResolveResult.Cause.NO_PEERS, 700 * MS);
        CrawlFigures.Snapshot s = f.snapshot();
        assertThat(s.outcomes()).containsEntry("resolved", 2L).containsEntry("connectTimeout", 1L)
                .containsEntry("noPeers", 2L).containsEntry("refused", 0L).containsEntry("deadPeers", 0L)
                .containsEntry("hashMismatch", 0L);
        assertThat(s.outcomes()).hasSize(ResolveResult.Cause.values().length + 1);
        assertThat(s.timeToMetadata().count()).isEqualTo(2);
        assertThat(s.timeToMetadata().max()).isBetween(119.0, 121.0);
        assertThat(s.timeToFail().count()).isEqualTo(3);
        assertThat(s.timeToFail().p50()).isBetween(690.0, 710.0);
        assertThat(s.timeToFail().max()).isBetween(2_990.0, 3_010.0);
    }

    @Test
    void anEmptyReadingHasZeros() {
        assertThat(CrawlFigures.Snapshot.EMPTY.timeToFail()).isEqualTo(CrawlFigures.Latency.EMPTY);
        assertThat(CrawlFigures.Snapshot.EMPTY.outcomes().values()).containsOnly(0L);
        assertThat(CrawlFigures.name(ResolveResult.Cause.DEAD_PEERS)).isEqualTo("deadPeers");
    }
}
