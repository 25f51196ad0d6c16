package io.lodestone.crawler;

import io.lodestone.crawler.harvest.ActiveSweep;
import io.lodestone.crawler.pipeline.PipelineStats;
import java.util.Objects;

/**
 * A snapshot of the crawler for the health page and /metrics.
 *
 * @param harvestedAnnounce announce_peer events taken in
 * @param harvestedGetPeers get_peers events taken in
 * @param harvestedSample   BEP 51 sampled hashes taken in
 * @param harvestDropped    events dropped because the harvest queue was full
 * @param harvestQueued     events waiting now
 * @param pipeline          dedup, scheduling, resolving and storing
 * @param sweep             the BEP 51 sweep
 */
public record CrawlerStats(long harvestedAnnounce, long harvestedGetPeers, long harvestedSample, long harvestDropped,
                           int harvestQueued, PipelineStats pipeline, ActiveSweep.Stats sweep) {

    public CrawlerStats {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(sweep, "sweep");
    }

    public long harvested() {
        return harvestedAnnounce + harvestedGetPeers + harvestedSample;
    }

    /** Hashes lost to backpressure: a full harvest queue or a full pending set. */
    public long dropped() {
        return harvestDropped + pipeline.pendingFull();
    }
}
