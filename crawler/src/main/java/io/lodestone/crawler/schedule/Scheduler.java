package io.lodestone.crawler.schedule;

import io.lodestone.crawler.CrawlTime;
import io.lodestone.crawler.HarvestSource;
import io.lodestone.crawler.PendingHash;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which pending hash to resolve next, and when to try a failed one again. Pure policy on the
 * crawler's clock; not thread-safe.
 *
 * <p>Among the hashes that are due, one with a live peer (from an announce) goes first, then one
 * announced by more distinct peers, then one seen from more kinds of source, then one some node
 * stores (announced or sampled) before one only looked for (get_peers), then one seen more often,
 * then the oldest. Real swarms show more of this evidence than dead ones, so they go first. A failed attempt sends a hash back to wait
 * for its {@link Backoff}; an announce naming a new peer cuts that wait short, since that peer is
 * there now. Memory is bounded by {@code maxPending}; the last tenth of it is kept for hashes
 * seen live (announce, get_peers), so a flood of BEP 51 samples cannot crowd them out.
 */
public final class Scheduler {

    /** One part in this many of {@code maxPending} is reserved for live sightings. */
    static final int LIVE_RESERVE_DIVISOR = 10;

    /** What became of a sighting. */
    public enum Admission { ADDED, UPDATED, FULL }

    /**
     * A resolution to start: the hash, the peers announced for it, and which attempt this is (1 =
     * first). A plain job was only ever looked for (get_peers), never announced or sampled from a
     * node's store: the least promising kind (libtorrent's privacy lookups ask for made-up
     * hashes), which the caller may keep to a share of its slots.
     */
    public record Job(InfoHash infoHash, List<InetSocketAddress> livePeers, int attempt, boolean plain,
                      List<InetSocketAddress> holders) {
        public Job {
            livePeers = List.copyOf(livePeers);
            holders = List.copyOf(holders);
        }

        public Job(InfoHash infoHash, List<InetSocketAddress> livePeers, int attempt, boolean plain) {
            this(infoHash, livePeers, attempt, plain, List.of());
        }
    }

    /**
     * Hopeless failures in a row after which a hash is given up: two more looks, in case the first
     * lookups were starved of packets (a live peer's announce brings it back later), and no more.
     */
    static final int HOPELESS_ATTEMPTS = 3;

    /** DHT nodes remembered per hash as holding it (they sampled it). */
    static final int MAX_HOLDERS = 4;

    /** What a failure led to: another try later, or giving up. */
    public sealed interface Failure {
        PendingHash pending();
    }

    public record Retry(PendingHash pending) implements Failure {
    }

    public record Abandon(PendingHash pending) implements Failure {
    }

    private enum State { READY, WAITING, IN_FLIGHT }

    private static final class Entry {
        final InfoHash hash;
        final Instant firstSeen;
        final long seq;
        final List<InetSocketAddress> livePeers = new ArrayList<>(1);
        List<InetSocketAddress> holders = List.of();
        long seenCount;
        long persistedSeenCount;
        int sources;
        int attempts;
        /** Hopeless failures in a row. */
        int hopeless;
        long nextAttempt;
        /** Before this its first attempt may not start, however much new evidence comes. */
        long notBefore;
        State state;

        Entry(InfoHash hash, Instant firstSeen, long seq) {
            this.hash = hash;
            this.firstSeen = firstSeen;
            this.seq = seq;
        }
    }

    /** Announcers and sightings count as evidence up to this many; more says little more. */
    static final int EVIDENCE_CAP = 4;

    private static final Comparator<Entry> PRIORITY = Comparator
            .comparingInt((Entry e) -> e.livePeers.isEmpty() ? 1 : 0)
            .thenComparingInt(e -> -Math.min(EVIDENCE_CAP, e.livePeers.size()))
            .thenComparingInt(e -> -Integer.bitCount(e.sources))
            .thenComparingInt(e -> isPlain(e) ? 1 : 0)
            .thenComparingLong(e -> -Math.min(EVIDENCE_CAP, e.seenCount))
            .thenComparing(e -> e.firstSeen)
            .thenComparingLong(e -> e.seq);
    private static final Comparator<Entry> BY_TIME = Comparator
            .comparingLong((Entry e) -> e.nextAttempt)
            .thenComparingLong(e -> e.seq);

    private final Backoff backoff;
    private final int maxPending;
    private final int maxLivePeers;
    private final CrawlTime time;
    private final long startSpreadNanos;
    private final Map<InfoHash, Entry> entries = new HashMap<>();
    private final TreeSet<Entry> ready = new TreeSet<>(PRIORITY);
    private final TreeSet<Entry> waiting = new TreeSet<>(BY_TIME);
    private final Set<Entry> dirty = new LinkedHashSet<>();
    private long seq;
    private int inFlight;

    public Scheduler(Backoff backoff, int maxPending, int maxLivePeers, CrawlTime time) {
        this(backoff, maxPending, maxLivePeers, time, 0);
    }

