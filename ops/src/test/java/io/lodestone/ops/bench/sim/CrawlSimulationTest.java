package io.lodestone.ops.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The simulated crawl at CI size (3,000 nodes, 30,000 hashes, 3 simulated hours, a few seconds of
 * wall time): the real farm and sweep must harvest nearly all that libtorrent's sampling lets
 * anyone see, and never send one node what would get our IP banned.
 */
class CrawlSimulationTest {

    private static final SimulationConfig CI = SimulationConfig.ciSized().withDuration(Duration.ofHours(3));

    @Test
    void harvestsNearlyAllThatSamplingShowsWithoutTrippingBans() {
        SimulationReport r = CrawlSimulation.run(CI);

        assertThat(r.hashesOnBep51()).as("most hashes sit on BEP 51 nodes").isGreaterThan(CI.hashes() / 2);
        assertThat(r.unreachableContactShare()).as("about half of all contacts cannot answer").isBetween(0.35, 0.65);
        assertThat(r.coverageEnd()).as("coverage against the sampling bound " + r.sampleBound())
                .isGreaterThanOrEqualTo(0.95 * r.sampleBound());
        assertThat(r.coverage1h()).isGreaterThan(0.6);
        assertThat(r.maxPacketsPerNodeIn10s()).as("libtorrent bans at 50 in 10 s").isLessThan(50);
        assertThat(r.bans()).isZero();
        assertThat(r.packetsPerNewHash()).isLessThan(5);
        assertThat(r.text()).contains("coverage after 1 h");
        assertThat(r.json()).contains("\"coverageEnd\"");
    }

    @Test
    void aStricterBanThresholdIsSeenAndCounted() {
        // our farm sends one node up to ~20 packets in 10 s while it bootstraps; at 1/s a node bans at 10
        SimulationReport r = CrawlSimulation.run(CI.withBanPerSecond(1).withDuration(Duration.ofMinutes(20)));

        assertThat(r.maxPacketsPerNodeIn10s()).isGreaterThanOrEqualTo(10);
        assertThat(r.bans()).isPositive();
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        SimulationConfig c = CI.withDuration(Duration.ofMinutes(20));
        SimulationReport a = CrawlSimulation.run(c);
        SimulationReport b = CrawlSimulation.run(c);

        assertThat(b.harvested()).isEqualTo(a.harvested());
        assertThat(b.packetsSent()).isEqualTo(a.packetsSent());
        assertThat(b.curve()).isEqualTo(a.curve());
    }
}
