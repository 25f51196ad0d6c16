package io.lodestone.index.store;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.Sighting;
import io.lodestone.index.SwarmCounts;
import io.lodestone.metainfo.TorrentSummary.FileEntry;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * The system of record: torrents, their info dicts, pending hashes and crawl state in one LMDB
 * environment. Every write is one transaction; every torrent change takes the next value of a
 * store-wide sequence so the search index can catch up by reading what came after its last one.
 *
 * <p>One writer at a time (a lock), any number of readers on any threads (MDB_NOTLS, so read
 * transactions are not tied to a thread: virtual threads may use them).
 *
 * <p>The map starts at the configured size and doubles, up to its maximum, whenever a write finds
 * it full; the write is then tried again. Growing needs no transaction open in this process, so
 * every transaction holds a shared lock that growing takes exclusively, for a moment. A write that
 * fails because the disk is full (ENOSPC) throws {@link StoreFullException}: LMDB aborts it whole
 * and the store stays as it was, so the caller may keep the batch and try again later.
 */
public final class LmdbStore implements AutoCloseable {
    /** Names of the tables; LMDB needs their count up front. */
    private static final String TORRENTS = "torrents";
    private static final String INFO_DICTS = "info-dicts";
    private static final String ALIASES = "aliases";
    private static final String SEQUENCE = "sequence";
    private static final String PENDING = "pending";
    private static final String CRAWL_STATE = "crawl-state";
    private static final String META = "meta";
    private static final int TABLES = 7 + SideTables.COUNT;
    private static final byte[] META_LAST_SEQUENCE = "last-sequence".getBytes(StandardCharsets.US_ASCII);
    /** LMDB's compiled-in key limit (MDB_MAXKEYSIZE). */
    public static final int MAX_STATE_KEY_BYTES = 511;
    public static final int MAX_STATE_VALUE_BYTES = 1 << 20;

    private final Env<byte[]> env;
    private final Dbi<byte[]> torrents;
    private final Dbi<byte[]> infoDicts;
    private final Dbi<byte[]> aliases;
    private final Dbi<byte[]> sequence;
    private final Dbi<byte[]> pending;
    private final Dbi<byte[]> crawlState;
    private final Dbi<byte[]> meta;
    private final SideTables side;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Shared by every transaction, taken alone to grow the map. */
    private final ReentrantReadWriteLock txns = new ReentrantReadWriteLock();
    private final MapGrowth growth;
    private volatile long lastSequence;

    private LmdbStore(Env<byte[]> env, long mapSize, long maxMapSize) {
        this.env = env;
        this.growth = new MapGrowth(env, txns, mapSize, maxMapSize);
        torrents = env.openDbi(TORRENTS, DbiFlags.MDB_CREATE);
        infoDicts = env.openDbi(INFO_DICTS, DbiFlags.MDB_CREATE);
        aliases = env.openDbi(ALIASES, DbiFlags.MDB_CREATE);
        sequence = env.openDbi(SEQUENCE, DbiFlags.MDB_CREATE);
        pending = env.openDbi(PENDING, DbiFlags.MDB_CREATE);
        crawlState = env.openDbi(CRAWL_STATE, DbiFlags.MDB_CREATE);
        meta = env.openDbi(META, DbiFlags.MDB_CREATE);
        side = new SideTables(env);
        side.backfillQueue(env, torrents);
        try (Txn<byte[]> txn = env.txnRead()) {
            byte[] seq = meta.get(txn, META_LAST_SEQUENCE);
            lastSequence = seq == null ? 0 : RecordCodec.sequenceOf(seq);
        }
    }

    /** Opens or creates the environment in {@code dir}, with a map that never grows. */
    public static LmdbStore open(Path dir, long mapSizeBytes, int maxReaders) throws IOException {
        return open(dir, mapSizeBytes, mapSizeBytes, maxReaders);
    }

