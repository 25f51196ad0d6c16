package io.lodestone.client.picker;

import io.lodestone.client.picker.PiecePicker.BlockOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded swarm drives the picker through random picks, deliveries, chokes, departures, hash
 * failures and end game, checking its bookkeeping against the simulation's after every step:
 * a peer's outstanding blocks are exactly those it was asked for and has not answered, a block is
 * never asked of two peers outside end game nor of one peer twice, and the download completes.
 */
class PickerSimulationTest {

    private static final int PIECES = 60;
    private static final int PEERS = 6;
    private static final int MAX_STEPS = 200_000;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void swarmDownloadsEverythingWithConsistentBookkeeping(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PiecePicker p = new PiecePicker(PickerFixture.layout(PIECES), PickerFixture.checked(PickerConfig.defaults()),
                new SplittableRandom(seed));
        Map<Long, Deque<Block>> queues = new HashMap<>();
        Map<Long, BitSet> has = new HashMap<>();
        BitSet verified = new BitSet();
        BitSet poisoned = new BitSet(); // the next completion of these pieces fails its hash check
        for (long peer = 0; peer < PEERS; peer++) {
            join(p, peer, r, queues, has);
        }
        int steps = 0;
        while (!p.complete() && steps++ < MAX_STEPS) {
            long peer = r.nextInt(PEERS);
            Deque<Block> q = queues.get(peer);
            switch (r.nextInt(20)) {
                case 0 -> { // leaves, another takes its place under the same id
                    p.peerGone(peer);
                    join(p, peer, r, queues, has);
                }
                case 1 -> { // chokes us
                    assertThat(p.releaseAll(peer)).containsExactlyInAnyOrderElementsOf(q);
                    q.clear();
                }
                case 2 -> { // rejects one request
                    if (!q.isEmpty()) {
                        p.released(peer, q.pollLast());
                    }
                }
                case 3 -> { // announces a new piece
                    int piece = r.nextInt(PIECES);
                    has.get(peer).set(piece);
                    p.peerHave(peer, piece);
                }
                case 4 -> poisoned.set(r.nextInt(PIECES));
                case 5, 6, 7, 8, 9, 10 -> {
                    for (Block b : p.pick(peer, 1 + r.nextInt(8) - q.size() % 3)) {
                        assertThat(has.get(peer).get(b.piece())).as("only pieces the peer has").isTrue();
                        assertThat(q).as("never twice to one peer").doesNotContain(b);
                        if (!p.inEndGame()) {
                            queues.forEach((other, oq) -> assertThat(other == peer || !oq.contains(b))
                                    .as("%s out at %d and %d before end game", b, other, peer).isTrue());
                        }
                        q.add(b);
                    }
                }
                default -> { // delivers its oldest request
                    Block b = q.pollFirst();
                    if (b != null) {
                        BlockOutcome outcome = p.accept(peer, b);
                        assertThat(outcome).isNotEqualTo(BlockOutcome.UNWANTED).as("asked for, so wanted or a duplicate");
                        if (r.nextBoolean()) { // an engine may also let duplicates run their course
                            for (long other : p.endGameCancels(peer, b)) {
                                assertThat(queues.get(other).remove(b)).as("cancel only what was asked").isTrue();
                            }
                        }
                        if (outcome == BlockOutcome.PIECE_COMPLETE) {
                            finish(p, b.piece(), poisoned, verified, queues);
                        }
                    }
                }
            }
            for (long id = 0; id < PEERS; id++) {
                assertThat(p.outstanding(id)).as("peer %d at step %d", id, steps)
                        .containsExactlyInAnyOrderElementsOf(queues.get(id));
            }
        }
        assertThat(p.complete()).as("complete within %d steps", MAX_STEPS).isTrue();
        assertThat(verified.cardinality()).isEqualTo(PIECES);
        assertThat(p.missingPieces()).isZero();
    }

    private static void finish(PiecePicker p, int piece, BitSet poisoned, BitSet verified, Map<Long, Deque<Block>> queues) {
        Set<Long> contributors;
        if (poisoned.get(piece)) {
            poisoned.clear(piece);
            contributors = p.pieceFailed(piece);
        } else {
            contributors = p.pieceVerified(piece);
            verified.set(piece);
        }
        assertThat(contributors).isNotEmpty();
        // whatever was still out for the piece (end game duplicates) is forgotten
        for (Deque<Block> q : queues.values()) {
            q.removeIf(b -> b.piece() == piece);
        }
    }

    private static void join(PiecePicker p, long peer, SplittableRandom r, Map<Long, Deque<Block>> queues,
                             Map<Long, BitSet> has) {
        queues.put(peer, new ArrayDeque<>());
        BitSet b = new BitSet();
        if (peer == 0 || r.nextInt(4) == 0) {
            b.set(0, PIECES); // a seed keeps the swarm complete
            has.put(peer, b);
            p.peerHaveAll(peer);
            return;
        }
        for (int i = 0; i < PIECES; i++) {
            if (r.nextInt(3) == 0) {
                b.set(i);
            }
        }
        has.put(peer, b);
        p.peerBitfield(peer, b);
    }
}
