package io.lodestone.client.choker;

import java.time.Duration;

/**
 * How the choker shares upload slots.
 *
 * @param regularSlots       peers unchoked by tit-for-tat (the BitTorrent paper's 4; libtorrent's
 *                           unchoke_slots_limit is 8 with a rate-based slot count)
 * @param optimisticSlots    peers unchoked at random on top of the regular ones (libtorrent
 *                           num_optimistic_unchoke_slots 0 = 20% of slots, at least 1)
 * @param unchokeInterval    how often the engine calls {@link Choker#unchoke}; ours 10 s, libtorrent's
 *                           unchoke_interval is 15 s
 * @param optimisticInterval how long one optimistic unchoke lasts (libtorrent optimistic_unchoke_interval 30 s)
 * @param newPeerAge         a peer connected for less than this counts as new for the optimistic draw
 * @param newPeerWeight      how many times likelier a new peer is drawn (the BitTorrent spec's 3x)
 */
public record ChokerConfig(int regularSlots, int optimisticSlots, Duration unchokeInterval,
                           Duration optimisticInterval, Duration newPeerAge, int newPeerWeight) {

    public static final int DEFAULT_REGULAR_SLOTS = 4;
    public static final int DEFAULT_OPTIMISTIC_SLOTS = 1;
    public static final Duration DEFAULT_UNCHOKE_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_OPTIMISTIC_INTERVAL = Duration.ofSeconds(30);
    /** Two optimistic rounds: a peer that has not had a full turn yet. */
    public static final Duration DEFAULT_NEW_PEER_AGE = Duration.ofSeconds(60);
    public static final int DEFAULT_NEW_PEER_WEIGHT = 3;

    public ChokerConfig {
        if (regularSlots < 0 || optimisticSlots < 0 || newPeerWeight < 1) {
            throw new IllegalArgumentException("slots must not be negative and the new-peer weight at least 1");
        }
        if (unchokeInterval.isNegative() || unchokeInterval.isZero() || optimisticInterval.isNegative()
                || optimisticInterval.isZero() || newPeerAge.isNegative()) {
            throw new IllegalArgumentException("intervals must be positive");
        }
    }

    public static ChokerConfig defaults() {
        return new ChokerConfig(DEFAULT_REGULAR_SLOTS, DEFAULT_OPTIMISTIC_SLOTS, DEFAULT_UNCHOKE_INTERVAL,
                DEFAULT_OPTIMISTIC_INTERVAL, DEFAULT_NEW_PEER_AGE, DEFAULT_NEW_PEER_WEIGHT);
    }
}
