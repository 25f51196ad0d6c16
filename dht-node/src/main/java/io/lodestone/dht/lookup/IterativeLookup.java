package io.lodestone.dht.lookup;

import io.lodestone.dht.lookup.Candidates.Candidate;
import io.lodestone.dht.lookup.LookupStats.Outcome;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One Kademlia lookup as a state machine, with no I/O: it says whom to query ({@link #next}) and is
 * told what came back ({@link #onResponse}, {@link #onFailure}). Not thread-safe; times are the
 * caller's monotonic nanoseconds.
 *
 * <p>As libtorrent's {@code traversal_algorithm} with aggressive lookups: candidates sorted by XOR
 * distance to the target; walking down from the closest, {@code branching} queries are kept
 * outstanding among the candidates above the k-th responder. A query unanswered after
 * {@code shortTimeout} is slow: it stays open (a late answer still counts) but widens the branch
 * by one, so one dead node does not stall the walk; after {@code queryTimeout} the lookup stops
 * waiting for it (libtorrent waits its full 15 s), though an answer arriving later while the
 * lookup runs still counts. Done when the k closest candidates that did not fail have all
 * answered and none above them is outstanding, when every candidate has been tried, or at the
 * deadline.
 *
 * <p>One candidate per id and per endpoint, never our own id; nodes learned from answers also one
 * per /24 (/64) as libtorrent's {@code restrict_search_ips}; at most {@code maxCandidates}, the
 * farthest dropped (an outstanding query to a dropped node is abandoned).
 */
public final class IterativeLookup {

    /** Where a candidate stands. */
    public enum State { FRESH, IN_FLIGHT, SLOW, RESPONDED, FAILED }

    private final NodeId target;
    private final LookupConfig config;
    private final long startNanos;
    private final long deadlineNanos;
    private final long shortTimeoutNanos;
    private final long queryTimeoutNanos;
    private final Candidates candidates;

    private int inFlight;
    private int slowOutstanding;
    private long lastNow;
    private Outcome outcome;
    private long endNanos;
    private int queried;
    private int responded;
    private int failed;
    private int slowed;
    private int timedOut;

    public IterativeLookup(NodeId target, NodeId ownId, LookupConfig config, long nowNanos) {
        this.target = Objects.requireNonNull(target, "target");
        this.config = Objects.requireNonNull(config, "config");
        this.candidates = new Candidates(target, Objects.requireNonNull(ownId, "ownId"), config.maxCandidates());
        this.startNanos = nowNanos;
        this.lastNow = nowNanos;
        this.deadlineNanos = nowNanos + config.deadline().toNanos();
        this.shortTimeoutNanos = config.shortTimeout().toNanos();
        this.queryTimeoutNanos = config.queryTimeout().toNanos();
    }

    // ---- input

    /** Starting nodes (our table's, a bootstrap's): exempt from the subnet rule, as libtorrent's initial nodes. */
    public int addSeeds(Collection<NodeInfo> nodes) {
        return addAll(nodes, false);
    }

    /** Nodes heard of some other way than an answer to this lookup; kept to the same rules as those. */
    public int addCandidates(Collection<NodeInfo> nodes) {
        return addAll(nodes, config.restrictSearchIps());
    }

    /**
     * {@code from} answered, giving {@code closer} nodes. {@code from} carries the id the answer
     * named: when it differs from the id the node was advertised under, the answer's id wins.
     *
     * @return false when the answer is not for a query of this lookup (abandoned, after the end)
     *     and was ignored
     */
    public boolean onResponse(NodeInfo from, Collection<NodeInfo> closer, long now) {
        return onResponse(from, closer, now, true);
    }

    /**
     * As {@link #onResponse(NodeInfo, Collection, long)}; with {@code countsTowardK} false the
     * responder is kept and its nodes used, but the lookup goes on as if it had failed: a get_peers
     * answer without a token cannot take an announce, so it does not end the search for k that can.
     */
    public boolean onResponse(NodeInfo from, Collection<NodeInfo> closer, long now, boolean countsTowardK) {
        observe(now);
        Candidate c = candidates.at(from.address());
        if (outcome != null || c == null) {
            return false;
        }
        if (c.state == State.FAILED && c.gaveUp) {
            failed--; // it answered after all, while the lookup still ran
            timedOut--;
            c.gaveUp = false;
        } else if (c.outstanding()) {
            settle(c);
        } else {
            return false;
        }
        if (!c.node.id().equals(from.id())) {
            candidates.remove(c);
            c = admit(from, null);
            if (c == null) {
                failed++; // our own id, or an id another candidate holds: not a usable answer
                return false;
            }
        }
        c.state = State.RESPONDED;
        c.counts = countsTowardK;
        responded++;
        addAll(closer, config.restrictSearchIps());
        return true;
    }

    /** The query to {@code from} failed (error, malformed answer, could not be sent). */
    public boolean onFailure(NodeInfo from, long now) {
        observe(now);
        Candidate c = outstanding(from.address());
        if (c == null) {
            return false;
        }
        settle(c);
        c.state = State.FAILED;
        failed++;
        return true;
    }

    /** The query to {@code from} timed out: a failure, counted apart. */
    public boolean onTimeout(NodeInfo from, long now) {
        if (!onFailure(from, now)) {
            return false;
        }
        timedOut++;
        return true;
    }

    /** The query to {@code from} is slow (also detected from {@code shortTimeout} by {@link #next}). */
    public boolean onSlow(NodeInfo from, long now) {
        observe(now);
        Candidate c = outstanding(from.address());
        if (c == null || c.state != State.IN_FLIGHT) {
            return false;
        }
        markSlow(c);
        return true;
    }

    /**
     * Our own outbound rate limiter refused the query to {@code from}: not the node's fault, so it
     * goes back to fresh and waits {@code rateLimitBackoff}. Only that node waits: the limit is
     * per destination IP, and pausing the whole lookup made every lookup of a farm wait on the
     * busiest IP it met (lookups of a second on loopback).
     */
    public boolean onUnsent(NodeInfo from, long now) {
        observe(now);
        Candidate c = outstanding(from.address());
        if (c == null) {
            return false;
        }
        settle(c);
        c.state = State.FRESH;
        c.notBefore = now + config.rateLimitBackoff().toNanos();
        queried--;
        return true;
    }

    /** Ends the lookup now; outstanding queries are abandoned. */
    public void cancel(long now) {
        observe(now);
        finish(Outcome.CANCELLED);
    }

    // ---- output

    /** The candidates to query now, marked in flight. Empty once done. */
    public List<NodeInfo> next(long now) {
        observe(now);
        List<NodeInfo> out = new ArrayList<>();
        scan(now, out);
        return out;
    }

    /** Whether the lookup has ended, as of the latest time it was given. */
    public boolean isDone() {
        if (outcome == null) {
            scan(lastNow, null);
        }
        return outcome != null;
    }

    /** Why it ended; null while running. */
    public Outcome outcome() {
        isDone();
        return outcome;
    }

    /** When something changes by time alone (a query goes slow, a pause ends, the deadline); MAX_VALUE once done. */
    public long nextWakeupNanos() {
        if (isDone()) {
            return Long.MAX_VALUE;
        }
        long at = deadlineNanos;
        for (Candidate c : candidates.sorted()) {
            if (c.state == State.FRESH && c.notBefore > lastNow) {
                at = Math.min(at, c.notBefore);
            } else if (c.state == State.IN_FLIGHT) {
                at = Math.min(at, c.sentAt + shortTimeoutNanos);
            } else if (c.state == State.SLOW) {
                at = Math.min(at, c.sentAt + queryTimeoutNanos);
            }
        }
        return at;
    }

    /** Up to {@code n} nodes that answered, closest first. */
    public List<NodeInfo> closestResponded(int n) {
        List<NodeInfo> out = new ArrayList<>(Math.min(Math.max(n, 0), candidates.size()));
        for (Candidate c : candidates.sorted()) {
            if (out.size() >= n) {
                break;
            }
            if (c.state == State.RESPONDED) {
                out.add(c.node);
            }
        }
        return out;
    }

    /** The state of the candidate at {@code address}, if it is one. */
    public State stateOf(InetSocketAddress address) {
        Candidate c = candidates.at(address);
        return c == null ? null : c.state;
    }

    public NodeId target() {
        return target;
    }

    public int candidateCount() {
        return candidates.size();
    }

    public int inFlight() {
        return inFlight;
    }

    public int queried() {
        return queried;
    }

    public int responded() {
        return responded;
    }

    public int failed() {
        return failed;
    }

    /** Queries that went slow. */
    public int slowed() {
        return slowed;
    }

    /** Failures that were timeouts, reported or by {@code queryTimeout}. */
    public int timedOut() {
        return timedOut;
    }

    /** From start to end, or to the latest time given while running. */
    public long elapsedNanos() {
        return (outcome == null ? lastNow : endNanos) - startNanos;
    }

    // ---- internals

    /**
     * libtorrent's add_requests: walk down from the closest; responders count toward k, outstanding
     * queries toward the branch, which each slow query widens by one. With {@code out} null it
     * only decides whether the lookup is done.
     */
    private void scan(long now, List<NodeInfo> out) {
        if (outcome != null) {
            return;
        }
        int resultsTarget = config.k();
        int outstanding = 0;
        int branch = config.branching() + slowOutstanding;
        boolean blocked = false;
        int deferred = 0; // refused by our limiter a moment ago: they do not hold up the others
        List<Candidate> sorted = candidates.sorted();
        scan:
        for (int i = 0; i < sorted.size() && resultsTarget > 0 && outstanding < branch; i++) {
            Candidate c = sorted.get(i);
            switch (c.state) {
                case RESPONDED -> resultsTarget -= c.counts ? 1 : 0;
                case FAILED -> {
                }
                case IN_FLIGHT, SLOW -> outstanding++;
                case FRESH -> {
                    if (out == null) {
                        outstanding++; // it would be sent: not done
                    } else if (now < c.notBefore) {
                        deferred++;
                        outstanding++; // it keeps its place in the branch: waiting is not a reason to ask more
                    } else if (inFlight >= config.maxInFlight()) {
                        blocked = true;
                        break scan;
                    } else {
                        c.state = State.IN_FLIGHT;
                        c.sentAt = now;
                        inFlight++;
                        queried++;
                        outstanding++;
                        out.add(c.node);
                    }
                }
            }
        }
        if (resultsTarget == 0 && outstanding == 0 && deferred == 0) {
            finish(Outcome.CONVERGED);
        } else if (inFlight == 0 && outstanding == 0 && !blocked && deferred == 0) {
            finish(Outcome.EXHAUSTED);
        }
    }

    /**
     * Moves time on: ends the lookup at its deadline, gives up on queries past {@code queryTimeout}
     * and marks those past the short timeout slow.
     */
    private void observe(long now) {
        lastNow = Math.max(lastNow, now);
        if (outcome != null) {
            return;
        }
        if (lastNow >= deadlineNanos) {
            finish(Outcome.DEADLINE);
            return;
        }
        for (Candidate c : candidates.sorted()) {
            if (c.outstanding() && lastNow - c.sentAt >= queryTimeoutNanos) {
                settle(c);
                c.state = State.FAILED;
                c.gaveUp = true;
                failed++;
                timedOut++;
            } else if (c.state == State.IN_FLIGHT && lastNow - c.sentAt >= shortTimeoutNanos) {
                markSlow(c);
            }
        }
    }

    private void markSlow(Candidate c) {
        c.state = State.SLOW;
        slowOutstanding++;
        slowed++;
    }

    private void finish(Outcome why) {
        if (outcome == null) {
            outcome = why;
            endNanos = lastNow;
        }
    }

    private Candidate outstanding(InetSocketAddress address) {
        if (outcome != null) {
            return null;
        }
        Candidate c = candidates.at(address);
        return c != null && c.outstanding() ? c : null;
    }

    /** The query to {@code c} is no longer outstanding. */
    private void settle(Candidate c) {
        if (c.state == State.SLOW) {
            slowOutstanding--;
        }
        if (c.state == State.SLOW || c.state == State.IN_FLIGHT) {
            inFlight--;
        }
    }

    private int addAll(Collection<NodeInfo> nodes, boolean restrict) {
        int added = 0;
        for (NodeInfo n : nodes) {
            Object subnet = restrict ? Candidates.subnetOf(n.address().getAddress()) : null;
            if (outcome == null && admit(n, subnet) != null) {
                added++;
            }
        }
        return added;
    }

    /** A dropped candidate's outstanding query is abandoned, as libtorrent does. */
    private Candidate admit(NodeInfo n, Object subnet) {
        return candidates.admit(n, subnet, this::settle);
    }
}
