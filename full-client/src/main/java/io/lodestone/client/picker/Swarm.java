package io.lodestone.client.picker;

import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The picker's view of the peers: what each has and has been asked for, how many peers have each
 * piece, and the pieces nobody has started yet, bucketed by that count so the rarest are found
 * without sorting. Seeds are counted once for all pieces rather than per piece.
 */
final class Swarm {

    /** One peer: its pieces and the blocks it has been asked for. */
    static final class Peer {
        BitSet has = new BitSet();
        boolean seed;
        /** Blocks asked of it and not answered, in the order asked, to when they were asked. */
        final Map<Block, Long> outstanding = new LinkedHashMap<>();

        boolean has(int piece) {
            return seed || has.get(piece);
        }
    }

    private final int pieceCount;
    private final int[] availability;
    private int seeds;
    private final AvailabilityBuckets notStarted;
    private final Map<Long, Peer> peers = new HashMap<>();

    Swarm(int pieceCount) {
        this.pieceCount = pieceCount;
        this.availability = new int[pieceCount];
        this.notStarted = new AvailabilityBuckets(pieceCount);
        for (int p = 0; p < pieceCount; p++) {
            notStarted.add(p, 0);
        }
    }

    Peer get(long peer) {
        return peers.get(peer);
    }

    Peer getOrAdd(long peer) {
        return peers.computeIfAbsent(peer, k -> new Peer());
    }

    Map<Long, Peer> all() {
        return peers;
    }

    /** Forgets the peer and takes its pieces out of the counts. */
    void remove(long peer) {
        Peer s = peers.remove(peer);
        if (s != null) {
            forget(s);
        }
    }

    int availability(int piece) {
        return availability[piece] + seeds;
    }

    void bitfield(Peer s, BitSet has) {
        forget(s);
        for (int p = has.nextSetBit(0); p >= 0 && p < pieceCount; p = has.nextSetBit(p + 1)) {
            s.has.set(p);
            increment(p);
        }
    }

    /** A Have; out-of-range or already known pieces change nothing. */
    void have(Peer s, int piece) {
        if (piece < 0 || piece >= pieceCount || s.seed || s.has.get(piece)) {
            return;
        }
        s.has.set(piece);
        increment(piece);
    }

    void haveAll(Peer s) {
        forget(s);
        s.seed = true;
        seeds++;
    }

    void haveNone(Peer s) {
        forget(s);
    }

    // ---- pieces not started ----

    boolean isNotStarted(int piece) {
        return notStarted.contains(piece);
    }

    int notStartedCount() {
        return notStarted.size();
    }

    /** The piece is being downloaded or is had: no longer a candidate. */
    void started(int piece) {
        notStarted.remove(piece, availability[piece]);
    }

    /** The piece is wanted from scratch again (its hash check failed). */
    void restart(int piece) {
        notStarted.add(piece, availability[piece]);
    }

    /**
     * The rarest not-started piece the peer has in pieces {@code [near, nearEnd)}, the first of them
     * from {@code after + 1} on, wrapping round; -1 if none. In order, so neighbours arrive together;
     * from where the stretch was entered (at random), so peers in one stretch at once do not all
     * ask for the same pieces.
     */
    private int nearNotStarted(Peer s, int near, int nearEnd, int after) {
        int found = -1;
        int span = nearEnd - near;
        for (int i = 1; i <= span; i++) {
            int p = near + Math.floorMod(after - near + i, span);
            if (notStarted.contains(p) && s.has(p) && (found < 0 || availability[p] < availability[found])) {
                found = p;
            }
        }
        return found;
    }

    /**
     * A not-started piece the peer has: one in pieces {@code [near, nearEnd)} if any (see
     * {@link #nearNotStarted}), else one anywhere in the torrent, at random; -1 if none.
     */
    int randomNotStarted(Peer s, RandomGenerator random, int near, int nearEnd, int after) {
        if (notStarted.size() == 0) {
            return -1;
        }
        int nearPiece = nearNotStarted(s, near, nearEnd, after);
        if (nearPiece >= 0) {
            return nearPiece;
        }
        int from = random.nextInt(pieceCount);
        for (int i = 0; i < pieceCount; i++) {
            int p = (from + i) % pieceCount;
            if (notStarted.contains(p) && s.has(p)) {
                return p;
            }
        }
        return -1;
    }

    /**
     * The rarest not-started piece the peer has; among the equally rare, one in pieces
     * {@code [near, nearEnd)} (see {@link #nearNotStarted}), else one at random; -1 if none.
     */
    int rarestNotStarted(Peer s, RandomGenerator random, int near, int nearEnd, int after) {
        int nearPiece = nearNotStarted(s, near, nearEnd, after);
        // only a rarer piece beats the near one, so only the levels below it are searched
        int below = nearPiece >= 0 ? availability[nearPiece] : notStarted.levels();
        // a piece a non-seed has is counted at least once, so level 0 is only worth a seed's look
        for (int level = s.seed ? 0 : 1; level < below; level++) {
            int n = notStarted.sizeAt(level);
            if (n == 0) {
                continue;
            }
            int from = random.nextInt(n);
            for (int i = 0; i < n; i++) {
                int p = notStarted.at(level, (from + i) % n);
                if (s.has(p)) {
                    return p;
                }
            }
        }
        return nearPiece;
    }

    /** Availability and seed counts match a recount over the peers; the not-started buckets match both. */
    void checkInvariants() {
        int[] counted = new int[pieceCount];
        int seedCount = 0;
        for (Map.Entry<Long, Peer> e : peers.entrySet()) {
            Peer s = e.getValue();
            if (s.seed) {
                seedCount++;
                PickerInvariants.require(s.has.isEmpty(), "seed " + e.getKey() + " also keeps single pieces");
            }
            PickerInvariants.require(s.has.length() <= pieceCount, "peer " + e.getKey() + " has a piece past the end");
            for (int p = s.has.nextSetBit(0); p >= 0; p = s.has.nextSetBit(p + 1)) {
                counted[p]++;
            }
        }
        PickerInvariants.require(seedCount == seeds, "seeds " + seeds + " but " + seedCount + " counted");
        for (int p = 0; p < pieceCount; p++) {
            PickerInvariants.require(counted[p] == availability[p],
                    "piece " + p + " availability " + availability[p] + " but " + counted[p] + " counted");
        }
        int inBuckets = 0;
        for (int level = 0; level < notStarted.levels(); level++) {
            for (int i = 0; i < notStarted.sizeAt(level); i++) {
                int p = notStarted.at(level, i);
                PickerInvariants.require(availability[p] == level,
                        "piece " + p + " sits at level " + level + " with availability " + availability[p]);
                inBuckets++;
            }
        }
        PickerInvariants.require(inBuckets == notStarted.size(), "not-started size " + notStarted.size()
                + " but " + inBuckets + " in the buckets");
    }

    private void forget(Peer s) {
        if (s.seed) {
            s.seed = false;
            seeds--;
        }
        for (int p = s.has.nextSetBit(0); p >= 0; p = s.has.nextSetBit(p + 1)) {
            notStarted.move(p, availability[p], availability[p] - 1);
            availability[p]--;
        }
        s.has = new BitSet();
    }

    private void increment(int piece) {
        notStarted.move(piece, availability[piece], availability[piece] + 1);
        availability[piece]++;
    }
}
