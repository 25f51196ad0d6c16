package io.lodestone.index.store;

import io.lodestone.index.SwarmCounts;
import io.lodestone.metainfo.TorrentSummary.FileEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * The tables beside a torrent's record, keyed by its canonical key: swarm counts, the file list of
 * a torrent without its info dict, and the scrape queue (last scrape time, then key, so the oldest
 * comes first). Each method works inside the caller's transaction.
 */
final class SideTables {
    static final String SWARM = "swarm";
    static final String BARE = "bare-files";
    static final String DUE = "scrape-due";
    static final String ANNOUNCERS = "announcers";
    static final int COUNT = 4;

    private final Dbi<byte[]> swarm;
    private final Dbi<byte[]> bare;
    private final Dbi<byte[]> due;
    private final Dbi<byte[]> announcers;

    SideTables(Env<byte[]> env) {
        swarm = env.openDbi(SWARM, DbiFlags.MDB_CREATE);
        bare = env.openDbi(BARE, DbiFlags.MDB_CREATE);
        due = env.openDbi(DUE, DbiFlags.MDB_CREATE);
        announcers = env.openDbi(ANNOUNCERS, DbiFlags.MDB_CREATE);
    }

    /**
     * A store written before the scrape queue existed gets every torrent queued as never scraped,
     * once, at open.
     */
    void backfillQueue(Env<byte[]> env, Dbi<byte[]> torrents) {
        try (Txn<byte[]> read = env.txnRead()) {
            if (due.stat(read).entries > 0 || torrents.stat(read).entries == 0) {
                return;
            }
        }
        try (Txn<byte[]> txn = env.txnWrite()) {
            try (CursorIterable<byte[]> it = torrents.iterate(txn)) {
                for (CursorIterable.KeyVal<byte[]> kv : it) {
                    due.put(txn, SideCodec.dueKey(swarm(txn, kv.key()).scrapedAt(), kv.key().clone()), new byte[0]);
                }
            }
            txn.commit();
        }
    }

    boolean isBare(Txn<byte[]> txn, byte[] key) {
        return bare.get(txn, key) != null;
    }

    /** The bare file list, or null when the torrent has its info dict. */
    List<FileEntry> bareFiles(Txn<byte[]> txn, byte[] key) {
        byte[] v = bare.get(txn, key);
        return v == null ? null : SideCodec.decodeFiles(v);
    }

    void putBare(Txn<byte[]> txn, byte[] key, List<FileEntry> files) {
        bare.put(txn, key, SideCodec.encodeFiles(files));
    }

    void removeBare(Txn<byte[]> txn, byte[] key) {
        bare.delete(txn, key);
    }

    SwarmCounts swarm(Txn<byte[]> txn, byte[] key) {
        byte[] v = swarm.get(txn, key);
        return v == null ? SwarmCounts.NONE : SideCodec.decodeSwarm(v);
    }

    /** Stores the counts and moves the key in the scrape queue to its new scrape time. */
    void putSwarm(Txn<byte[]> txn, byte[] key, SwarmCounts now) {
        SwarmCounts was = swarm(txn, key);
        due.delete(txn, SideCodec.dueKey(was.scrapedAt(), key));
        due.put(txn, SideCodec.dueKey(now.scrapedAt(), key), new byte[0]);
        swarm.put(txn, key, SideCodec.encodeSwarm(now));
    }

    /** A new torrent joins the queue as never scraped (or as of the counts it came with). */
    void queue(Txn<byte[]> txn, byte[] key) {
        due.put(txn, SideCodec.dueKey(swarm(txn, key).scrapedAt(), key), new byte[0]);
    }

    /** Counts {@code address} among the torrent's distinct announcers; the swarm record follows the count. */
    void addAnnouncer(Txn<byte[]> txn, byte[] key, java.net.InetAddress address) {
        byte[] was = announcers.get(txn, key);
        byte[] now = AnnouncerSketch.with(was, address);
        if (now == was) {
            return;
        }
        announcers.put(txn, key, now);
        SwarmCounts s = swarm(txn, key);
        int n = AnnouncerSketch.count(now);
        if (n > s.announcers()) {
            putSwarm(txn, key, s.withAnnouncers(n));
        }
    }

    void remove(Txn<byte[]> txn, byte[] key) {
        announcers.delete(txn, key);
        due.delete(txn, SideCodec.dueKey(swarm(txn, key).scrapedAt(), key));
        swarm.delete(txn, key);
        bare.delete(txn, key);
    }

    /** Up to {@code max} keys last scraped before {@code before} (never scraped first), oldest first. */
    List<byte[]> due(Txn<byte[]> txn, Instant before, int max) {
        List<byte[]> out = new ArrayList<>(Math.min(max, 1024));
        try (CursorIterable<byte[]> it = due.iterate(txn)) {
            for (CursorIterable.KeyVal<byte[]> kv : it) {
                if (out.size() >= max) {
                    break;
                }
                long at = java.nio.ByteBuffer.wrap(kv.key()).getLong();
                if (at >= Math.max(0, before.getEpochSecond())) {
                    break;
                }
                out.add(SideCodec.keyOfDue(kv.key()));
            }
        }
        return out;
    }
}
