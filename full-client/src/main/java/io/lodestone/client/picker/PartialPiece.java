package io.lodestone.client.picker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A piece being downloaded: the state of each block, who was asked for it, who sent what. */
final class PartialPiece {

    static final byte NONE = 0;
    static final byte REQUESTED = 1;
    static final byte RECEIVED = 2;

    final int piece;
    /** When it was started, relative to the others: the picker finishes the oldest first. */
    final long seq;
    final byte[] state;
    /** Per block, the peers asked for it and not yet answered; null when none. */
    private final List<Long>[] requesters;
    /** Peers that sent blocks of it: the suspects if it fails its hash check. */
    final Set<Long> contributors = new LinkedHashSet<>();
    int received;
    int unrequested;

    @SuppressWarnings({"unchecked", "rawtypes"})
    PartialPiece(int piece, int blocks, long seq) {
        this.piece = piece;
        this.seq = seq;
        this.state = new byte[blocks];
        this.requesters = new List[blocks];
        this.unrequested = blocks;
    }

    int blocks() {
        return state.length;
    }

    boolean complete() {
        return received == state.length;
    }

    /** Counts a pad block as received: it is zeros by definition. */
    void markPad(int block) {
        state[block] = RECEIVED;
        received++;
        unrequested--;
    }

    List<Long> requesters(int block) {
        List<Long> r = requesters[block];
        return r == null ? List.of() : r;
    }

    void request(int block, long peer) {
        if (state[block] == NONE) {
            state[block] = REQUESTED;
            unrequested--;
        }
        if (requesters[block] == null) {
            requesters[block] = new ArrayList<>(2);
        }
        requesters[block].add(peer);
    }

    /** The peer no longer has the block outstanding; true if it had. */
    boolean unrequest(int block, long peer) {
        List<Long> r = requesters[block];
        if (r == null || !r.remove(peer)) {
            return false;
        }
        if (r.isEmpty()) {
            requesters[block] = null;
            if (state[block] == REQUESTED) {
                state[block] = NONE;
                unrequested++;
            }
        }
        return true;
    }

    void receive(int block, long peer) {
        if (state[block] == NONE) {
            unrequested--;
        }
        state[block] = RECEIVED;
        received++;
        contributors.add(peer);
        unrequest(block, peer);
    }

    /** Removes and returns everyone still asked for a block (after it arrived from someone). */
    List<Long> clearRequesters(int block) {
        List<Long> r = requesters[block];
        requesters[block] = null;
        return r == null ? List.of() : r;
    }
}
