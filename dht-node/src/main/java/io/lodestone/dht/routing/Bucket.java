package io.lodestone.dht.routing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** One k-bucket: its live entries, its replacement cache and when it last saw activity. */
final class Bucket {

    /** libtorrent's compare_ip_cidr: nodes in one IPv4 /24 or IPv6 /64 count as one network. */
    private static final int IPV4_SUBNET_BYTES = 3;
    private static final int IPV6_SUBNET_BYTES = 8;

    /** Weakness ranks of a live entry, strongest first; see {@link #weakness}. */
    private static final int SOLID = 0;
    private static final int UNVERIFIED_ID = 1;
    private static final int NEVER_ANSWERED = 2;
    private static final int FAILED = 3;

    final List<TableEntry> live = new ArrayList<>();
    final List<TableEntry> replacements = new ArrayList<>();
    /** BEP 5 "last changed", also pushed on when a refresh is handed out so it is not handed out every tick. */
    long lastActive;

    Bucket(long now) {
        this.lastActive = now;
    }

    /**
     * The live entry a node that just answered may take the place of in this full bucket: a bad
     * one (BEP 5), one that never answered, or with {@code preferVerifiedIds} a questionable one
     * whose id fails BEP 42 when the newcomer's passes. Null when every entry deserves its place.
     */
    TableEntry displaceable(TableEntry newcomer, long now, RoutingConfig config) {
        TableEntry weakest = weakest(now, config);
        if (weakest == null) {
            return null;
        }
        int w = weakness(weakest, now, config);
        return w >= NEVER_ANSWERED || (w == UNVERIFIED_ID && newcomer.idVerified) ? weakest : null;
    }

    /** Whether some live entry is weaker than a plain questionable one, so a newcomer may have its place. */
    boolean hasDisplaceable(long now, RoutingConfig config) {
        TableEntry weakest = weakest(now, config);
        return weakest != null && weakness(weakest, now, config) > SOLID;
    }

    /** The weakest live entry, the least recently active among equals; null when empty. */
    TableEntry weakest(long now, RoutingConfig config) {
        TableEntry worst = null;
        int worstRank = -1;
        for (TableEntry e : live) {
            int rank = weakness(e, now, config);
            if (rank > worstRank || (rank == worstRank && e.lastActivity() < worst.lastActivity())) {
                worst = e;
                worstRank = rank;
            }
        }
        return worst;
    }

    private static int weakness(TableEntry e, long now, RoutingConfig config) {
        NodeState s = e.state(now, config);
        if (s == NodeState.BAD) {
            return FAILED;
        }
        if (!e.responded()) {
            return NEVER_ANSWERED;
        }
        return config.preferVerifiedIds() && !e.idVerified && s == NodeState.QUESTIONABLE ? UNVERIFIED_ID : SOLID;
    }

    /** The replacement to promote: no failures before some, then the most recent answer. Null when empty. */
    TableEntry bestReplacement() {
        TableEntry best = null;
        for (TableEntry e : replacements) {
            if (best == null || e.failures < best.failures
                    || (e.failures == best.failures && e.lastResponse > best.lastResponse)) {
                best = e;
            }
        }
        return best;
    }

    /**
     * The replacement to drop for {@code newcomer} in a full cache, or null when the newcomer is
     * the one not worth keeping (its id fails BEP 42, every cached one passes, and they are preferred).
     */
    TableEntry replacementVictim(TableEntry newcomer, RoutingConfig config) {
        TableEntry victim = evictableReplacement(config.preferVerifiedIds());
        if (victim != null && config.preferVerifiedIds() && victim.idVerified && !newcomer.idVerified) {
            return null;
        }
        return victim;
    }

    /**
     * The replacement to drop first: Kademlia keeps the most recently seen, and with
     * {@code preferVerified} BEP 42-valid ids before invalid ones. Null when empty.
     */
    TableEntry evictableReplacement(boolean preferVerified) {
        TableEntry victim = null;
        for (TableEntry e : replacements) {
            if (victim == null
                    || (preferVerified && victim.idVerified && !e.idVerified)
                    || ((!preferVerified || victim.idVerified == e.idVerified)
                            && e.lastActivity() < victim.lastActivity())) {
                victim = e;
            }
        }
        return victim;
    }

    /** Whether a live or cached entry shares {@code ip}'s /24 (IPv4) or /64 (IPv6). */
    boolean hasSubnetNeighbour(InetAddress ip) {
        return sameSubnet(live, ip) || sameSubnet(replacements, ip);
    }

    private static boolean sameSubnet(List<TableEntry> entries, InetAddress ip) {
        byte[] a = ip.getAddress();
        int prefix = ip instanceof Inet4Address ? IPV4_SUBNET_BYTES : IPV6_SUBNET_BYTES;
        for (TableEntry e : entries) {
            byte[] b = e.ip().getAddress();
            if (b.length == a.length && Arrays.equals(a, 0, prefix, b, 0, prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Moves the entries {@code deeper} selects, live and cached, into {@code target} (a split). */
    void moveInto(Bucket target, Predicate<TableEntry> deeper) {
        move(live, target.live, deeper);
        move(replacements, target.replacements, deeper);
    }

    private static void move(List<TableEntry> from, List<TableEntry> to, Predicate<TableEntry> which) {
        from.removeIf(e -> {
            if (which.test(e)) {
                to.add(e);
                return true;
            }
            return false;
        });
    }
}
