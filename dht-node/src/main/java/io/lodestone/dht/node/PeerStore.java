package io.lodestone.dht.node;

import io.lodestone.time.Clock;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The peers announced to us (BEP 5 {@code announce_peer}), by info-hash. Bounded three ways: info-
 * hashes, peers per hash, peers in all; when full, the least recently announced hash (or peer of a
 * hash) makes room, so the store always holds what is live now. A peer is forgotten
 * {@code lifetime} after its last announce. Not thread-safe: one per node.
 *
 * <p>Both levels are kept in announce order, so expiry only ever looks at the oldest entries and
 * costs nothing while nothing expires; a list of the hashes gives BEP 51 samples in O(samples).
 */
public final class PeerStore {

    /** A stored peer; {@code announcedNanos} is its last announce. */
    private record Peer(boolean seed, long announcedNanos) {
    }

    private static final class Swarm {
        final InfoHash hash;
        /** Least recently announced first. */
        final LinkedHashMap<InetSocketAddress, Peer> peers = new LinkedHashMap<>();
        long lastAnnounce;
        int index;

        Swarm(InfoHash hash) {
            this.hash = hash;
        }
    }

    private final Clock clock;
    private final RandomGenerator random;
    private final int maxInfoHashes;
    private final int maxPeersPerHash;
    private final int maxPeers;
    private final long lifetimeNanos;
    /** Least recently announced first. */
    private final LinkedHashMap<InfoHash, Swarm> swarms = new LinkedHashMap<>();
    /** The same swarms in no order, for sampling; each knows its index. */
    private final List<Swarm> indexed = new ArrayList<>();
    private int peerCount;

