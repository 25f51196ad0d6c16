package io.lodestone.tracker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One torrent's trackers as BEP 12 tiers. The order changes as the BEP asks: a tracker that
 * answers moves to the front of its tier. Thread-safe.
 */
public final class AnnounceList {

    /** Real torrents and magnets carry a few dozen trackers; more is a list pasted in by mistake. */
    public static final int MAX_URLS = 500;

    private final List<List<String>> tiers;

    private AnnounceList(List<List<String>> tiers) {
        this.tiers = tiers;
    }

    /** The tiers in the order given (a URL listed twice is kept where it first appears; empty tiers dropped). */
    public static AnnounceList of(List<List<String>> tiers) {
        Set<String> seen = new HashSet<>();
        List<List<String>> copy = new ArrayList<>();
        for (List<String> tier : tiers) {
            List<String> t = new ArrayList<>();
            for (String url : tier) {
                if (url != null && !url.isEmpty() && seen.add(url)) {
                    t.add(url);
                }
            }
            if (!t.isEmpty()) {
                copy.add(t);
            }
        }
        if (seen.size() > MAX_URLS) {
            throw new IllegalArgumentException("more than " + MAX_URLS + " tracker URLs");
        }
        return new AnnounceList(copy);
    }

    /** BEP 12: each tier shuffled once, so that clients spread over a tier's trackers. */
    public static AnnounceList shuffled(List<List<String>> tiers, RandomGenerator random) {
        AnnounceList list = of(tiers);
        for (List<String> tier : list.tiers) {
            for (int i = tier.size() - 1; i > 0; i--) {
                Collections.swap(tier, i, random.nextInt(i + 1));
            }
        }
        return list;
    }

    /** A copy of the tiers in their current order. */
    public synchronized List<List<String>> tiers() {
        List<List<String>> out = new ArrayList<>(tiers.size());
        for (List<String> tier : tiers) {
            out.add(List.copyOf(tier));
        }
        return List.copyOf(out);
    }

    /** BEP 12: a tracker that answered moves to the front of its tier. */
    public synchronized void promote(String url) {
        for (List<String> tier : tiers) {
            int i = tier.indexOf(url);
            if (i > 0) {
                tier.add(0, tier.remove(i));
            }
        }
    }
}
