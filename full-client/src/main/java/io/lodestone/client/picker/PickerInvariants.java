package io.lodestone.client.picker;

import io.lodestone.client.storage.TorrentLayout;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The picker's consistency rules, checked from outside its hot paths: the counts it keeps
 * incrementally match a recount, and every outstanding request is known both to its peer and to
 * its piece. Costs a full walk, so the picker runs it only when its config asks (tests).
 */
final class PickerInvariants {

    private PickerInvariants() {
    }

    static void check(PiecePicker picker, TorrentLayout layout, BitSet have, int haveCount, long haveBytes,
                      Swarm swarm, Map<Integer, PartialPiece> partials, Map<Long, PartialPiece> open) {
        require(have.cardinality() == haveCount, "have count " + haveCount + " but " + have.cardinality() + " set");
        long bytes = 0;
        for (int p = have.nextSetBit(0); p >= 0 && p < layout.pieceCount(); p = have.nextSetBit(p + 1)) {
            bytes += layout.pieceSize(p);
        }
        require(bytes == haveBytes, "have bytes " + haveBytes + " but the pieces had hold " + bytes);
        require(have.length() <= layout.pieceCount(), "a piece past the end is had");
        for (PartialPiece pp : partials.values()) {
            require(!have.get(pp.piece), "piece " + pp.piece + " is both had and partial");
            require(!swarm.isNotStarted(pp.piece), "piece " + pp.piece + " is both partial and not started");
            checkPartial(pp, layout, swarm);
            require((open.get(pp.seq) == pp) == (pp.unrequested > 0), "piece " + pp.piece + " with "
                    + pp.unrequested + " unrequested blocks is " + (open.get(pp.seq) == pp ? "" : "not ") + "open");
        }
        for (PartialPiece pp : open.values()) {
            require(partials.get(pp.piece) == pp, "piece " + pp.piece + " is open but not partial");
        }
        for (int p = 0; p < layout.pieceCount(); p++) {
            boolean waiting = !have.get(p) && !partials.containsKey(p);
            require(swarm.isNotStarted(p) == waiting, "piece " + p + ": not-started is " + swarm.isNotStarted(p)
                    + " for a piece " + (have.get(p) ? "had" : partials.containsKey(p) ? "partial" : "waiting"));
        }
        for (Map.Entry<Long, Swarm.Peer> e : swarm.all().entrySet()) {
            for (Block b : e.getValue().outstanding.keySet()) {
                PartialPiece pp = partials.get(b.piece());
                require(pp != null, "peer " + e.getKey() + " has " + b + " outstanding in a piece not being downloaded");
                require(pp.requesters(b.begin() / TorrentLayout.BLOCK_SIZE).contains(e.getKey()),
                        "peer " + e.getKey() + " has " + b + " outstanding but is not its requester");
            }
        }
        swarm.checkInvariants();
        require(picker.complete() == (haveCount == layout.pieceCount()), "complete disagrees with the count");
    }

    /** One partial piece's block states against its counts. */
    private static void checkPartial(PartialPiece pp, TorrentLayout layout, Swarm swarm) {
        int received = 0;
        int none = 0;
        for (int i = 0; i < pp.blocks(); i++) {
            List<Long> asked = pp.requesters(i);
            switch (pp.state[i]) {
                case PartialPiece.NONE -> {
                    none++;
                    require(asked.isEmpty(), "block " + pp.piece + ":" + i + " is unrequested but has requesters");
                }
                case PartialPiece.REQUESTED -> require(!asked.isEmpty(),
                        "block " + pp.piece + ":" + i + " is requested from nobody");
                case PartialPiece.RECEIVED -> received++;
                default -> throw new IllegalStateException("block " + pp.piece + ":" + i + " in state " + pp.state[i]);
            }
            Block b = new Block(pp.piece, i * TorrentLayout.BLOCK_SIZE, layout.blockSize(pp.piece, i));
            for (Long peer : asked) {
                Swarm.Peer s = swarm.get(peer);
                require(s != null && s.outstanding.containsKey(b),
                        "block " + b + " names requester " + peer + " that does not have it outstanding");
            }
        }
        require(received == pp.received, "piece " + pp.piece + " received " + pp.received + " but " + received + " counted");
        require(none == pp.unrequested, "piece " + pp.piece + " unrequested " + pp.unrequested + " but " + none + " counted");
    }

    static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("picker invariant broken: " + what);
        }
    }
}