    /**
     * @param startSpreadNanos a new hash's first attempt waits {@link #startDelay} of it: up to this
     *                         long, a time the hash's own bits pick, so two crawlers of a fleet that
     *                         each take one key of one hybrid torrent mostly start apart, and the
     *                         later one finds the torrent known. Zero: at once
     */
    public Scheduler(Backoff backoff, int maxPending, int maxLivePeers, CrawlTime time, long startSpreadNanos) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.time = Objects.requireNonNull(time, "time");
        if (maxPending < 1 || maxLivePeers < 1) {
            throw new IllegalArgumentException("maxPending and maxLivePeers must be positive");
        }
        if (startSpreadNanos < 0) {
            throw new IllegalArgumentException("negative startSpreadNanos");
        }
        this.startSpreadNanos = startSpreadNanos;
        this.maxPending = maxPending;
        this.maxLivePeers = maxLivePeers;
    }

    public boolean contains(InfoHash h) {
        return entries.containsKey(h);
    }

    /** A sighting of {@code h} at {@code nanos}: a new pending hash, or one more sighting of one. */
    public Admission offer(InfoHash h, HarvestSource source, InetSocketAddress peer, long nanos) {
        return offer(h, source, peer, nanos, null);
    }

    /** As above, with the DHT node a sample came from (null if none). */
    public Admission offer(InfoHash h, HarvestSource source, InetSocketAddress peer, long nanos,
                           InetSocketAddress holder) {
        Admission a = offerSighting(h, source, peer, nanos);
        Entry e = entries.get(h);
        if (holder != null && e != null && e.holders.size() < MAX_HOLDERS && !e.holders.contains(holder)) {
            List<InetSocketAddress> hs = new ArrayList<>(e.holders);
            hs.add(holder);
            e.holders = List.copyOf(hs);
        }
        return a;
    }

    private Admission offerSighting(InfoHash h, HarvestSource source, InetSocketAddress peer, long nanos) {
        Entry e = entries.get(h);
        if (e == null) {
            int limit = source == HarvestSource.SAMPLE ? maxPending - maxPending / LIVE_RESERVE_DIVISOR : maxPending;
            if (entries.size() >= Math.max(1, limit)) {
                return Admission.FULL;
            }
            e = new Entry(h, time.toInstant(nanos), seq++);
            e.seenCount = 1;
            e.sources = bit(source);
            addPeer(e, peer);
            long delay = startDelay(h, startSpreadNanos);
            e.notBefore = nanos + delay;
            e.nextAttempt = e.notBefore;
            entries.put(h, e);
            enter(e, delay == 0 ? State.READY : State.WAITING);
            dirty.add(e);
            return Admission.ADDED;
        }
        boolean reorder = e.state == State.READY;
        if (reorder) {
            ready.remove(e);
        }
        e.seenCount++;
        int before = e.sources;
        e.sources |= bit(source);
        if (e.sources != before) {
            dirty.add(e);
        }
        boolean newPeer = addPeer(e, peer);
        if (reorder) {
            ready.add(e);
        } else if (newPeer && e.state == State.WAITING) {
            // someone just announced a peer for it: worth a try now rather than after the backoff
            // (but not before its start spread: that wait is for the fleet, not for the peers)
            waiting.remove(e);
            e.nextAttempt = Math.max(nanos, e.notBefore);
            enter(e, e.nextAttempt <= nanos ? State.READY : State.WAITING);
        }
        return Admission.UPDATED;
    }

    /**
     * How long a new hash {@code h} waits before its first attempt: its top 64 bits, scaled to
     * {@code [0, spreadNanos)}. Info-hashes are uniform, so the waits are spread evenly, and two
     * keys of one torrent (a hybrid's v1 and v2) wait independently of each other.
     */
    static long startDelay(InfoHash h, long spreadNanos) {
        if (spreadNanos <= 0) {
            return 0;
        }
        byte[] b = h.bytes();
        long top = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            top = (top << Byte.SIZE) | (b[i] & 0xff);
        }
        return Math.multiplyHigh(top >>> 1, spreadNanos) << 1; // (top / 2^64) * spread, in 63 bits
    }

    /** Takes back a pending hash saved before a restart; false if known or full. */
    public boolean restore(PendingHash p) {
        if (entries.containsKey(p.infoHash()) || entries.size() >= maxPending) {
            return false;
        }
        Entry e = new Entry(p.infoHash(), p.firstSeen(), seq++);
        e.seenCount = p.seenCount();
        e.persistedSeenCount = p.seenCount();
        e.sources = p.sources();
        e.attempts = p.attempts();
        e.nextAttempt = time.toNanos(p.nextAttempt());
        entries.put(e.hash, e);
        enter(e, State.WAITING);
        return true;
    }

    /** The most urgent hash due at {@code now}, now in flight; null if none is due. */
    public Job next(long now) {
        return next(now, true);
    }

    /**
     * As {@link #next(long)}; with {@code plainAllowed} false, null rather than a plain job (plain
     * hashes sort last, so when the most urgent one is plain, all are).
     */
    public Job next(long now, boolean plainAllowed) {
        promote(now);
        Entry e = ready.isEmpty() ? null : ready.first();
        if (e == null || (!plainAllowed && isPlain(e))) {
            return null;
        }
        ready.pollFirst();
        e.state = State.IN_FLIGHT;
        inFlight++;
        return new Job(e.hash, e.livePeers, e.attempts + 1, isPlain(e), e.holders);
    }

    private static boolean isPlain(Entry e) {
        return e.livePeers.isEmpty() && e.sources == bit(HarvestSource.GET_PEERS);
    }

    /** The in-flight hash {@code h} resolved: forgotten here; its final state for the store. */
    public PendingHash succeeded(InfoHash h) {
        Entry e = entries.get(h);
        if (e == null || e.state != State.IN_FLIGHT) {
            return null;
        }
        return removeEntry(e);
    }

    /** The in-flight hash {@code h} did not resolve: it waits for its backoff, or is given up. */
    public Failure failed(InfoHash h, long now) {
        return failed(h, now, false);
    }

    /**
     * As above; a {@code hopeless} failure (no peer at all, or only peers known dead) is given up
     * after {@link #HOPELESS_ATTEMPTS} such attempts in a row: retrying costs lookups and finds the same. A
     * live peer announcing it later brings it back.
     */
    public Failure failed(InfoHash h, long now, boolean hopeless) {
        Entry e = entries.get(h);
        if (e == null || e.state != State.IN_FLIGHT) {
            return null;
        }
        e.attempts++;
        e.hopeless = hopeless ? e.hopeless + 1 : 0;
        if (backoff.exhausted(e.attempts) || e.hopeless >= HOPELESS_ATTEMPTS) {
            return new Abandon(removeEntry(e));
        }
        inFlight--;
        e.nextAttempt = now + backoff.delayNanos(e.attempts);
        enter(e, State.WAITING);
        dirty.add(e);
        return new Retry(view(e));
    }

    /** Forgets {@code h} whatever its state (another key of a torrent just resolved); its last state, or null. */
    public PendingHash remove(InfoHash h) {
        Entry e = entries.get(h);
        return e == null ? null : removeEntry(e);
    }

    /** Pending hashes whose stored form is out of date (new, new source, failed), cleared as taken. */
    public List<PendingHash> takeDirty(int max) {
        List<PendingHash> out = new ArrayList<>(Math.min(max, dirty.size()));
        var it = dirty.iterator();
        while (it.hasNext() && out.size() < max) {
            Entry e = it.next();
            it.remove();
            e.persistedSeenCount = e.seenCount;
            out.add(view(e));
        }
        return out;
    }

    public int dirtyCount() {
        return dirty.size();
    }

    /** On shutdown: every pending hash whose stored form differs, seen counts included. */
    public List<PendingHash> takeAllChanged() {
        List<PendingHash> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (dirty.contains(e) || e.seenCount != e.persistedSeenCount) {
                e.persistedSeenCount = e.seenCount;
                out.add(view(e));
            }
        }
        dirty.clear();
        return out;
    }

    /** The pending state of {@code h}, or null. */
    public PendingHash pending(InfoHash h) {
        Entry e = entries.get(h);
        return e == null ? null : view(e);
    }

    public int size() {
        return entries.size();
    }

    public int inFlight() {
        return inFlight;
    }

    /** Due now (after {@link #next} moved what was due). */
    public int ready() {
        return ready.size();
    }

    public int waiting() {
        return waiting.size();
    }

    private void promote(long now) {
        while (!waiting.isEmpty() && waiting.first().nextAttempt <= now) {
            Entry e = waiting.pollFirst();
            enter(e, State.READY);
        }
    }

    private void enter(Entry e, State s) {
        e.state = s;
        (s == State.READY ? ready : waiting).add(e);
    }

    private PendingHash removeEntry(Entry e) {
        entries.remove(e.hash);
        dirty.remove(e);
        switch (e.state) {
            case READY -> ready.remove(e);
            case WAITING -> waiting.remove(e);
            case IN_FLIGHT -> inFlight--;
        }
        return view(e);
    }

    private boolean addPeer(Entry e, InetSocketAddress peer) {
        if (peer == null || e.livePeers.contains(peer)) {
            return false;
        }
        if (e.livePeers.size() >= maxLivePeers) {
            e.livePeers.removeFirst(); // the newest announces are the likeliest to be live
        }
        e.livePeers.add(peer);
        return true;
    }

    private PendingHash view(Entry e) {
        return new PendingHash(e.hash, e.firstSeen, e.seenCount, e.sources, e.attempts,
                time.toInstant(e.nextAttempt));
    }

    private static int bit(HarvestSource s) {
        return 1 << s.ordinal();
    }
}
