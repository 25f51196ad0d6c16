package io.lodestone.index.content;

import io.lodestone.index.SearchHit;
import io.lodestone.index.SearchPage;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.TorrentIndex;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleting and blocking, with every change written to the audit log. A delete also adds a
 * {@code deleted} rule for the hash, so a crawl that keeps hearing the hash does not fetch and
 * index it again; removing that rule from the block list lets it come back. A hash block removes
 * the torrent too; a name-pattern block keeps new matches out (existing ones go with a bulk
 * delete, whose dry run counts them first).
 */
public final class ContentControl {

    /** Torrents one bulk delete removes at most; run it again for more. */
    public static final int MAX_BULK = SearchQuery.MAX_OFFSET;
    private static final Logger LOG = LoggerFactory.getLogger(ContentControl.class);

    /** Removes a torrent from the index by any of its hashes; false when it was not there. */
    @FunctionalInterface
    public interface Remover {
        boolean remove(InfoHash hash) throws IOException;
    }

    /** What a bulk delete found, and removed unless it was a dry run. */
    public record Bulk(long matched, int selected, int deleted, boolean dryRun) {
    }

    private final TorrentIndex index;
    private final Remover remover;
    private final BlockList blocks;
    private final AuditLog audit;
    private long enforcedGeneration = -1;

    public ContentControl(TorrentIndex index, Remover remover, BlockList blocks, AuditLog audit) {
        this.index = index;
        this.remover = remover;
        this.blocks = blocks;
        this.audit = audit;
    }

    public BlockList blocks() {
        return blocks;
    }

    public AuditLog audit() {
        return audit;
    }

    /** Deletes one torrent and keeps its hash out; false when it was not indexed (the hash is kept out anyway). */
    public boolean delete(InfoHash hash, String by) throws IOException {
        blocks.add(BlockRule.Kind.DELETED, hash.hex(), by); // first: a crawl write racing us is refused
        boolean removed = remover.remove(hash);
        audit.record(by, "delete", hash.hex(), removed ? 1 : 0);
        return removed;
    }

    /** Adds a rule; a hash rule also removes the torrent if it is indexed. */
    public BlockRule block(BlockRule.Kind kind, String value, String by) throws IOException {
        BlockRule r = blocks.add(kind, value, by);
        long removed = 0;
        if (r.isHash() && remover.remove(InfoHash.fromHex(r.value()))) {
            removed = 1;
        }
        audit.record(by, "block-" + kind.label(), r.value(), removed);
        return r;
    }

    public Optional<BlockRule> unblock(long id, String by) throws IOException {
        Optional<BlockRule> gone = blocks.remove(id);
        if (gone.isPresent()) {
            audit.record(by, "unblock-" + gone.get().kind().label(), gone.get().value(), 1);
        }
        return gone;
    }

    /** Every torrent a search query matches (at most {@link #MAX_BULK}), removed unless {@code dryRun}. */
    public Bulk bulkDelete(String query, boolean dryRun, String by) throws IOException {
        SearchPage first = index.search(page(query, 0));
        if (dryRun) {
            return new Bulk(first.total(), (int) Math.min(first.total(), MAX_BULK), 0, true);
        }
        Set<InfoHash> selected = new LinkedHashSet<>();
        SearchPage p = first;
        for (int offset = 0; ; ) {
            for (SearchHit h : p.results()) {
                if (selected.size() < MAX_BULK) {
                    selected.add(h.infoHash());
                }
            }
            offset += SearchQuery.MAX_LIMIT;
            if (p.results().isEmpty() || selected.size() >= MAX_BULK || offset > SearchQuery.MAX_OFFSET) {
                break;
            }
            p = index.search(page(query, offset));
        }
        List<InfoHash> hashes = new ArrayList<>(selected);
        blocks.addHashes(BlockRule.Kind.DELETED, hashes, by);
        int deleted = 0;
        for (InfoHash h : hashes) {
            if (remover.remove(h)) {
                deleted++;
            }
        }
        audit.record(by, "bulk-delete", "q=" + query, deleted);
        return new Bulk(first.total(), hashes.size(), deleted, false);
    }

    private static SearchQuery page(String q, int offset) {
        return new SearchQuery(q, 0, Long.MAX_VALUE, 0, Integer.MAX_VALUE, SearchQuery.MAX_LIMIT, offset);
    }

    /**
     * Removes every indexed torrent a hash rule names, when the list changed since the last call
     * (rules added by the command line while the server runs; at start, all of them). Returns how
     * many were removed.
     */
    public synchronized int enforce() {
        BlockList.Snapshot s = blocks.snapshot();
        if (s.generation() == enforcedGeneration) {
            return 0;
        }
        int removed = 0;
        for (BlockRule r : s.rules()) {
            if (!r.isHash()) {
                continue;
            }
            try {
                if (remover.remove(InfoHash.fromHex(r.value()))) {
                    removed++;
                    audit.record(r.by(), "enforce-" + r.kind().label(), r.value(), 1);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not remove blocked {}: {}", r.value(), e.toString());
                return removed; // the generation stays unenforced: tried again at the next call
            }
        }
        enforcedGeneration = s.generation();
        return removed;
    }
}