    public PeerStore(Clock clock, RandomGenerator random, int maxInfoHashes, int maxPeersPerHash, int maxPeers,
            Duration lifetime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (maxInfoHashes < 1 || maxPeersPerHash < 1 || maxPeers < maxPeersPerHash) {
            throw new IllegalArgumentException("need positive limits and maxPeers >= maxPeersPerHash");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        this.maxInfoHashes = maxInfoHashes;
        this.maxPeersPerHash = maxPeersPerHash;
        this.maxPeers = maxPeers;
        this.lifetimeNanos = lifetime.toNanos();
    }

    public static PeerStore of(DhtConfig c, Clock clock, RandomGenerator random) {
        return new PeerStore(clock, random, c.maxInfoHashes(), c.maxPeersPerHash(), c.maxStoredPeers(),
                c.peerLifetime());
    }

    /** Stores or refreshes {@code peer} (its IP normalized) under {@code infoHash}. */
    public void announce(InfoHash infoHash, InetSocketAddress peer, boolean seed) {
        Objects.requireNonNull(infoHash, "infoHash");
        InetSocketAddress p = Ips.normalize(peer);
        long now = clock.nanos();
        expire(now);
        Swarm s = swarms.remove(infoHash);
        if (s == null) {
            s = new Swarm(infoHash);
            s.index = indexed.size();
            indexed.add(s);
        }
        swarms.put(infoHash, s); // now the most recently announced
        if (s.peers.remove(p) != null) {
            peerCount--;
        }
        s.peers.put(p, new Peer(seed, now));
        peerCount++;
        s.lastAnnounce = now;
        pruneExpired(s, now);
        while (s.peers.size() > maxPeersPerHash) {
            removeEldestPeer(s);
        }
        // the swarm just announced to is the newest, so the eldest is another one
        while (swarms.size() > maxInfoHashes || peerCount > maxPeers) {
            remove(swarms.values().iterator().next());
        }
    }

    /**
     * BEP 33: the stored seeds and other peers of {@code infoHash}, both families, as bloom filters
     * of their addresses; empty when none are stored (then a scrape gets no filters, as in libtorrent).
     */
    public java.util.Optional<io.lodestone.dht.krpc.ScrapeFilters> scrape(InfoHash infoHash) {
        Swarm s = swarms.get(infoHash);
        if (s == null) {
            return java.util.Optional.empty();
        }
        pruneExpired(s, clock.nanos());
        if (s.peers.isEmpty()) {
            remove(s);
            return java.util.Optional.empty();
        }
        io.lodestone.dht.krpc.ScrapeBloom seeds = io.lodestone.dht.krpc.ScrapeBloom.EMPTY;
        io.lodestone.dht.krpc.ScrapeBloom others = io.lodestone.dht.krpc.ScrapeBloom.EMPTY;
        for (Map.Entry<InetSocketAddress, Peer> e : s.peers.entrySet()) {
            if (e.getValue().seed()) {
                seeds = seeds.with(e.getKey().getAddress());
            } else {
                others = others.with(e.getKey().getAddress());
            }
        }
        return java.util.Optional.of(new io.lodestone.dht.krpc.ScrapeFilters(seeds, others));
    }

    /**
     * Up to {@code max} peers of {@code infoHash} in {@code family}, a random subset when there are
     * more; {@code noSeed} (BEP 33) leaves seeds out.
     */
    public List<InetSocketAddress> peers(InfoHash infoHash, int max, StandardProtocolFamily family, boolean noSeed) {
        Swarm s = swarms.get(infoHash);
        if (s == null || max <= 0) {
            return List.of();
        }
        long now = clock.nanos();
        pruneExpired(s, now);
        if (s.peers.isEmpty()) {
            remove(s);
            return List.of();
        }
        List<InetSocketAddress> candidates = new ArrayList<>(s.peers.size());
        for (Map.Entry<InetSocketAddress, Peer> e : s.peers.entrySet()) {
            if (!(noSeed && e.getValue().seed()) && Ips.family(e.getKey().getAddress()) == family) {
                candidates.add(e.getKey());
            }
        }
        int n = Math.min(max, candidates.size());
        for (int i = 0; i < n; i++) { // partial Fisher-Yates: the first n are a uniform sample
            int j = i + random.nextInt(candidates.size() - i);
            candidates.set(j, candidates.set(i, candidates.get(j)));
        }
        return List.copyOf(candidates.subList(0, n));
    }

    /** Up to {@code maxCount} distinct stored info-hashes, uniformly at random (BEP 51). */
    public List<InfoHash> sample(int maxCount, RandomGenerator rnd) {
        expire(clock.nanos());
        int n = indexed.size();
        int k = Math.min(Math.max(0, maxCount), n);
        // Floyd's algorithm: k distinct indices in O(k), whatever n is
        Set<Integer> picked = new HashSet<>();
        List<InfoHash> out = new ArrayList<>(k);
        for (int j = n - k; j < n; j++) {
            int t = rnd.nextInt(j + 1);
            int chosen = picked.add(t) ? t : j;
            picked.add(chosen);
            out.add(indexed.get(chosen).hash);
        }
        return out;
    }

    public List<InfoHash> sample(int maxCount) {
        return sample(maxCount, random);
    }

    /** Info-hashes with at least one live peer: BEP 51 {@code num}. */
    public int count() {
        expire(clock.nanos());
        return swarms.size();
    }

    /** Peers stored in all (some may have expired inside a swarm that is still live). */
    public int peerCount() {
        return peerCount;
    }

    public boolean contains(InfoHash infoHash) {
        return swarms.containsKey(infoHash);
    }

    /** Forgets every info-hash whose last announce is older than the lifetime. */
    public void expire() {
        expire(clock.nanos());
    }

    private void expire(long now) {
        // swarms are in announce order: only the oldest can have expired as a whole
        while (!swarms.isEmpty()) {
            Swarm eldest = swarms.values().iterator().next();
            if (!expired(eldest.lastAnnounce, now)) {
                return;
            }
            remove(eldest);
        }
    }

    private boolean expired(long announcedNanos, long now) {
        return now - announcedNanos >= lifetimeNanos;
    }

    private void pruneExpired(Swarm s, long now) {
        Iterator<Peer> it = s.peers.values().iterator();
        while (it.hasNext() && expired(it.next().announcedNanos(), now)) {
            it.remove();
            peerCount--;
        }
    }

    private void removeEldestPeer(Swarm s) {
        Iterator<Peer> it = s.peers.values().iterator();
        it.next();
        it.remove();
        peerCount--;
    }

    private void remove(Swarm s) {
        swarms.remove(s.hash);
        Swarm last = indexed.remove(indexed.size() - 1);
        if (last != s) {
            indexed.set(s.index, last);
            last.index = s.index;
        }
        peerCount -= s.peers.size();
    }
}
