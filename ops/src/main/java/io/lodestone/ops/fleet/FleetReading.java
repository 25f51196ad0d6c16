package io.lodestone.ops.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The fleet's figures at one moment, as /metrics and the health page show them. Values that do
 * not apply to this role are -1 (lags) or 0 (counters).
 *
 * @param members          crawlers in the crawlers' group now, -1 when Kafka could not be asked
 * @param catalogLag       catalog records this replica has not applied yet
 * @param byCrawler        catalog records applied here, by the crawler that published them
 * @param toSearchable     verified on a crawler to searchable here, ms; null on a crawler
 * @param harvestLag       harvest records of this crawler's partitions not claimed yet
 * @param harvestLost      harvests the relay dropped or Kafka refused (the harvest paused)
 * @param publishFailure   why the last catalog publish failed, or null
 * @param handedOver       hashes this crawler gave back to the harvest topic after a rebalance
 * @param harvestUnfinished harvest records this crawler claimed and has not finished: above its
 *                         committed offsets, so another crawler reads them again should this one die
 */
public record FleetReading(String role, String instanceId, int members, List<String> memberIds, long catalogLag,
                           long catalogApplied, long catalogTombstones, Map<String, Long> byCrawler,
                           Histogram toSearchable, long published, long claimed, long harvestLag,
                           int harvestPartitions, long harvestRelayed, long harvestLost, String publishFailure,
                           long blockRecords, boolean blocksCaughtUp, long handedOver,
                           long harvestUnfinished) {

    /** The health JSON's {@code fleet} object. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("instance", instanceId);
        m.put("crawlers", members);
        m.put("crawlerIds", memberIds);
        m.put("catalogLag", catalogLag);
        m.put("catalogApplied", catalogApplied);
        m.put("catalogTombstones", catalogTombstones);
        m.put("appliedByCrawler", new TreeMap<>(byCrawler));
        if (toSearchable != null && toSearchable.getTotalCount() > 0) {
            m.put("verifiedToSearchableMs", Map.of("p50", toSearchable.getValueAtPercentile(50),
                    "p99", toSearchable.getValueAtPercentile(99), "count", toSearchable.getTotalCount()));
        }
        m.put("published", published);
        m.put("claimed", claimed);
        m.put("harvestLag", harvestLag);
        m.put("harvestPartitions", harvestPartitions);
        m.put("harvestRelayed", harvestRelayed);
        m.put("harvestLost", harvestLost);
        m.put("publishFailure", publishFailure);
        m.put("blockRecords", blockRecords);
        m.put("blocksCaughtUp", blocksCaughtUp);
        m.put("handedOver", handedOver);
        m.put("harvestUnfinished", harvestUnfinished);
        return m;
    }
}
