package io.lodestone.client.picker;

import static io.lodestone.client.picker.PickerFixture.block;
import static io.lodestone.client.picker.PickerFixture.picker;
import static io.lodestone.client.picker.PickerFixture.rarestFirst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The invariant check finds each kind of broken bookkeeping, so the picker tests that run it mean something. */
class PickerInvariantsTest {

    private static final long A = 1;

    private PiecePicker started() {
        PiecePicker p = picker("1 1 1", "...", rarestFirst(), 1);
        BitSet all = new BitSet();
        all.set(0, 3);
        p.peerBitfield(A, all);
        assertThat(p.pick(A, 3)).hasSize(3);
        p.checkInvariants();
        return p;
    }

    @Test
    void everyPickerInTheTestsChecksAfterEachChange() {
        assertThat(rarestFirst().checkInvariants()).isTrue();
        assertThat(PickerFixture.checked(PickerConfig.defaults()).checkInvariants()).isTrue();
        assertThat(PickerConfig.defaults().checkInvariants()).as("off in production").isFalse();
    }

    @Test
    void aRequestThePeerDoesNotKnowIsFound() {
        PiecePicker p = started();
        Swarm.Peer s = swarmOf(p).get(A);
        s.outstanding.remove(s.outstanding.keySet().iterator().next());
        assertThatThrownBy(p::checkInvariants).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not have it outstanding");
    }

    @Test
    void aWrongAvailabilityIsFound() {
        PiecePicker p = started();
        swarmOf(p).have(swarmOf(p).get(A), 99); // out of range: ignored, still consistent
        p.checkInvariants();
        swarmOf(p).get(A).has.set(3); // beside the counts
        assertThatThrownBy(p::checkInvariants).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("past the end");
    }

    @Test
    void aWrongVerifiedByteCountIsFound() throws Exception {
        PiecePicker p = started();
        p.pieceVerified(1);
        var field = PiecePicker.class.getDeclaredField("haveBytes");
        field.setAccessible(true);
        field.setLong(p, field.getLong(p) - 1);
        assertThatThrownBy(p::checkInvariants).hasMessageContaining("have bytes");
    }

    @Test
    void aPartialPieceMissingFromTheOpenOnesIsFound() throws Exception {
        PiecePicker p = picker("1 1 1", "...", rarestFirst(), 1);
        BitSet all = new BitSet();
        all.set(0, 3);
        p.peerBitfield(A, all);
        assertThat(p.pick(A, 1)).hasSize(1); // a piece started, most of its blocks not asked for
        var field = PiecePicker.class.getDeclaredField("open");
        field.setAccessible(true);
        ((java.util.Map<?, ?>) field.get(p)).clear();
        assertThatThrownBy(p::checkInvariants).hasMessageContaining("is not open");
    }

    @Test
    void aLostUnrequestedCountIsFound() throws Exception {
        PiecePicker p = started();
        PartialPiece pp = partialsOf(p).values().iterator().next();
        pp.unrequested++;
        assertThatThrownBy(p::checkInvariants).hasMessageContaining("unrequested");
    }

    @Test
    void aBlockStateOutOfStepIsFound() throws Exception {
        PiecePicker p = started();
        PartialPiece pp = partialsOf(p).values().iterator().next();
        pp.state[1] = PartialPiece.RECEIVED;
        assertThatThrownBy(p::checkInvariants).hasMessageContaining("received");
        assertThatThrownBy(() -> p.accept(A, block(pp.piece, 0))).as("the check runs inside accept too")
                .isInstanceOf(IllegalStateException.class);
    }

    private static Swarm swarmOf(PiecePicker p) {
        try {
            var f = PiecePicker.class.getDeclaredField("swarm");
            f.setAccessible(true);
            return (Swarm) f.get(p);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<Integer, PartialPiece> partialsOf(PiecePicker p) {
        try {
            var f = PiecePicker.class.getDeclaredField("partials");
            f.setAccessible(true);
            return (java.util.Map<Integer, PartialPiece>) f.get(p);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
