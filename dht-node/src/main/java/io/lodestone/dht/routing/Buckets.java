package io.lodestone.dht.routing;

import io.lodestone.types.NodeId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The bucket list of a {@link RoutingTable} and its indexes (by id, endpoint and, with
 * {@code restrictIps}, IP), kept in step: placing, splitting, promoting and removing entries.
 * Bucket {@code i} holds entries sharing exactly {@code i} leading bits with our id; the last one
 * holds every entry sharing at least as many, and only it splits.
 */
final class Buckets {

    /** Ids have 160 bits; the 160th bucket holds the one id differing from ours only in the last bit. */
    static final int MAX_BUCKETS = NodeId.BITS;

    private final NodeId ownId;
    private final RoutingConfig config;
    private final List<Bucket> list = new ArrayList<>();
    private final Map<NodeId, TableEntry> byId = new HashMap<>();
    private final Map<InetSocketAddress, TableEntry> byEndpoint = new HashMap<>();
    /** Kept only with {@code restrictIps}, where an IP has at most one entry, live or cached. */
    private final Map<InetAddress, TableEntry> byIp = new HashMap<>();
    private int liveCount;

    Buckets(NodeId ownId, RoutingConfig config, long now) {
        this.ownId = ownId;
        this.config = config;
        list.add(new Bucket(now));
    }

    int count() {
        return list.size();
    }

    Bucket get(int index) {
        return list.get(index);
    }

    int indexOf(NodeId id) {
        return Math.min(ownId.commonPrefixBits(id), list.size() - 1);
    }

    int liveCount() {
        return liveCount;
    }

    int totalCount() {
        return byId.size();
    }

    TableEntry byId(NodeId id) {
        return byId.get(id);
    }

    TableEntry byEndpoint(InetSocketAddress endpoint) {
        return byEndpoint.get(endpoint);
    }

    /** The entry at {@code ip}; always null unless {@code restrictIps}. */
    TableEntry byIp(InetAddress ip) {
        return byIp.get(ip);
    }

    boolean hasRoom(int index) {
        return list.get(index).live.size() < config.capacity(index);
    }

    boolean canSplit(int index) {
        return index == list.size() - 1 && list.size() < MAX_BUCKETS;
    }

    int goodCount(long now) {
        int good = 0;
        for (Bucket b : list) {
            for (TableEntry e : b.live) {
                if (e.state(now, config) == NodeState.GOOD) {
                    good++;
                }
            }
        }
        return good;
    }

    /**
     * Live entries worth a ping now, none already awaiting one: into {@code stale} the
     * questionable entries of full buckets (a failure there lets a replacement in) and entries
     * that never answered; into {@code bad} bad entries not tried for {@code questionableAfter}.
     */
    void collectPingDue(long now, List<TableEntry> stale, List<TableEntry> bad) {
        long retryBad = config.questionableAfter().toNanos();
        for (int i = 0; i < list.size(); i++) {
            boolean full = !hasRoom(i);
            for (TableEntry e : list.get(i).live) {
                if (e.pingPending(now, config)) {
                    continue;
                }
                NodeState s = e.state(now, config);
                // a full bucket needs to know who is stale; any bucket, whether a timeout was only a lost datagram
                if (s == NodeState.QUESTIONABLE && (full || !e.responded() || e.failures > 0)) {
                    stale.add(e);
                } else if (s == NodeState.BAD && !TableEntry.within(now, e.lastFailure, retryBad)) {
                    bad.add(e);
                }
            }
        }
    }

    /** Places an entry that has just answered: a free slot, a split, a weaker entry's place, or the cache. */
    Admission insert(TableEntry e, long now) {
        while (true) {
            int index = indexOf(e.id());
            Bucket b = list.get(index);
            if (!hasRoom(index) && canSplit(index)) {
                split(now);
                continue;
            }
            if (config.restrictSubnets() && b.hasSubnetNeighbour(e.ip())) {
                return Admission.REJECTED;
            }
            if (hasRoom(index)) {
                link(b, e, false);
                b.lastActive = now;
                return Admission.ADDED;
            }
            TableEntry victim = b.displaceable(e, now, config);
            if (victim != null) {
                unlink(victim);
                link(b, e, false);
                b.lastActive = now;
                return Admission.ADDED;
            }
            return cache(b, e);
        }
    }

    /** Places an entry that has not answered yet, only into a free slot (libtorrent splits for answers only). */
    boolean insertUnverified(TableEntry e, long now) {
        int index = indexOf(e.id());
        Bucket b = list.get(index);
        if (!hasRoom(index) || (config.restrictSubnets() && b.hasSubnetNeighbour(e.ip()))) {
            return false;
        }
        link(b, e, false);
        b.lastActive = now;
        return true;
    }

