package io.lodestone.index.http;

import io.lodestone.index.SearchHit;
import io.lodestone.index.SearchPage;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.TorrentIndex;
import io.lodestone.index.TorrentRecord;
import io.lodestone.types.InfoHash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A test double of the index: records by key and by full v2 hash, and a search that matches
 * every word of the query as a case-insensitive substring of the name, most-seen first.
 */
final class InMemoryIndex implements TorrentIndex {

    private final Map<InfoHash, TorrentRecord> byHash = new LinkedHashMap<>();
    private volatile long pending;

    synchronized InMemoryIndex add(TorrentRecord r) {
        byHash.put(r.infoHash(), r);
        if (r.summary().infoHashV2() != null) {
            byHash.put(InfoHash.fromHex(r.summary().infoHashV2()), r);
        }
        return this;
    }

    void pending(long n) {
        pending = n;
    }

    @Override
    public synchronized Optional<TorrentRecord> get(InfoHash infoHash) {
        return Optional.ofNullable(byHash.get(infoHash));
    }

    @Override
    public synchronized SearchPage search(SearchQuery q) {
        String[] words = q.text().toLowerCase(Locale.ROOT).trim().split("\\s+");
        List<TorrentRecord> matches = new ArrayList<>();
        for (TorrentRecord r : byHash.values().stream().distinct().toList()) {
            String name = r.summary().name().toLowerCase(Locale.ROOT);
            boolean all = true;
            for (String w : words) {
                all &= name.contains(w);
            }
            long size = r.summary().totalSize();
            int files = r.summary().files().size();
            if (all && size >= q.minSize() && size <= q.maxSize() && files >= q.minFiles() && files <= q.maxFiles()) {
                matches.add(r);
            }
        }
        matches.sort(Comparator.comparingLong(TorrentRecord::seenCount).reversed()
                .thenComparing(r -> r.infoHash().hex()));
        List<SearchHit> page = matches.stream().skip(q.offset()).limit(q.limit())
                .map(r -> new SearchHit(r.infoHash(), r.summary().name(), r.summary().totalSize(),
                        r.summary().files().size(), r.discoveredAt(), r.seenCount(), 1f))
                .toList();
        return new SearchPage(matches.size(), page);
    }

    @Override
    public synchronized long torrentCount() {
        return byHash.values().stream().distinct().count();
    }

    @Override
    public long pendingCount() {
        return pending;
    }
}
