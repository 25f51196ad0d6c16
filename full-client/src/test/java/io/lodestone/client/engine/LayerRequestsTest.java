package io.lodestone.client.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.metainfo.MerkleTree;
import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;
import io.lodestone.wire.PieceLayerAssembler;
import io.lodestone.wire.PieceLayerTree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hash-request scheduler against a seeder-side tree built from a random layer: slots and
 * round-robin, answers that complete the layer, and requests moved to another peer on reject,
 * timeout and disconnect; forged or unsolicited answers change nothing.
 */
class LayerRequestsTest {

    private static final int PIECE = 16 * 1024;
    /** Six slices of 512 piece hashes, the last one short. */
    private static final int PIECES = 5 * PieceLayerAssembler.SLICE_HASHES + 100;
    private static final long FILE_LENGTH = (long) (PIECES - 1) * PIECE + 777;

    private byte[] layer;
    private byte[] root;
    private PieceLayerTree seeder;
    private LayerRequests requests;

    @BeforeEach
    void setUp() {
        Random r = new Random(52);
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < PIECES; i++) {
            byte[] h = new byte[MerkleTree.HASH_LENGTH];
            r.nextBytes(h);
            hashes.add(h);
        }
        layer = MerkleTree.concat(hashes);
        root = MerkleTree.root(hashes, 0, MerkleTree.nextPowerOfTwo(PIECES));
        seeder = PieceLayerTree.fromLayer(root, FILE_LENGTH, PIECE, layer);
        requests = new LayerRequests(List.of(new PieceLayerAssembler(root, FILE_LENGTH, PIECE)));
    }

    @Test
    void fillsAFewSlotsRoundRobinAndCompletesTheLayer() {
        List<LayerRequests.Send> first = requests.schedule(List.of(1L, 2L), 0);
        assertThat(first).hasSize(LayerRequests.MAX_IN_FLIGHT);
        assertThat(first).extracting(LayerRequests.Send::peer).containsExactly(1L, 2L, 1L, 2L);
        assertThat(first).extracting(s -> s.request().index()).doesNotHaveDuplicates();
        assertThat(requests.schedule(List.of(1L, 2L), 1)).as("every slot taken").isEmpty();

        LayerRequests.Outcome last = null;
        List<LayerRequests.Send> pending = new ArrayList<>(first);
        int answered = 0;
        while (!pending.isEmpty()) {
            LayerRequests.Send s = pending.removeFirst();
            last = requests.onHashes(s.peer(), seeder.answer(s.request()).orElseThrow());
            answered++;
            pending.addAll(requests.schedule(List.of(1L, 2L), 2));
        }
        assertThat(answered).isEqualTo(6);
        assertThat(last).isInstanceOf(LayerRequests.LayerDone.class);
        LayerRequests.LayerDone done = (LayerRequests.LayerDone) last;
        assertThat(done.piecesRoot()).isEqualTo(root);
        assertThat(done.layer()).isEqualTo(layer);
        assertThat(requests.done()).isTrue();
        assertThat(requests.inFlight()).isZero();
    }

    @Test
    void rejectedTimedOutAndOrphanedRequestsGoToAnotherPeer() {
        List<LayerRequests.Send> sent = requests.schedule(List.of(1L, 2L, 3L), 0);
        LayerRequests.Send a = sent.get(0);
        LayerRequests.Send b = sent.get(1);
        LayerRequests.Send c = sent.get(2);

        requests.onReject(a.peer(), a.request());
        LayerRequests.Send again = only(requests.schedule(List.of(1L, 2L, 3L), 1), a.request());
        assertThat(again.peer()).isNotEqualTo(a.peer());

        requests.peerGone(b.peer());
        List<Long> left = new ArrayList<>(List.of(1L, 2L, 3L));
        left.remove(b.peer());
        LayerRequests.Send orphan = only(requests.schedule(left, 2), b.request());
        assertThat(left).contains(orphan.peer());

        // nothing comes for c: after the timeout it is asked of someone else
        assertThat(requests.schedule(left, LayerRequests.TIMEOUT_NANOS - 1)).isEmpty();
        List<LayerRequests.Send> late = requests.schedule(left, LayerRequests.TIMEOUT_NANOS + 10);
        Set<Long> cPeers = new HashSet<>();
        for (LayerRequests.Send s : late) {
            if (s.request().equals(c.request())) {
                cPeers.add(s.peer());
            }
        }
        assertThat(cPeers).hasSize(1).doesNotContain(c.peer());
        // the first peer's answer is now unsolicited
        assertThat(requests.onHashes(c.peer(), seeder.answer(c.request()).orElseThrow()))
                .isInstanceOf(LayerRequests.Unsolicited.class);
    }

    @Test
    void forgedHashesAreInvalidAndTheRequestIsAskedElsewhere() {
        LayerRequests.Send s = requests.schedule(List.of(7L, 8L), 0).getFirst();
        Hashes good = seeder.answer(s.request()).orElseThrow();
        byte[] forged = good.hashes();
        forged[5] ^= 1;
        assertThat(requests.onHashes(s.peer(), new Hashes(s.request(), forged, good.proof())))
                .isInstanceOf(LayerRequests.Invalid.class);
        LayerRequests.Send again = only(requests.schedule(List.of(7L, 8L), 1), s.request());
        assertThat(again.peer()).isNotEqualTo(s.peer());
        assertThat(requests.onHashes(s.peer(), good)).as("not asked of that peer any more")
                .isInstanceOf(LayerRequests.Unsolicited.class);
        assertThat(requests.onHashes(again.peer(), good)).isInstanceOf(LayerRequests.Progress.class);
    }

    @Test
    void noPeersNoRequests() {
        assertThat(requests.schedule(List.of(), 0)).isEmpty();
        assertThat(requests.inFlight()).isZero();
    }

    private static LayerRequests.Send only(List<LayerRequests.Send> sends, HashRequest r) {
        List<LayerRequests.Send> matching = sends.stream().filter(s -> s.request().equals(r)).toList();
        assertThat(matching).hasSize(1);
        return matching.getFirst();
    }
}
