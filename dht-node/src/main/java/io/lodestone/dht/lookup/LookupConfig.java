package io.lodestone.dht.lookup;

import java.time.Duration;

/**
 * How iterative lookups, bootstrap and table maintenance behave. Immutable; start from
 * {@link #defaults()} and change single settings with the {@code with...} methods.
 *
 * @param branching alpha: queries kept outstanding among the closest candidates
 * @param k result size: the lookup is done when the k closest known candidates all answered or failed
 * @param seeds nodes taken from the routing table to start a lookup from
 * @param maxInFlight hard cap on one lookup's outstanding queries, slow ones included
 * @param shortTimeout a query unanswered this long is "slow": it stays open but frees its slot
 * @param queryTimeout a query unanswered this long counts as failed for the lookup, which stops
 *     waiting for it (an answer arriving later while the lookup runs is still taken)
 * @param deadline a lookup ends after this long whatever is still outstanding
 * @param maxCandidates candidates one lookup tracks; the farthest are dropped beyond it
 * @param restrictSearchIps one candidate per IPv4 /24 (IPv6 /64) among nodes learned from answers
 * @param rateLimitBackoff when our own outbound limiter refuses a query, that node waits this long
 * @param maxPeers distinct peers one get_peers lookup keeps
 * @param maxRouters bootstrap addresses queried at once
 * @param maxConcurrentRefreshes refresh lookups that maintenance (and bootstrap) run at a time
 * @param rebootstrapBelow maintenance bootstraps again while the table holds fewer live nodes
 * @param rebootstrapInterval least time between two such bootstraps
 * @param selfRefreshInterval maintenance looks up its own id this often while the table is shallow
 */
