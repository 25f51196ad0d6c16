package io.lodestone.ops.serve;

import io.lodestone.crawler.CrawlerStats;
import io.lodestone.index.http.DhtHealth;
import io.lodestone.types.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * The health page's figures from one farm reading and the crawler's stats. Harvest counts are per
 * receiving node; resolving is the farm's as a whole, so it appears in the total only.
 */
final class HealthAssembler {

    private HealthAssembler() {
    }

    static DhtHealth assemble(FarmSnapshots.Reading reading, HarvestCounter harvest, CrawlerStats crawler) {
        return assemble(reading, harvest, crawler, 0, io.lodestone.index.http.HealthHistory.Snapshot.EMPTY);
    }

    static DhtHealth assemble(FarmSnapshots.Reading reading, HarvestCounter harvest, CrawlerStats crawler,
            long networkSizeEstimate, io.lodestone.index.http.HealthHistory.Snapshot history) {
        List<DhtHealth.Node> out = new ArrayList<>(reading.nodes().size());
        for (FarmSnapshots.NodeSnapshot n : reading.nodes()) {
            NodeId id = NodeId.fromHex(n.id());
            out.add(new DhtHealth.Node(n.id(), n.address(), DhtHealth.Figures.of(n.metrics(), harvest.count(id),
                    harvest.resolved(id), harvest.failed(id))));
        }
        // failed attempts, each hash's last one included: abandoned hashes are among them already
        DhtHealth.Figures total = DhtHealth.Figures.of(reading.farm(), crawler.pipeline().unique(),
                crawler.pipeline().resolved(), crawler.pipeline().failed());
        return new DhtHealth(out, total, networkSizeEstimate, history);
    }
}