    /** Opens or creates the environment in {@code dir}; the map grows up to {@code maxMapSizeBytes}. */
    public static LmdbStore open(Path dir, long mapSizeBytes, long maxMapSizeBytes, int maxReaders)
            throws IOException {
        Files.createDirectories(dir);
        try {
            Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA)
                    .setMapSize(mapSizeBytes)
                    .setMaxDbs(TABLES)
                    .setMaxReaders(maxReaders)
                    .open(dir.toFile(), EnvFlags.MDB_NOTLS);
            try {
                return new LmdbStore(env, mapSizeBytes, maxMapSizeBytes);
            } catch (RuntimeException e) {
                env.close();
                throw e;
            }
        } catch (LmdbException | CorruptRecordException e) {
            throw new IOException("cannot open the store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The sequence of the newest change. */
    public long lastSequence() {
        return lastSequence;
    }

    /**
     * Applies a batch in one transaction: pending first, then resolved torrents (which clear their
     * pending entries), then sightings, then abandoned hashes.
     */
    public WriteOutcome write(CrawlBatch batch, List<PreparedTorrent> resolved) throws IOException {
        return write(batch, resolved, java.util.Map.of());
    }

    /**
     * As {@link #write(CrawlBatch, List)}, also putting crawl-state entries in the same
     * transaction (a replica's consumed offsets travel with the data they cover).
     */
    public WriteOutcome write(CrawlBatch batch, List<PreparedTorrent> resolved, java.util.Map<String, byte[]> state)
            throws IOException {
        java.util.Map<byte[], byte[]> encoded = new java.util.LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (v.length > MAX_STATE_VALUE_BYTES) {
                throw new IllegalArgumentException("crawl state value over " + MAX_STATE_VALUE_BYTES + " bytes");
            }
            encoded.put(stateKey(k), v);
        });
        return sequencedWrite(w -> {
            for (PendingHash p : batch.pending()) {
                w.putPending(p);
            }
            for (PreparedTorrent t : resolved) {
                w.putResolved(t);
            }
            for (Sighting s : batch.sightings()) {
                w.applySighting(s);
            }
            for (InfoHash h : batch.abandoned()) {
                w.removePending(h.bytes());
            }
            encoded.forEach((k, v) -> crawlState.put(w.txn, k, v));
            return w.outcome();
        });
    }

    /** The map in bytes now. */
    public long mapSize() {
        return growth.size();
    }


    /** One batch's state inside its write transaction. */
    private final class BatchWriter {
        private final Txn<byte[]> txn;
        private long seq;
        private int added;
        private int merged;
        private int sightings;
        private int unknown;
        private int pendingPut;
        private int pendingGone;
        private int metadataGained;
        private long infoBytes;

        BatchWriter(Txn<byte[]> txn, long seq) {
            this.txn = txn;
            this.seq = seq;
        }

        void putPending(PendingHash p) {
            byte[] key = p.infoHash().bytes();
            byte[] known = canonicalKey(txn, key);
            if (known != null && !side.isBare(txn, known)) {
                return; // already indexed: nothing to resolve
            }
            pending.put(txn, key, RecordCodec.encodePending(p));
            pendingPut++;
        }

        void putBare(BareTorrent b) {
            long s = ++seq;
            torrents.put(txn, b.key(), RecordCodec.encodeTorrent(b.torrent().withSequence(s)));
            side.putBare(txn, b.key(), b.files());
            sequence.put(txn, RecordCodec.sequenceKey(s), b.key());
            side.queue(txn, b.key());
            pending.put(txn, b.key(), RecordCodec.encodePending(b.pending()));
            pendingPut++;
            added++;
        }

        void removePending(byte[] key) {
            if (pending.delete(txn, key)) {
                pendingGone++;
            }
        }

        void putResolved(PreparedTorrent t) {
            removePending(t.harvested());
            removePending(t.key());
            byte[] old = torrents.get(txn, t.key());
            if (old != null && side.isBare(txn, t.key())) {
                // known by name only (imported): the info dict replaces the file list, the history stays
                StoredTorrent was = RecordCodec.decodeTorrent(old);
                side.removeBare(txn, t.key());
                sequence.delete(txn, RecordCodec.sequenceKey(was.sequence()));
                StoredTorrent in = t.torrent();
                Instant first = was.discoveredAt().isBefore(in.discoveredAt()) ? was.discoveredAt() : in.discoveredAt();
                old = null;
                t = new PreparedTorrent(t.key(), t.harvested(), t.aliases(), t.infoDict(), new StoredTorrent(0, first,
                        in.resolvedAt(), Math.max(was.seenCount(), in.seenCount()), was.sources() | in.sources(),
                        in.totalSize(), in.fileCount(), in.name()));
                metadataGained++;
            }
            if (old != null) {
                // resolved twice (a race between fetches): keep the first, merge the counters
                StoredTorrent was = RecordCodec.decodeTorrent(old);
                StoredTorrent in = t.torrent();
                update(t.key(), was, was.withSeen(Math.max(was.seenCount(), in.seenCount()),
                        was.sources() | in.sources(), in.discoveredAt()));
                merged++;
                return;
            }
            long s = ++seq;
            torrents.put(txn, t.key(), RecordCodec.encodeTorrent(t.torrent().withSequence(s)));
            infoDicts.put(txn, t.key(), t.infoDict());
            sequence.put(txn, RecordCodec.sequenceKey(s), t.key());
            for (byte[] alias : t.aliases()) {
                aliases.put(txn, alias, t.key());
            }
            side.queue(txn, t.key());
            added++;
            infoBytes += t.infoDict().length;
        }

