package io.lodestone.index.content;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.CrawlSink;
import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoException;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index as the crawler (and the resolve route) sees it, with the block list in front:
 * blocked hashes are refused before any fetch ({@link #isBlocked}), and a resolved torrent is
 * checked again when its metadata arrives, by every hash it has and by its name, before it is
 * written. What is refused leaves the pending list instead.
 */
public final class BlockingSink implements CrawlSink {

    private static final Logger LOG = LoggerFactory.getLogger(BlockingSink.class);

    private final CrawlSink index;
    private final BlockList blocks;
    private final AtomicLong refusedBeforeFetch = new AtomicLong();
    private final AtomicLong refusedAtIndex = new AtomicLong();

    public BlockingSink(CrawlSink index, BlockList blocks) {
        this.index = index;
        this.blocks = blocks;
    }

    /** Hashes the crawler asked about and was told to leave alone. */
    public long refusedBeforeFetch() {
        return refusedBeforeFetch.get();
    }

    /** Resolved torrents refused at the last check (a name pattern, or a hash only the metadata told). */
    public long refusedAtIndex() {
        return refusedAtIndex.get();
    }

    @Override
    public boolean isBlocked(InfoHash infoHash) {
        if (blocks.blocksHash(infoHash)) {
            refusedBeforeFetch.incrementAndGet();
            return true;
        }
        return false;
    }

    @Override
    public boolean isIndexed(InfoHash infoHash) throws IOException {
        return index.isIndexed(infoHash);
    }

    @Override
    public List<PendingHash> loadPending(int max) throws IOException {
        return index.loadPending(max).stream().filter(p -> !blocks.blocksHash(p.infoHash())).toList();
    }

    @Override
    public void write(CrawlBatch batch) throws IOException {
        index.write(filter(batch));
    }

    /** The batch without blocked torrents (they become abandoned) and without pending blocked hashes. */
    public CrawlBatch filter(CrawlBatch batch) {
        List<ResolvedTorrent> kept = new ArrayList<>(batch.resolved().size());
        List<InfoHash> dropped = new ArrayList<>();
        for (ResolvedTorrent r : batch.resolved()) {
            if (refuses(r)) {
                refusedAtIndex.incrementAndGet();
                dropped.add(r.infoHash());
            } else {
                kept.add(r);
            }
        }
        List<PendingHash> pending = batch.pending().stream().filter(p -> !blocks.blocksHash(p.infoHash())).toList();
        if (dropped.isEmpty() && pending.size() == batch.pending().size()) {
            return batch;
        }
        List<InfoHash> abandoned = new ArrayList<>(batch.abandoned());
        abandoned.addAll(dropped);
        return new CrawlBatch(batch.sightings(), pending, kept, abandoned);
    }

    private boolean refuses(ResolvedTorrent r) {
        if (blocks.blocksHash(r.infoHash())) {
            return true;
        }
        Metainfo m;
        try {
            m = MetainfoParser.parseInfo(r.infoDict());
        } catch (MetainfoException | IllegalArgumentException e) {
            return false; // the index refuses it on its own, with its reason
        }
        boolean refused = (m.infoHashV1() != null && blocks.blocksHash(m.infoHashV1()))
                || (m.infoHashV2() != null && blocks.blocksHash(m.infoHashV2()))
                || blocks.blocksName(m.name());
        if (refused) {
            LOG.info("not indexing {} ({}): blocked", r.infoHash().hex(), m.name());
        }
        return refused;
    }
}