public record LookupConfig(
        int branching,
        int k,
        int seeds,
        int maxInFlight,
        Duration shortTimeout,
        Duration queryTimeout,
        Duration deadline,
        int maxCandidates,
        boolean restrictSearchIps,
        Duration rateLimitBackoff,
        int maxPeers,
        int maxRouters,
        int maxConcurrentRefreshes,
        int rebootstrapBelow,
        Duration rebootstrapInterval,
        Duration selfRefreshInterval) {

    /** Far beyond useful settings; keeps a mistyped one from costing unbounded memory or traffic. */
    public static final int MAX_BRANCHING = 64;
    public static final int MAX_K = 64;
    public static final int MAX_CANDIDATES = 4_096;
    public static final int MAX_PEERS = 100_000;
    public static final int MAX_ROUTERS = 64;
    public static final int MAX_REFRESHES = 64;

    public LookupConfig {
        requireRange("branching", branching, 1, MAX_BRANCHING);
        requireRange("k", k, 1, MAX_K);
        requireRange("seeds", seeds, 1, MAX_CANDIDATES);
        requireRange("maxInFlight", maxInFlight, branching, MAX_CANDIDATES);
        requireRange("maxCandidates", maxCandidates, k, MAX_CANDIDATES);
        requireRange("maxPeers", maxPeers, 0, MAX_PEERS);
        requireRange("maxRouters", maxRouters, 1, MAX_ROUTERS);
        requireRange("maxConcurrentRefreshes", maxConcurrentRefreshes, 1, MAX_REFRESHES);
        requireRange("rebootstrapBelow", rebootstrapBelow, 0, Integer.MAX_VALUE);
        requirePositive("shortTimeout", shortTimeout);
        requirePositive("queryTimeout", queryTimeout);
        if (queryTimeout.compareTo(shortTimeout) < 0) {
            throw new IllegalArgumentException("queryTimeout " + queryTimeout + " is shorter than shortTimeout "
                    + shortTimeout);
        }
        requirePositive("deadline", deadline);
        requirePositive("rateLimitBackoff", rateLimitBackoff);
        requirePositive("rebootstrapInterval", rebootstrapInterval);
        requirePositive("selfRefreshInterval", selfRefreshInterval);
    }

    public static LookupConfig defaults() {
        return new LookupConfig(
                5, // libtorrent search_branching
                8, // libtorrent's routing table bucket size: traversal_algorithm's results_target
                16, // libtorrent seeds find_data with k table nodes; 2k here so stale seeds cost no extra round
                16, // ours: libtorrent's branch factor grows without bound as queries go slow
                Duration.ofSeconds(1), // libtorrent rpc_manager short_timeout
                Duration.ofSeconds(5), // ours: libtorrent waits its 15 s timeout; answers after 5 s are rare
                Duration.ofSeconds(20), // ours: libtorrent has none, its queries time out after 15 s
                100, // libtorrent traversal_algorithm::add_entry keeps 100 results
                true, // libtorrent dht_restrict_search_ips
                Duration.ofMillis(50), // ours: the outbound limiter refills continuously
                1_000, // ours: bounds memory; a swarm's DHT peers are far fewer
                16, // ours: libtorrent has a handful of router nodes
                2, // ours: libtorrent's node::tick refreshes one bucket per tick with a single query
                8, // ours: one full bucket; libtorrent adds its routers when a lookup starts with < 3 nodes
                Duration.ofMinutes(1), // ours: keeps an offline node from hammering the routers
                Duration.ofMinutes(10)); // libtorrent node::tick refreshes its own id every 10 minutes
    }

    public LookupConfig withBranching(int alpha) {
        return new LookupConfig(alpha, k, seeds, Math.max(alpha, maxInFlight), shortTimeout, queryTimeout,
                deadline, maxCandidates, restrictSearchIps, rateLimitBackoff, maxPeers, maxRouters,
                maxConcurrentRefreshes, rebootstrapBelow, rebootstrapInterval, selfRefreshInterval);
    }

    public LookupConfig withMaxInFlight(int max) {
        return new LookupConfig(branching, k, seeds, max, shortTimeout, queryTimeout, deadline, maxCandidates,
                restrictSearchIps, rateLimitBackoff, maxPeers, maxRouters, maxConcurrentRefreshes,
                rebootstrapBelow, rebootstrapInterval, selfRefreshInterval);
    }

    /** A longer queryTimeout is kept; a shorter one grows to {@code d}. */
    public LookupConfig withShortTimeout(Duration d) {
        return new LookupConfig(branching, k, seeds, maxInFlight, d,
                queryTimeout.compareTo(d) < 0 ? d : queryTimeout, deadline, maxCandidates, restrictSearchIps,
                rateLimitBackoff, maxPeers, maxRouters, maxConcurrentRefreshes, rebootstrapBelow,
                rebootstrapInterval, selfRefreshInterval);
    }

    public LookupConfig withQueryTimeout(Duration d) {
        return new LookupConfig(branching, k, seeds, maxInFlight, shortTimeout, d, deadline, maxCandidates,
                restrictSearchIps, rateLimitBackoff, maxPeers, maxRouters, maxConcurrentRefreshes,
                rebootstrapBelow, rebootstrapInterval, selfRefreshInterval);
    }

    public LookupConfig withDeadline(Duration d) {
        return new LookupConfig(branching, k, seeds, maxInFlight, shortTimeout, queryTimeout, d, maxCandidates,
                restrictSearchIps, rateLimitBackoff, maxPeers, maxRouters, maxConcurrentRefreshes,
                rebootstrapBelow, rebootstrapInterval, selfRefreshInterval);
    }

    public LookupConfig withMaxCandidates(int max) {
        return new LookupConfig(branching, k, seeds, maxInFlight, shortTimeout, queryTimeout, deadline, max,
                restrictSearchIps, rateLimitBackoff, maxPeers, maxRouters, maxConcurrentRefreshes,
                rebootstrapBelow, rebootstrapInterval, selfRefreshInterval);
    }

    /** Off for testnets whose nodes share one public subnet (loopback and private ranges are exempt anyway). */
    public LookupConfig withRestrictSearchIps(boolean on) {
        return new LookupConfig(branching, k, seeds, maxInFlight, shortTimeout, queryTimeout, deadline,
                maxCandidates, on, rateLimitBackoff, maxPeers, maxRouters, maxConcurrentRefreshes,
                rebootstrapBelow, rebootstrapInterval, selfRefreshInterval);
    }

    public LookupConfig withMaxPeers(int max) {
        return new LookupConfig(branching, k, seeds, maxInFlight, shortTimeout, queryTimeout, deadline,
                maxCandidates, restrictSearchIps, rateLimitBackoff, max, maxRouters, maxConcurrentRefreshes,
                rebootstrapBelow, rebootstrapInterval, selfRefreshInterval);
    }

    public LookupConfig withMaxConcurrentRefreshes(int max) {
        return new LookupConfig(branching, k, seeds, maxInFlight, shortTimeout, queryTimeout, deadline,
                maxCandidates, restrictSearchIps, rateLimitBackoff, maxPeers, maxRouters, max, rebootstrapBelow,
                rebootstrapInterval, selfRefreshInterval);
    }

    public LookupConfig withRebootstrapBelow(int nodes) {
        return new LookupConfig(branching, k, seeds, maxInFlight, shortTimeout, queryTimeout, deadline,
                maxCandidates, restrictSearchIps, rateLimitBackoff, maxPeers, maxRouters, maxConcurrentRefreshes,
                nodes, rebootstrapInterval, selfRefreshInterval);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", not " + value);
        }
    }

    static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }
}