        void applySighting(Sighting s) {
            byte[] key = canonicalKey(txn, s.infoHash().bytes());
            if (key == null) {
                unknown++;
                return;
            }
            StoredTorrent was = RecordCodec.decodeTorrent(torrents.get(txn, key));
            long seen = was.seenCount() == Long.MAX_VALUE ? Long.MAX_VALUE : was.seenCount() + 1;
            update(key, was, was.withSeen(seen, was.sources() | (1 << s.source().ordinal()), s.at()));
            if (s.announcer() != null) {
                side.addAnnouncer(txn, key, s.announcer());
            }
            sightings++;
        }

        /** Rewrites the record; a new sequence only when the search index ranks it differently. */
        private void update(byte[] key, StoredTorrent was, StoredTorrent now) {
            if (StoredTorrent.seenBucket(was.seenCount()) != StoredTorrent.seenBucket(now.seenCount())) {
                long s = ++seq;
                sequence.delete(txn, RecordCodec.sequenceKey(was.sequence()));
                sequence.put(txn, RecordCodec.sequenceKey(s), key);
                now = now.withSequence(s);
            }
            torrents.put(txn, key, RecordCodec.encodeTorrent(now));
        }

        WriteOutcome outcome() {
            return new WriteOutcome(added, merged, sightings, unknown, pendingPut, pendingGone, infoBytes, seq,
                    metadataGained);
        }
    }

    /** The key a hash is stored under (itself, or what an alias points to), or null. */
    private byte[] canonicalKey(Txn<byte[]> txn, byte[] hash) {
        if (hash.length == InfoHash.V1_LENGTH && torrents.get(txn, hash) != null) {
            return hash;
        }
        return aliases.get(txn, hash);
    }

    public boolean contains(InfoHash hash) throws IOException {
        return read(txn -> canonicalKey(txn, hash.bytes()) != null);
    }

    /** Stored with its info dict: a torrent imported without one is still to be resolved. */
    public boolean containsResolved(InfoHash hash) throws IOException {
        return read(txn -> {
            byte[] key = canonicalKey(txn, hash.bytes());
            return key != null && !side.isBare(txn, key);
        });
    }

    /** The canonical key and its stored parts, by any hash the torrent answers to. */
    public Optional<StoreChange> find(InfoHash hash) throws IOException {
        return read(txn -> {
            byte[] key = canonicalKey(txn, hash.bytes());
            if (key == null) {
                return Optional.empty();
            }
            StoredTorrent t = RecordCodec.decodeTorrent(torrents.get(txn, key));
            return Optional.of(change(txn, key, t));
        });
    }

    /** A stored torrent's parts: its info dict, or the file list it was imported with, and its swarm. */
    private StoreChange change(Txn<byte[]> txn, byte[] key, StoredTorrent t) {
        byte[] info = infoDicts.get(txn, key);
        List<FileEntry> bare = info == null ? side.bareFiles(txn, key) : null;
        if (info == null && bare == null) {
            throw new CorruptRecordException("torrent without its info dict: " + InfoHash.v1(key).hex());
        }
        return new StoreChange(t.sequence(), key, t, info, bare, side.swarm(txn, key));
    }

    /**
     * Stores imported torrents in one transaction. A full one goes in as a resolved torrent would
     * (replacing a bare one); a bare one only when the hash is unknown, with a pending entry so the
     * crawl fetches its info dict. Swarm counts are kept when newer than what is stored.
     * Returns how many were new.
     */
    public int importBatch(List<Imported> batch) throws IOException {
        return sequencedWrite(w -> {
            int fresh = 0;
            for (Imported i : batch) {
                if (i.full() != null) {
                    int before = w.added;
                    w.putResolved(i.full());
                    fresh += w.added - before;
                } else if (canonicalKey(w.txn, i.bare().key()) == null) {
                    w.putBare(i.bare());
                    fresh++;
                }
                byte[] key = canonicalKey(w.txn, i.key());
                if (key != null) {
                    mergeSwarm(w.txn, key, i.swarm());
                }
            }
            return fresh;
        });
    }

