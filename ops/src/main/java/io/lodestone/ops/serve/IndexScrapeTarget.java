package io.lodestone.ops.serve;

import io.lodestone.crawler.scrape.ScrapeTarget;
import io.lodestone.index.IndexService;
import io.lodestone.index.SwarmCounts;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The index as the scrape schedule sees it: due hashes oldest first, and a place for estimates. */
final class IndexScrapeTarget implements ScrapeTarget {
    private final IndexService index;

    IndexScrapeTarget(IndexService index) {
        this.index = index;
    }

    @Override
    public List<InfoHash> due(Instant before, int max) throws IOException {
        // canonical keys are 20 bytes: a v1 hash, or a v2-only torrent's truncated one, as the DHT knows it
        return index.dueForScrape(before, max).stream().map(InfoHash::v1).toList();
    }

    @Override
    public void store(List<ScrapeResult> results) throws IOException {
        List<byte[]> keys = new ArrayList<>(results.size());
        List<SwarmCounts> counts = new ArrayList<>(results.size());
        for (ScrapeResult r : results) {
            keys.add(r.infoHash().bytes());
            counts.add(new SwarmCounts(r.seeders(), r.peers(), r.at(), 0));
        }
        index.putSwarms(keys, counts);
    }
}
