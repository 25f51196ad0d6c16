package io.lodestone.dht.node;

import io.lodestone.dht.krpc.ClientVersion;
import io.lodestone.dht.krpc.SampleInfohashesResponse;
import io.lodestone.dht.routing.RoutingConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link DhtNode} can be told. Immutable; start from {@link #defaults()} and change
 * single settings through {@link #toBuilder()}.
 *
 * @param minQueryTimeout      floor of the adaptive query timeout (per-node RTT estimate, else global)
 * @param maxQueryTimeout      its ceiling
 * @param fallbackQueryTimeout before any round trip was measured
 * @param maxOutstandingQueries queries in flight; more fail at once with RATE_LIMITED
 * @param tokenRotation        announce-token secret lifetime; a token is good for one to two of these
 * @param maxInfoHashes        info-hashes the peer store keeps (least recently announced go first)
 * @param maxPeersPerHash      peers kept per info-hash (least recently announced go first)
 * @param maxStoredPeers       peers kept in all, a memory bound for the whole store
 * @param peerLifetime         an announced peer is forgotten this long after its last announce
 * @param maxPeersReply        peers in one get_peers answer, if they fit in a datagram
 * @param sampleIntervalSeconds BEP 51 {@code interval} we announce, and how long we keep our sample
 * @param maxSamples           info-hashes in one BEP 51 answer
 * @param maxPingsPerTick      maintenance pings per routing table per {@link DhtNode#tick()}
 * @param readOnly             BEP 43: send {@code ro=1}, so others keep us out of their tables
 * @param clientVersion        the {@code v} we put in every message
 * @param rateLimits           per-IP limits, for whoever builds the shared {@link RateLimits}
 * @param enforceNodeIds       BEP 42: refuse routing-table nodes whose id does not fit their IP
 * @param restrictRoutingIps   one routing-table entry per IP
 * @param allowPrivate         talk to and route loopback/private/link-local addresses (testnets only)
 */
public record DhtConfig(
        Duration minQueryTimeout,
        Duration maxQueryTimeout,
        Duration fallbackQueryTimeout,
        int maxOutstandingQueries,
        Duration tokenRotation,
        int maxInfoHashes,
        int maxPeersPerHash,
        int maxStoredPeers,
        Duration peerLifetime,
        int maxPeersReply,
        int sampleIntervalSeconds,
        int maxSamples,
        int maxPingsPerTick,
        boolean readOnly,
        ClientVersion clientVersion,
        RateLimitConfig rateLimits,
        boolean enforceNodeIds,
        boolean restrictRoutingIps,
        boolean allowPrivate) {

    /** Half the 2-byte transaction id space, so a random free id is found in two tries on average. */
    public static final int MAX_OUTSTANDING_QUERIES = 1 << 15;
    /** libtorrent's infohashes_sample_count_max: 20 samples with 8 + 8 nodes fill most of a datagram. */
    public static final int MAX_SAMPLES = 20;
    /** Bounds the memory of one node's store whatever the configuration says. */
    public static final int MAX_STORED_PEERS = 10_000_000;
    /** "LS" and version 0.1: two letters for the client, two bytes for its version, as libtorrent does. */
    public static final ClientVersion LODESTONE_VERSION = ClientVersion.of(new byte[] {'L', 'S', 0, 1});

    public DhtConfig {
        requirePositive("minQueryTimeout", minQueryTimeout);
        requirePositive("tokenRotation", tokenRotation);
        requirePositive("peerLifetime", peerLifetime);
        if (maxQueryTimeout == null || fallbackQueryTimeout == null
                || fallbackQueryTimeout.compareTo(minQueryTimeout) < 0
                || maxQueryTimeout.compareTo(fallbackQueryTimeout) < 0) {
            throw new IllegalArgumentException("need minQueryTimeout <= fallbackQueryTimeout <= maxQueryTimeout");
        }
        requireRange("maxOutstandingQueries", maxOutstandingQueries, 1, MAX_OUTSTANDING_QUERIES);
        requireRange("maxStoredPeers", maxStoredPeers, 1, MAX_STORED_PEERS);
        requireRange("maxInfoHashes", maxInfoHashes, 1, maxStoredPeers);
        requireRange("maxPeersPerHash", maxPeersPerHash, 1, maxStoredPeers);
        requireRange("maxPeersReply", maxPeersReply, 0, Integer.MAX_VALUE);
        requireRange("sampleIntervalSeconds", sampleIntervalSeconds, 0, SampleInfohashesResponse.MAX_INTERVAL);
        requireRange("maxSamples", maxSamples, 0, MAX_SAMPLES);
        requireRange("maxPingsPerTick", maxPingsPerTick, 0, Integer.MAX_VALUE);
        Objects.requireNonNull(clientVersion, "clientVersion");
        Objects.requireNonNull(rateLimits, "rateLimits");
    }

    public static DhtConfig defaults() {
        return new DhtConfig(
                // RFC 6298-style RTO from each node's measured RTT: a fast node that stops answering is
                // given up on (and a lookup branches) after 400 ms instead of libtorrent's fixed 1 s short
                // timeout; a slow one is waited for up to 4 s (libtorrent waits 15 s, but an answer that
                // late rarely changes a lookup); before anything is measured, 2 s covers the great majority of
                // DHT round trips, which are mostly well under a second
                Duration.ofMillis(400),
                Duration.ofSeconds(4),
                Duration.ofSeconds(2),
                // a crawling node keeps thousands of queries in flight; 16k is a quarter of the tid space
                16_384,
                // libtorrent rotates its token secret every 5 minutes and accepts the current and
                // previous one (BEP 5: tokens up to 10 minutes old)
                Duration.ofMinutes(5),
                // libtorrent dht_max_torrents is 2000; a crawler node stores 10x more for BEP 51 sampling
                20_000,
                // libtorrent dht_max_peers is 500; a get_peers answer carries at most 100, so 100 is
                // enough to give askers a fresh random subset
                100,
                // libtorrent has no total bound; ~100 bytes a peer keeps a node's store under ~20 MB
                200_000,
                // libtorrent purges peers 1.5 announce intervals (30 min) after their last announce
                Duration.ofMinutes(45),
                // libtorrent dht_max_peers_reply
                100,
                // libtorrent dht_sample_infohashes_interval is 21600 (6 h); a crawler-friendly node
                // refreshes its sample every 10 minutes, so repeat visits are worth a crawler's while
                600,
                // libtorrent dht_max_infohashes_sample_count
                20,
                // 2 per table per 100 ms tick: 20/s, far above what a healthy table asks for
                2,
                false, // BEP 43: a full node answers queries
                LODESTONE_VERSION,
                RateLimitConfig.defaults(),
                false, // libtorrent dht_enforce_node_id
                true, // libtorrent dht_restrict_routing_ips
                false); // public clients ignore private addresses (libtorrent drops them from responses)
    }

    /** The routing tables' settings: libtorrent-like defaults plus this config's two routing flags. */
    public RoutingConfig routingConfig() {
        return RoutingConfig.defaults().withRestrictIps(restrictRoutingIps).withEnforceNodeIds(enforceNodeIds);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", not " + value);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }

    /** Changes settings one at a time; {@link #build()} validates them together. */
    public static final class Builder {
        private Duration minQueryTimeout;
        private Duration maxQueryTimeout;
        private Duration fallbackQueryTimeout;
        private int maxOutstandingQueries;
        private Duration tokenRotation;
        private int maxInfoHashes;
        private int maxPeersPerHash;
        private int maxStoredPeers;
        private Duration peerLifetime;
        private int maxPeersReply;
        private int sampleIntervalSeconds;
        private int maxSamples;
        private int maxPingsPerTick;
        private boolean readOnly;
        private ClientVersion clientVersion;
        private RateLimitConfig rateLimits;
        private boolean enforceNodeIds;
        private boolean restrictRoutingIps;
        private boolean allowPrivate;

        private Builder(DhtConfig c) {
            minQueryTimeout = c.minQueryTimeout;
            maxQueryTimeout = c.maxQueryTimeout;
            fallbackQueryTimeout = c.fallbackQueryTimeout;
            maxOutstandingQueries = c.maxOutstandingQueries;
            tokenRotation = c.tokenRotation;
            maxInfoHashes = c.maxInfoHashes;
            maxPeersPerHash = c.maxPeersPerHash;
            maxStoredPeers = c.maxStoredPeers;
            peerLifetime = c.peerLifetime;
            maxPeersReply = c.maxPeersReply;
            sampleIntervalSeconds = c.sampleIntervalSeconds;
            maxSamples = c.maxSamples;
            maxPingsPerTick = c.maxPingsPerTick;
            readOnly = c.readOnly;
            clientVersion = c.clientVersion;
            rateLimits = c.rateLimits;
            enforceNodeIds = c.enforceNodeIds;
            restrictRoutingIps = c.restrictRoutingIps;
            allowPrivate = c.allowPrivate;
        }

        /** Sets min, fallback and max together, since each must stay between the others. */
        public Builder queryTimeouts(Duration min, Duration fallback, Duration max) {
            minQueryTimeout = min;
            fallbackQueryTimeout = fallback;
            maxQueryTimeout = max;
            return this;
        }

        public Builder maxOutstandingQueries(int n) {
            maxOutstandingQueries = n;
            return this;
        }

        public Builder tokenRotation(Duration d) {
            tokenRotation = d;
            return this;
        }

        public Builder peerStore(int maxInfoHashes, int maxPeersPerHash, int maxStoredPeers, Duration peerLifetime) {
            this.maxInfoHashes = maxInfoHashes;
            this.maxPeersPerHash = maxPeersPerHash;
            this.maxStoredPeers = maxStoredPeers;
            this.peerLifetime = peerLifetime;
            return this;
        }

        public Builder maxPeersReply(int n) {
            maxPeersReply = n;
            return this;
        }

        public Builder samples(int intervalSeconds, int max) {
            sampleIntervalSeconds = intervalSeconds;
            maxSamples = max;
            return this;
        }

        public Builder maxPingsPerTick(int n) {
            maxPingsPerTick = n;
            return this;
        }

        public Builder readOnly(boolean on) {
            readOnly = on;
            return this;
        }

        public Builder clientVersion(ClientVersion v) {
            clientVersion = v;
            return this;
        }

        public Builder rateLimits(RateLimitConfig limits) {
            rateLimits = limits;
            return this;
        }

        public Builder enforceNodeIds(boolean on) {
            enforceNodeIds = on;
            return this;
        }

        public Builder restrictRoutingIps(boolean on) {
            restrictRoutingIps = on;
            return this;
        }

        public Builder allowPrivate(boolean on) {
            allowPrivate = on;
            return this;
        }

        public DhtConfig build() {
            return new DhtConfig(minQueryTimeout, maxQueryTimeout, fallbackQueryTimeout, maxOutstandingQueries,
                    tokenRotation, maxInfoHashes, maxPeersPerHash, maxStoredPeers, peerLifetime, maxPeersReply,
                    sampleIntervalSeconds, maxSamples, maxPingsPerTick, readOnly, clientVersion, rateLimits,
                    enforceNodeIds, restrictRoutingIps, allowPrivate);
        }
    }
}