    /** One write transaction through a batch writer, ending with the sequence it reached. */
    private <T> T sequencedWrite(Function<BatchWriter, T> body) throws IOException {
        return growth.run(() -> {
            writeLock.lock();
            txns.readLock().lock();
            try (Txn<byte[]> txn = env.txnWrite()) {
                BatchWriter w = new BatchWriter(txn, lastSequence);
                T result = body.apply(w);
                meta.put(txn, META_LAST_SEQUENCE, RecordCodec.sequenceKey(w.seq));
                txn.commit();
                lastSequence = w.seq;
                return result;
            } catch (LmdbException | CorruptRecordException e) {
                throw MapGrowth.failure(e);
            } finally {
                txns.readLock().unlock();
                writeLock.unlock();
            }
        });
    }

    /** The newer scrape of the two and the larger announcer count. */
    private void mergeSwarm(Txn<byte[]> txn, byte[] key, SwarmCounts in) {
        SwarmCounts cur = side.swarm(txn, key);
        if (in.scrapedAt().isAfter(cur.scrapedAt()) || in.announcers() > cur.announcers()) {
            SwarmCounts newer = in.scrapedAt().isAfter(cur.scrapedAt()) ? in : cur;
            side.putSwarm(txn, key, newer.withAnnouncers(Math.max(in.announcers(), cur.announcers())));
        }
    }

    /**
     * Stores scrape results and announcer counts by canonical key, in one transaction. A record
     * whose seeder count changes takes a new sequence so the search index (which sorts by it)
     * sees it; unknown keys are skipped. Returns how many were stored.
     */
    public int putSwarms(List<byte[]> keys, List<SwarmCounts> counts) throws IOException {
        return sequencedWrite(w -> {
            int stored = 0;
            for (int i = 0; i < keys.size(); i++) {
                byte[] key = canonicalKey(w.txn, keys.get(i));
                if (key == null) {
                    continue;
                }
                SwarmCounts was = side.swarm(w.txn, key);
                // a scrape does not see announcers: the larger count of the two stays
                side.putSwarm(w.txn, key, counts.get(i).withAnnouncers(Math.max(was.announcers(),
                        counts.get(i).announcers())));
                if (was.seeders() != counts.get(i).seeders() || was.peers() != counts.get(i).peers()) {
                    StoredTorrent t = RecordCodec.decodeTorrent(torrents.get(w.txn, key));
                    sequence.delete(w.txn, RecordCodec.sequenceKey(t.sequence()));
                    sequence.put(w.txn, RecordCodec.sequenceKey(++w.seq), key);
                    torrents.put(w.txn, key, RecordCodec.encodeTorrent(t.withSequence(w.seq)));
                }
                stored++;
            }
            return stored;
        });
    }

    /** Swarm counts by canonical key (NONE where unknown). */
    public List<SwarmCounts> swarms(List<byte[]> keys) throws IOException {
        return read(txn -> keys.stream().map(k -> side.swarm(txn, k)).toList());
    }

    /** Up to {@code max} keys due for a scrape (last scraped before {@code before}), oldest first. */
    public List<byte[]> dueForScrape(Instant before, int max) throws IOException {
        return read(txn -> side.due(txn, before, max));
    }

    /** Up to {@code max} stored torrents after {@code afterKey} (null: from the start) in key order: for export. */
    public List<StoreChange> torrentsAfter(byte[] afterKey, int max) throws IOException {
        return read(txn -> {
            List<StoreChange> out = new ArrayList<>(Math.min(max, 4096));
            KeyRange<byte[]> range = afterKey == null ? KeyRange.all() : KeyRange.greaterThan(afterKey);
            try (CursorIterable<byte[]> it = torrents.iterate(txn, range)) {
                for (CursorIterable.KeyVal<byte[]> kv : it) {
                    if (out.size() >= max) {
                        break;
                    }
                    byte[] key = kv.key().clone();
                    out.add(change(txn, key, RecordCodec.decodeTorrent(kv.val())));
                }
            }
            return out;
        });
    }

    /** Several torrents' records by canonical key in one read; null where a key is missing. */
    public List<StoredTorrent> torrents(List<byte[]> keys) throws IOException {
        return read(txn -> {
            List<StoredTorrent> out = new ArrayList<>(keys.size());
            for (byte[] key : keys) {
                byte[] v = torrents.get(txn, key);
                out.add(v == null ? null : RecordCodec.decodeTorrent(v));
            }
            return out;
        });
    }

