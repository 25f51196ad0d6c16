package io.lodestone.ops.bench.sim;

import java.time.Duration;

/**
 * The simulated DHT a {@link CrawlSimulation} crawls, and how long. Immutable; start from
 * {@link #defaults()} (internet scale) or {@link #ciSized()}.
 *
 * @param nodes          live simulated nodes (libtorrent-like responders)
 * @param deadContacts   addresses that sit in routing tables but never answer (nodes gone for good)
 * @param hashes         distinct info-hashes stored in the DHT
 * @param replicas       nodes each hash is stored on: the closest publicly reachable ones, as an
 *                       announcer's get_peers lookup would find them
 * @param natShare       share of live nodes behind a NAT: they are in others' tables but drop
 *                       queries they did not ask for, and store nothing
 * @param bep51Share     share of live nodes that answer sample_infohashes; the others answer it
 *                       as find_node, as libtorrent before 1.2 does with an unknown method
 * @param meanOnline     churn: mean length of a node's online session (exponential)
 * @param meanOffline    churn: mean time a node is away between sessions; it keeps its storage
 * @param minLatency     least one-way delay of a node's link (round trip twice that)
 * @param maxLatency     most one-way delay of a node's link
 * @param loss           probability that one datagram is lost, each way
 * @param banPerSecond   libtorrent's dht_block_ratelimit: more than 10 times this many packets
 *                       from one IP in 10 s bans it for {@code banFor}
 * @param banFor         libtorrent's dht_block_timeout
 * @param sampleCount    libtorrent's dht_max_infohashes_sample_count
 * @param sampleInterval libtorrent's dht_sample_infohashes_interval
 * @param farmNodes      our farm's nodes, all on one IP
 * @param duration       simulated time to run
 * @param seed           everything random comes from this: a run is reproducible
 */
public record SimulationConfig(int nodes, int deadContacts, int hashes, int replicas, double natShare,
        double bep51Share, Duration meanOnline, Duration meanOffline, Duration minLatency, Duration maxLatency,
        double loss, int banPerSecond, Duration banFor, int sampleCount, Duration sampleInterval, int farmNodes,
        Duration duration, long seed) {

    /** Node addresses are 10.x.y.z, never 10.0.0.0. */
    static final int MAX_ADDRESSES = (1 << 24) - 2;
    static final int MAX_FARM_NODES = 64;

    public SimulationConfig {
        if (nodes < 16 || deadContacts < 0 || (long) nodes + deadContacts > MAX_ADDRESSES) {
            throw new IllegalArgumentException("need 16.." + MAX_ADDRESSES + " nodes and contacts");
        }
        if (hashes < 1 || replicas < 1 || replicas > 64) {
            throw new IllegalArgumentException("need hashes >= 1 and replicas in 1..64");
        }
        share("natShare", natShare);
        share("bep51Share", bep51Share);
        share("loss", loss);
        if (natShare > 0.9) {
            throw new IllegalArgumentException("natShare above 0.9 leaves too few nodes to store hashes");
        }
        positive("meanOnline", meanOnline);
        positive("meanOffline", meanOffline);
        positive("minLatency", minLatency);
        positive("banFor", banFor);
        positive("sampleInterval", sampleInterval);
        positive("duration", duration);
        if (maxLatency.compareTo(minLatency) < 0) {
            throw new IllegalArgumentException("maxLatency below minLatency");
        }
        if (banPerSecond < 1 || sampleCount < 1 || sampleCount > 20) {
            throw new IllegalArgumentException("need banPerSecond >= 1 and sampleCount in 1..20");
        }
        if (farmNodes < 1 || farmNodes > MAX_FARM_NODES) {
            throw new IllegalArgumentException("farmNodes must be 1.." + MAX_FARM_NODES);
        }
    }

    /** Internet scale: 20,000 nodes, 200,000 hashes, 6 simulated hours. */
    public static SimulationConfig defaults() {
        return new SimulationConfig(
                20_000,
                3_000, // with NATed and away nodes, about half of all contacts do not answer (mldht)
                200_000,
                1,
                0.25,
                0.8,
                Duration.ofHours(4),
                Duration.ofHours(1),
                Duration.ofMillis(10), // round trips 20..400 ms
                Duration.ofMillis(200),
                0.05,
                5, // libtorrent dht_block_ratelimit
                Duration.ofMinutes(5), // libtorrent dht_block_timeout
                20, // libtorrent dht_max_infohashes_sample_count
                Duration.ofHours(6), // libtorrent dht_sample_infohashes_interval
                8,
                Duration.ofHours(6),
                1);
    }

    /** Small enough for a unit test: 3,000 nodes, 30,000 hashes, 1 simulated hour. */
    public static SimulationConfig ciSized() {
        return defaults().withSize(3_000, 450, 30_000).withDuration(Duration.ofHours(1));
    }

    public SimulationConfig withSize(int n, int dead, int h) {
        return new SimulationConfig(n, dead, h, replicas, natShare, bep51Share, meanOnline, meanOffline,
                minLatency, maxLatency, loss, banPerSecond, banFor, sampleCount, sampleInterval, farmNodes,
                duration, seed);
    }

    public SimulationConfig withReplicas(int r) {
        return new SimulationConfig(nodes, deadContacts, hashes, r, natShare, bep51Share, meanOnline, meanOffline,
                minLatency, maxLatency, loss, banPerSecond, banFor, sampleCount, sampleInterval, farmNodes,
                duration, seed);
    }

    public SimulationConfig withDuration(Duration d) {
        return new SimulationConfig(nodes, deadContacts, hashes, replicas, natShare, bep51Share, meanOnline,
                meanOffline, minLatency, maxLatency, loss, banPerSecond, banFor, sampleCount, sampleInterval,
                farmNodes, d, seed);
    }

    public SimulationConfig withSeed(long s) {
        return new SimulationConfig(nodes, deadContacts, hashes, replicas, natShare, bep51Share, meanOnline,
                meanOffline, minLatency, maxLatency, loss, banPerSecond, banFor, sampleCount, sampleInterval,
                farmNodes, duration, s);
    }

    /** Any ban threshold: for a test that checks the simulated bans themselves. */
    public SimulationConfig withBanPerSecond(int perSecond) {
        return new SimulationConfig(nodes, deadContacts, hashes, replicas, natShare, bep51Share, meanOnline,
                meanOffline, minLatency, maxLatency, loss, perSecond, banFor, sampleCount, sampleInterval,
                farmNodes, duration, seed);
    }

    private static void share(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in 0..1");
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