    private Admission cache(Bucket b, TableEntry e) {
        if (config.replacementCacheSize() == 0) {
            return Admission.IGNORED;
        }
        if (b.replacements.size() >= config.replacementCacheSize()) {
            TableEntry victim = b.replacementVictim(e, config);
            if (victim == null) {
                return Admission.IGNORED;
            }
            unlink(victim);
        }
        link(b, e, true);
        return Admission.CACHED;
    }

    /** Splits the last bucket: entries sharing more bits with us than its index move to a new last bucket. */
    private void split(long now) {
        int last = list.size() - 1;
        Bucket old = list.get(last);
        Bucket deeper = new Bucket(old.lastActive);
        list.add(deeper);
        old.moveInto(deeper, e -> ownId.commonPrefixBits(e.id()) > last);
        // with extended buckets the new bucket may be smaller than the old: the excess waits as replacements
        while (deeper.live.size() > config.capacity(last + 1)) {
            TableEntry weakest = deeper.weakest(now, config);
            deeper.live.remove(weakest);
            weakest.replacement = true;
            deeper.replacements.add(weakest);
            liveCount--;
        }
        while (deeper.replacements.size() > config.replacementCacheSize()) {
            unlink(deeper.evictableReplacement(config.preferVerifiedIds()));
        }
        fill(last, now);
        fill(last + 1, now);
    }

    /** Promotes replacements into the free live slots of bucket {@code index}. */
    void fill(int index, long now) {
        Bucket b = list.get(index);
        while (hasRoom(index) && !b.replacements.isEmpty()) {
            TableEntry r = b.bestReplacement();
            b.replacements.remove(r);
            r.replacement = false;
            b.live.add(r);
            liveCount++;
            b.lastActive = now;
        }
    }

    private void link(Bucket b, TableEntry e, boolean replacement) {
        e.replacement = replacement;
        (replacement ? b.replacements : b.live).add(e);
        if (!replacement) {
            liveCount++;
        }
        byId.put(e.id(), e);
        byEndpoint.put(e.endpoint(), e);
        if (config.restrictIps()) {
            byIp.put(e.ip(), e);
        }
    }

    /** Removes an entry without promoting anything into its place. */
    void unlink(TableEntry e) {
        Bucket b = list.get(indexOf(e.id()));
        if (e.replacement) {
            b.replacements.remove(e);
        } else {
            b.live.remove(e);
            liveCount--;
        }
        byId.remove(e.id());
        byEndpoint.remove(e.endpoint());
        if (config.restrictIps()) {
            byIp.remove(e.ip());
        }
    }

    /** Our first {@code i} bits, then (unless it is the last bucket) the opposite of our bit i, then random. */
    NodeId randomIdIn(int index, RandomGenerator random) {
        byte[] id = new byte[NodeId.LENGTH];
        random.nextBytes(id);
        boolean last = index == list.size() - 1;
        for (int bit = 0; bit < index; bit++) {
            setBit(id, bit, ownId.bit(bit));
        }
        if (!last) {
            setBit(id, index, !ownId.bit(index));
        }
        return NodeId.of(id);
    }

    private static void setBit(byte[] id, int bit, boolean value) {
        int mask = 0x80 >>> (bit & 7);
        id[bit >>> 3] = (byte) (value ? id[bit >>> 3] | mask : id[bit >>> 3] & ~mask);
    }

    /** Throws when the indexes disagree with the buckets or a bound is broken; for tests. */
    void checkInvariants() {
        int live = 0;
        int all = 0;
        for (int i = 0; i < list.size(); i++) {
            Bucket b = list.get(i);
            check(b.live.size() <= config.capacity(i), "bucket " + i + " over capacity");
            check(b.replacements.size() <= config.replacementCacheSize(), "bucket " + i + " cache over size");
            for (TableEntry e : b.live) {
                check(!e.replacement && indexOf(e.id()) == i && byId.get(e.id()) == e, "live entry misplaced " + e);
                check(byEndpoint.get(e.endpoint()) == e, "endpoint index " + e);
            }
            for (TableEntry e : b.replacements) {
                check(e.replacement && indexOf(e.id()) == i && byId.get(e.id()) == e, "replacement misplaced " + e);
                check(byEndpoint.get(e.endpoint()) == e, "endpoint index " + e);
            }
            live += b.live.size();
            all += b.live.size() + b.replacements.size();
        }
        check(live == liveCount && all == byId.size() && all == byEndpoint.size(), "counts disagree");
        check(!config.restrictIps() || byIp.size() == all, "IP index disagrees");
        check(list.size() <= MAX_BUCKETS, "too many buckets");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
