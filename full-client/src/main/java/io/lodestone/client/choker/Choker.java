package io.lodestone.client.choker;

import io.lodestone.time.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Decides whom we upload to: BitTorrent's tit-for-tat with an optimistic unchoke.
 *
 * <ul>
 *   <li>Regular slots go to the interested, non-snubbed peers with the best rate: while leeching
 *       the rate they send to us (reciprocation), while seeding the rate we manage to send to them
 *       (libtorrent's fastest_upload seed choking: serve whoever can take data fastest). Ties keep
 *       peers already unchoked, so equal peers are not flipped every round; the rest is random.</li>
 *   <li>Optimistic slots go to other interested peers, snubbed ones included (it is how they get
 *       a new chance), and rotate every {@link ChokerConfig#optimisticInterval()}. The draw is
 *       weighted: peers connected for less than {@link ChokerConfig#newPeerAge()} are
 *       {@link ChokerConfig#newPeerWeight()} times likelier (the BitTorrent spec's 3x, so new peers
 *       get a first piece to trade), and the peers just rotated out are skipped when anyone else
 *       is waiting.</li>
 * </ul>
 *
 * <p>Time: {@link PeerView#connectedAt()} is read on this choker's clock, as
 * {@link #instant(Clock) instant(clock)} gives it.
 *
 * <p>Not thread-safe; the engine calls it from one thread every {@link ChokerConfig#unchokeInterval()}.
 */
public final class Choker {

    private final ChokerConfig config;
    private final Clock clock;
    private final RandomGenerator random;
    /** Current optimistic unchokes, in the order drawn. */
    private final Set<Long> optimistic = new LinkedHashSet<>();
    private long lastRotationNanos;
    private boolean rotatedOnce;

    public Choker(ChokerConfig config, Clock clock, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The clock's now as an Instant, the time line {@link PeerView#connectedAt()} must use. */
    public static Instant instant(Clock clock) {
        return Instant.EPOCH.plusNanos(clock.nanos());
    }

    /**
     * The peers to have unchoked from now on (everyone else gets choked).
     *
     * @param seeding whether we have every piece: rank by upload rate instead of download rate
     */
    public Set<Long> unchoke(List<PeerView> peers, boolean seeding) {
        Instant now = instant(clock);
        Set<Long> regular = regular(peers, seeding);
        Set<Long> result = new LinkedHashSet<>(regular);
        result.addAll(optimistic(peers, regular, now));
        return Collections.unmodifiableSet(result);
    }

    /** The optimistic unchokes chosen last time. */
    public Set<Long> optimistic() {
        return Set.copyOf(optimistic);
    }

    private Set<Long> regular(List<PeerView> peers, boolean seeding) {
        List<PeerView> candidates = new ArrayList<>();
        for (PeerView p : peers) {
            if (p.interested() && !p.snubbed()) {
                candidates.add(p);
            }
        }
        shuffle(candidates); // the sort is stable: whatever ties remain after it stay random
        Comparator<PeerView> byRate = Comparator.comparingLong(p -> seeding ? p.uploadRateToPeer() : p.downloadRateFromPeer());
        candidates.sort(byRate.reversed().thenComparing(p -> !p.currentlyUnchoked()));
        Set<Long> out = new LinkedHashSet<>();
        for (int i = 0; i < Math.min(config.regularSlots(), candidates.size()); i++) {
            out.add(candidates.get(i).peerId());
        }
        return out;
    }

    private Set<Long> optimistic(List<PeerView> peers, Set<Long> regular, Instant now) {
        Map<Long, PeerView> eligible = new HashMap<>();
        for (PeerView p : peers) {
            if (p.interested() && !regular.contains(p.peerId())) {
                eligible.put(p.peerId(), p);
            }
        }
        long nowNanos = clock.nanos();
        boolean rotate = !rotatedOnce || nowNanos - lastRotationNanos >= config.optimisticInterval().toNanos();
        Set<Long> previous = Set.copyOf(optimistic);
        if (rotate) {
            optimistic.clear();
            lastRotationNanos = nowNanos;
            rotatedOnce = true;
        } else {
            optimistic.retainAll(eligible.keySet()); // gone, no longer interested, or promoted to regular
        }
        List<PeerView> pool = new ArrayList<>();
        for (PeerView p : peers) {
            if (eligible.containsKey(p.peerId()) && !optimistic.contains(p.peerId())) {
                pool.add(p);
            }
        }
        if (rotate && pool.stream().anyMatch(p -> !previous.contains(p.peerId()))) {
            pool.removeIf(p -> previous.contains(p.peerId())); // give someone else a turn
        }
        while (optimistic.size() < config.optimisticSlots() && !pool.isEmpty()) {
            PeerView chosen = draw(pool, now);
            pool.remove(chosen);
            optimistic.add(chosen.peerId());
        }
        return optimistic;
    }

    private PeerView draw(List<PeerView> pool, Instant now) {
        long total = 0;
        for (PeerView p : pool) {
            total += weight(p, now);
        }
        long ticket = random.nextLong(total);
        for (PeerView p : pool) {
            ticket -= weight(p, now);
            if (ticket < 0) {
                return p;
            }
        }
        return pool.getLast(); // unreachable: the tickets add up to total
    }

    private int weight(PeerView p, Instant now) {
        boolean isNew = Duration.between(p.connectedAt(), now).compareTo(config.newPeerAge()) < 0;
        return isNew ? config.newPeerWeight() : 1;
    }

    private void shuffle(List<PeerView> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }
}
