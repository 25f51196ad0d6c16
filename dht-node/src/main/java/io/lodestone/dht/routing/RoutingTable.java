package io.lodestone.dht.routing;

import io.lodestone.time.Clock;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The Kademlia routing table of one DHT node for one address family (BEP 5). Pure policy: it is
 * told what happened ({@code on...}), answers questions ({@link #closest}) and, at the caller's
 * tick, says whom to ping and which buckets to refresh; it sends nothing itself. Not thread-safe.
 *
 * <p>Buckets: bucket {@code i} holds nodes sharing exactly {@code i} leading bits with our id; the
 * last bucket holds every node sharing at least as many. Only the last bucket splits, so the
 * table is deep only around our own id. Each bucket keeps a replacement cache of nodes that
 * answered while it was full; one is promoted as soon as a live entry goes bad.
 *
 * <p>Admission: by default only a verified round trip ({@link #onResponse}) admits a node, as
 * libtorrent admits nodes that answer. Nodes that query us or that others tell us about become
 * ping candidates ({@link #nodesToPing}); with {@code admitUnverified} they may also take a free
 * slot of a non-full bucket at once, as libtorrent's {@code heard_about} does. Read-only nodes
 * (BEP 43) are never added. An endpoint that changes id replaces its old entry only when it
 * answers with the new one; an id at a new endpoint, or with {@code restrictIps} a second port of
 * an IP, displaces the entry holding it only when that entry has failed or never answered.
 */
public final class RoutingTable {

    /** Ids have 160 bits; the 160th bucket holds the one id differing from ours only in the last bit. */
    public static final int MAX_BUCKETS = Buckets.MAX_BUCKETS;

    private final NodeId ownId;
    private final StandardProtocolFamily family;
    private final RoutingConfig config;
    private final Clock clock;
    private final RandomGenerator random;
    private final Buckets buckets;
    private final CandidateQueue candidates;

    public RoutingTable(NodeId ownId, StandardProtocolFamily family, RoutingConfig config, Clock clock,
            RandomGenerator random) {
        if (family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6) {
            throw new IllegalArgumentException("a DHT routing table is for INET or INET6, not " + family);
        }
        this.ownId = Objects.requireNonNull(ownId, "ownId");
        this.family = family;
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.candidates = new CandidateQueue(config.maxCandidates());
        this.buckets = new Buckets(ownId, config, clock.nanos());
    }

    // ---- events

    /** {@code node} answered one of our queries after {@code rttNanos}: the way into the table. */
    public Admission onResponse(NodeInfo node, long rttNanos) {
        if (!fits(node)) {
            return Admission.REJECTED;
        }
        long now = clock.nanos();
        candidates.remove(candidateKey(node.address()));
        TableEntry atEndpoint = buckets.byEndpoint(node.address());
        if (atEndpoint != null && atEndpoint.id().equals(node.id())) {
            atEndpoint.onResponse(now, rttNanos);
            if (!atEndpoint.replacement) {
                buckets.get(buckets.indexOf(atEndpoint.id())).lastActive = now;
            }
            return Admission.UPDATED;
        }
        boolean verified = NodeIdSecurity.isValid(node.id(), node.address().getAddress());
        if ((config.enforceNodeIds() && !verified) || blocked(node, atEndpoint)) {
            return Admission.REJECTED;
        }
        // the entries it supersedes: the endpoint's old id, the id's old endpoint, the IP's other port
        List<TableEntry> superseded = new ArrayList<>(3);
        addIfPresent(superseded, atEndpoint);
        addIfPresent(superseded, buckets.byId(node.id()));
        if (config.restrictIps()) {
            addIfPresent(superseded, buckets.byIp(node.address().getAddress()));
        }
        superseded.forEach(buckets::unlink);
        TableEntry entry = new TableEntry(node, verified, now);
        entry.onResponse(now, rttNanos);
        Admission result = buckets.insert(entry, now);
        for (TableEntry gone : superseded) {
            buckets.fill(buckets.indexOf(gone.id()), now);
        }
        return result;
    }

    /** {@code node} sent us a query; a read-only one (BEP 43) is never added. */
    public Admission onQuery(NodeInfo node, boolean readOnly) {
        if (readOnly) {
            return Admission.IGNORED;
        }
        if (!fits(node)) {
            return Admission.REJECTED;
        }
        long now = clock.nanos();
        TableEntry atEndpoint = buckets.byEndpoint(node.address());
        if (atEndpoint != null && atEndpoint.id().equals(node.id())) {
            atEndpoint.lastQuery = now;
            return Admission.UPDATED;
        }
        return heardOf(node, atEndpoint, now);
    }

    /**
     * Nodes a find_node or get_peers answer told us about: hearsay, never good at once. Each
     * becomes a ping candidate if its bucket could use it (or, with {@code admitUnverified}, takes
     * a free slot). Known endpoints are skipped: a third party cannot tell us that one changed id.
     *
     * @return how many were added or queued
     */
    public int onNodesLearned(List<NodeInfo> nodes) {
        long now = clock.nanos();
        int taken = 0;
        for (NodeInfo node : nodes) {
            if (fits(node) && buckets.byEndpoint(node.address()) == null) {
                Admission a = heardOf(node, null, now);
                if (a == Admission.ADDED || a == Admission.CANDIDATE) {
                    taken++;
                }
            }
        }
        return taken;
    }

    /** A query to {@code node} went unanswered. Ignored when a different node holds its endpoint. */
    public void onTimeout(NodeInfo node) {
        TableEntry e = buckets.byEndpoint(node.address());
        if (e == null || !e.id().equals(node.id())) {
            candidates.remove(candidateKey(node.address()));
            return;
        }
        failed(e);
    }

    /** A query to {@code endpoint}, whose id we may not know (a bootstrap ping), went unanswered. */
    public void onTimeout(InetSocketAddress endpoint) {
        TableEntry e = buckets.byEndpoint(endpoint);
        if (e == null) {
            candidates.remove(candidateKey(endpoint));
            return;
        }
        failed(e);
    }

    // ---- queries

    /**
     * Up to {@code count} nodes for a find_node/get_peers answer or a lookup's start: the good
     * nodes closest to {@code target} by XOR distance, then questionable ones; never bad ones.
     */
    public List<NodeInfo> closest(NodeId target, int count) {
        List<NodeInfo> out = new ArrayList<>(Math.max(0, count));
        if (count <= 0) {
            return out;
        }
        long now = clock.nanos();
        ClosestWalk.collect(buckets, config, target, count, NodeState.GOOD, now, out);
        if (out.size() < count) {
            ClosestWalk.collect(buckets, config, target, count, NodeState.QUESTIONABLE, now, out);
        }
        return out;
    }

    /** Live entries. */
    public int size() {
        return buckets.liveCount();
    }

    public int goodCount() {
        return buckets.goodCount(clock.nanos());
    }

    public int bucketCount() {
        return buckets.count();
    }

    public int replacementCount() {
        return buckets.totalCount() - buckets.liveCount();
    }

    public int candidateCount() {
        return candidates.size();
    }

    /** Whether {@code id} is a live entry. */
    public boolean contains(NodeId id) {
        TableEntry e = buckets.byId(id);
        return e != null && !e.replacement;
    }

    /** Whether {@code node} is a live entry with that very id and endpoint. */
    public boolean contains(NodeInfo node) {
        TableEntry e = buckets.byEndpoint(node.address());
        return e != null && !e.replacement && e.id().equals(node.id());
    }

    /** The live or cached entry for {@code id}. */
    public Optional<RoutingEntry> find(NodeId id) {
        TableEntry e = buckets.byId(id);
        return e == null ? Optional.empty() : Optional.of(e.snapshot(clock.nanos(), config, buckets.indexOf(id)));
    }

    /** Snapshot of the live entries, bucket by bucket. */
    public List<RoutingEntry> entries() {
        return snapshot(false);
    }

    /** Snapshot of the replacement caches, bucket by bucket. */
    public List<RoutingEntry> replacements() {
        return snapshot(true);
    }

    /** The ping candidates, oldest first. */
    public List<NodeInfo> candidates() {
        List<NodeInfo> out = new ArrayList<>(candidates.size());
        candidates.view().forEach(c -> out.add(c.node()));
        return out;
    }

    private List<RoutingEntry> snapshot(boolean cached) {
        long now = clock.nanos();
        List<RoutingEntry> out = new ArrayList<>();
        for (int i = 0; i < buckets.count(); i++) {
            for (TableEntry e : cached ? buckets.get(i).replacements : buckets.get(i).live) {
                out.add(e.snapshot(now, config, i));
            }
        }
        return out;
    }

    public NodeId ownId() {
        return ownId;
    }

    public StandardProtocolFamily family() {
        return family;
    }

    public RoutingConfig config() {
        return config;
    }

    // ---- maintenance

    /**
     * Up to {@code max} nodes the caller should ping now, marked as pinged: first questionable
     * entries of full buckets, entries that never answered and entries whose last query timed out
     * (oldest activity first), then ping
     * candidates (oldest first), then bad entries once per {@code questionableAfter} so a table
     * that lost every node in a network outage recovers. Report each outcome with
     * {@link #onResponse} or {@link #onTimeout}.
     */
    public List<NodeInfo> nodesToPing(int max) {
        long now = clock.nanos();
        List<TableEntry> stale = new ArrayList<>();
        List<TableEntry> bad = new ArrayList<>();
        buckets.collectPingDue(now, stale, bad);
        List<NodeInfo> out = new ArrayList<>();
        stale.sort(Comparator.comparingLong(TableEntry::lastActivity));
        takeEntries(stale, max, now, out);
        while (out.size() < max) {
            CandidateQueue.Candidate c = candidates.poll();
            if (c == null) {
                break;
            }
            TableEntry known = buckets.byEndpoint(c.node().address());
            boolean alreadyIn = known != null && known.id().equals(c.node().id());
            if (!alreadyIn && !blocked(c.node(), known) && useful(c.node().id(), now)) {
                out.add(c.node());
            }
        }
        bad.sort(Comparator.comparingLong(e -> e.lastFailure));
        takeEntries(bad, max, now, out);
        return out;
    }

    private static void takeEntries(List<TableEntry> from, int max, long now, List<NodeInfo> out) {
        for (int i = 0; i < from.size() && out.size() < max; i++) {
            from.get(i).pingedAt = now;
            out.add(from.get(i).node);
        }
    }

    /**
     * BEP 5 refresh: a random id inside each bucket with no activity for {@code refreshAfter},
     * for the caller to run a find_node lookup on. A bucket handed out is not handed out again
     * for another {@code refreshAfter}, as libtorrent marks it active when it picks it.
     */
    public List<NodeId> bucketsToRefresh() {
        long now = clock.nanos();
        long after = config.refreshAfter().toNanos();
        List<NodeId> targets = new ArrayList<>();
        for (int i = 0; i < buckets.count(); i++) {
            Bucket b = buckets.get(i);
            if (now - b.lastActive >= after) {
                targets.add(buckets.randomIdIn(i, random));
                b.lastActive = now;
            }
        }
        return targets;
    }

    // ---- internals

    /** Same family as the table, and not ourselves. */
    private boolean fits(NodeInfo node) {
        boolean v4 = node.address().getAddress() instanceof Inet4Address;
        return v4 == (family == StandardProtocolFamily.INET) && !node.id().equals(ownId);
    }

    private Object candidateKey(InetSocketAddress endpoint) {
        return config.restrictIps() ? endpoint.getAddress() : endpoint;
    }

    /** Whether an entry other than {@code atEndpoint} that still works holds {@code node}'s id or IP. */
    private boolean blocked(NodeInfo node, TableEntry atEndpoint) {
        TableEntry sameId = buckets.byId(node.id());
        if (sameId != null && sameId != atEndpoint && holdsOn(sameId)) {
            return true;
        }
        if (!config.restrictIps()) {
            return false;
        }
        TableEntry sameIp = buckets.byIp(node.address().getAddress());
        return sameIp != null && sameIp != atEndpoint && holdsOn(sameIp);
    }

    /** An entry that answered and has not failed since keeps its id and IP against newcomers. */
    private static boolean holdsOn(TableEntry e) {
        return e.responded() && e.failures == 0;
    }

    private static void addIfPresent(List<TableEntry> list, TableEntry e) {
        if (e != null && !list.contains(e)) {
            list.add(e);
        }
    }

    private Admission heardOf(NodeInfo node, TableEntry atEndpoint, long now) {
        boolean verified = NodeIdSecurity.isValid(node.id(), node.address().getAddress());
        if ((config.enforceNodeIds() && !verified) || blocked(node, atEndpoint)) {
            return Admission.REJECTED;
        }
        boolean conflicts = atEndpoint != null || buckets.byId(node.id()) != null
                || buckets.byIp(node.address().getAddress()) != null;
        if (config.admitUnverified() && !conflicts
                && buckets.insertUnverified(new TableEntry(node, verified, now), now)) {
            candidates.remove(candidateKey(node.address()));
            return Admission.ADDED;
        }
        if (!useful(node.id(), now)) {
            return Admission.IGNORED;
        }
        return candidates.offer(candidateKey(node.address()), node, now) ? Admission.CANDIDATE : Admission.IGNORED;
    }

    /** Whether an answer from a node with {@code id} could change the table, so it is worth a ping. */
    private boolean useful(NodeId id, long now) {
        int index = buckets.indexOf(id);
        Bucket b = buckets.get(index);
        return buckets.hasRoom(index) || buckets.canSplit(index)
                || b.replacements.size() < config.replacementCacheSize() || b.hasDisplaceable(now, config);
    }

    private void failed(TableEntry e) {
        long now = clock.nanos();
        e.onFailure(now);
        int index = buckets.indexOf(e.id());
        boolean bad = e.failures >= config.badAfterFailures();
        if (e.replacement) {
            if (bad || !e.responded()) {
                buckets.unlink(e);
            }
            return;
        }
        // libtorrent drops a node that never answered at its first failure, and any at dht_max_fail_count;
        // a bad node gives way to a replacement at once, else it stays (bad nodes are never handed out)
        // so an outage that silences every node does not empty the table
        boolean replaceable = bad && !buckets.get(index).replacements.isEmpty();
        if (!e.responded() || e.failures >= config.maxFailures() || replaceable) {
            buckets.unlink(e);
            buckets.fill(index, now);
        }
    }

    /** Throws when the table's structures disagree or a bound is broken; for tests. */
    void checkInvariants() {
        buckets.checkInvariants();
        if (candidates.size() > config.maxCandidates()) {
            throw new IllegalStateException("too many candidates");
        }
    }
}
