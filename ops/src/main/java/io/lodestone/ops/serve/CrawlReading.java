package io.lodestone.ops.serve;

import io.lodestone.crawler.CrawlProfile;
import io.lodestone.crawler.pipeline.CrawlFigures;
import io.lodestone.crawler.pipeline.PipelineStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The crawl's figures at one moment, for the health JSON's {@code crawl} object and /metrics.
 *
 * @param connectionsOpen metadata connections open or opening now (the dialer's count)
 * @param connectionsPeak the most at once since start
 * @param connectionCap   the one cap they are held under
 * @param deadPeers       peers remembered dead now
 * @param deadPeerSkips   dials not made because the peer was remembered dead
 * @param connectTimeoutMs the crawl's connect timeout now (it adapts to how fast connects succeed);
 *                        -1 when its fetcher is not the TCP one
 */
public record CrawlReading(CrawlProfile profile, CrawlFigures.Snapshot figures, PipelineStats pipeline,
                           int connectionsOpen, int connectionsPeak, int connectionCap, int deadPeers,
                           long deadPeerSkips, long connectTimeoutMs) {

    /** The health JSON's {@code crawl} object; plain names, since charts are drawn from them. */
    static Map<String, Object> json(CrawlReading r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", r.profile().key());
        m.put("attempts", r.figures().outcomes());
        m.put("timeToMetadataMs", latency(r.figures().timeToMetadata()));
        m.put("timeToFailMs", latency(r.figures().timeToFail()));
        m.put("inFlight", r.pipeline().inFlight());
        m.put("connectionsOpen", r.connectionsOpen());
        m.put("connectionsPeak", r.connectionsPeak());
        m.put("connectionCap", r.connectionCap());
        m.put("deadPeers", r.deadPeers());
        m.put("deadPeerSkips", r.deadPeerSkips());
        m.put("connectTimeoutMs", r.connectTimeoutMs());
        m.put("harvestedPerHour", Math.round(r.pipeline().harvestedPerHour()));
        m.put("resolvedPerHour", Math.round(r.pipeline().resolvedPerHour()));
        return m;
    }

    private static Map<String, Object> latency(CrawlFigures.Latency l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", l.count());
        m.put("p50", l.p50());
        m.put("p90", l.p90());
        m.put("p99", l.p99());
        m.put("max", l.max());
        return m;
    }
}