    /** Up to {@code max} torrents changed after {@code afterSequence}, oldest change first. */
    public List<StoreChange> changesAfter(long afterSequence, int max) throws IOException {
        return read(txn -> {
            List<StoreChange> out = new ArrayList<>();
            KeyRange<byte[]> range = KeyRange.greaterThan(RecordCodec.sequenceKey(afterSequence));
            try (CursorIterable<byte[]> it = sequence.iterate(txn, range)) {
                for (CursorIterable.KeyVal<byte[]> kv : it) {
                    if (out.size() >= max) {
                        break;
                    }
                    byte[] key = kv.val();
                    byte[] rec = torrents.get(txn, key);
                    if (rec == null) {
                        throw new CorruptRecordException("sequence points at a missing torrent");
                    }
                    out.add(change(txn, key, RecordCodec.decodeTorrent(rec)));
                }
            }
            return out;
        });
    }

    /**
     * Removes a torrent (its record, info dict, aliases, sequence entry and pending entries) in
     * one transaction, by any hash it answers to; the canonical key it had, or empty if unknown.
     * The search index learns of it from the caller, not from the sequence.
     */
    public Optional<byte[]> delete(InfoHash hash) throws IOException {
        writeLock.lock();
        try (Txn<byte[]> txn = env.txnWrite()) {
            byte[] key = canonicalKey(txn, hash.bytes());
            if (key == null) {
                pending.delete(txn, hash.bytes());
                txn.commit();
                return Optional.empty();
            }
            byte[] rec = torrents.get(txn, key);
            byte[] info = infoDicts.get(txn, key);
            if (rec != null) {
                sequence.delete(txn, RecordCodec.sequenceKey(RecordCodec.decodeTorrent(rec).sequence()));
            }
            if (info != null) {
                for (byte[] alias : PreparedTorrent.aliasesOf(info)) {
                    aliases.delete(txn, alias);
                    pending.delete(txn, alias);
                }
            }
            side.remove(txn, key);
            torrents.delete(txn, key);
            infoDicts.delete(txn, key);
            pending.delete(txn, key);
            pending.delete(txn, hash.bytes());
            txn.commit();
            return Optional.of(key);
        } catch (LmdbException | CorruptRecordException e) {
            throw new IOException("store delete failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Pending hashes in key order (which is random order of hashes), at most {@code max}. */
    public List<PendingHash> pending(int max) throws IOException {
        return read(txn -> {
            List<PendingHash> out = new ArrayList<>(Math.min(max, 4096));
            try (CursorIterable<byte[]> it = pending.iterate(txn)) {
                for (CursorIterable.KeyVal<byte[]> kv : it) {
                    if (out.size() >= max) {
                        break;
                    }
                    out.add(RecordCodec.decodePending(kv.key(), kv.val()));
                }
            }
            return out;
        });
    }

    public long torrentCount() throws IOException {
        return read(txn -> torrents.stat(txn).entries);
    }

    public long pendingCount() throws IOException {
        return read(txn -> pending.stat(txn).entries);
    }

    public Optional<byte[]> crawlState(String key) throws IOException {
        byte[] k = stateKey(key);
        return read(txn -> Optional.ofNullable(crawlState.get(txn, k)));
    }

    public void putCrawlState(String key, byte[] value) throws IOException {
        byte[] k = stateKey(key);
        if (value.length > MAX_STATE_VALUE_BYTES) {
            throw new IllegalArgumentException("crawl state value over " + MAX_STATE_VALUE_BYTES + " bytes");
        }
        growth.run(() -> {
            writeLock.lock();
            txns.readLock().lock();
            try (Txn<byte[]> txn = env.txnWrite()) {
                crawlState.put(txn, k, value);
                txn.commit();
                return null;
            } catch (LmdbException e) {
                throw MapGrowth.failure(e);
            } finally {
                txns.readLock().unlock();
                writeLock.unlock();
            }
        });
    }

    private static byte[] stateKey(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (k.length == 0 || k.length > MAX_STATE_KEY_BYTES) {
            throw new IllegalArgumentException("crawl state key must be 1 to " + MAX_STATE_KEY_BYTES + " bytes");
        }
        return k;
    }

    /** Bytes the environment's data file takes on disk. */
    public long diskBytes(Path dir) throws IOException {
        return Files.size(dir.resolve("data.mdb"));
    }

    private <T> T read(Function<Txn<byte[]>, T> body) throws IOException {
        txns.readLock().lock();
        try (Txn<byte[]> txn = env.txnRead()) {
            return body.apply(txn);
        } catch (LmdbException e) {
            throw new IOException("store read failed: " + e.getMessage(), e);
        } catch (CorruptRecordException e) {
            throw new IOException("store is damaged: " + e.getMessage(), e);
        } finally {
            txns.readLock().unlock();
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            env.close();
        } finally {
            writeLock.unlock();
        }
    }
}
