package io.lodestone.index.http;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.metainfo.Metainfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The real LMDB + Lucene index in a temporary directory, filled the way the crawler fills it. */
final class RealIndex {

    static final Duration SEARCHABLE_TIMEOUT = Duration.ofSeconds(30);

    private RealIndex() {
    }

    static IndexService open(Path dir, List<Metainfo> torrents) throws IOException, InterruptedException {
        IndexService index = IndexService.open(dir, IndexConfig.defaults());
        try {
            List<ResolvedTorrent> resolved = torrents.stream()
                    .map(m -> new ResolvedTorrent(m.dhtInfoHash(), m.infoBytes(), Fixtures.DISCOVERED, Fixtures.RESOLVED,
                            3, 1))
                    .toList();
            index.write(new CrawlBatch(List.of(), List.of(), resolved, List.of()));
            if (!index.awaitSearchable(SEARCHABLE_TIMEOUT)) {
                throw new IllegalStateException("the search index did not catch up in " + SEARCHABLE_TIMEOUT);
            }
            return index;
        } catch (IOException | InterruptedException | RuntimeException e) {
            index.close();
            throw e;
        }
    }
}
