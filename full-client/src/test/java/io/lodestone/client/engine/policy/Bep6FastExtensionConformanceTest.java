package io.lodestone.client.engine.policy;

import static io.lodestone.client.engine.policy.PolicyHarness.BLOCK;
import static io.lodestone.client.engine.policy.PolicyHarness.all;
import static io.lodestone.client.engine.policy.PolicyHarness.bitfield;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.wire.PeerMessage;
import org.junit.jupiter.api.Test;

/**
 * BEP 6 on the policy alone: have all and have none with and without the fast bit, allowed fast,
 * reject request (ours and theirs), suggest, and the rule that a fast peer's every request gets a
 * piece or a reject.
 */
class Bep6FastExtensionConformanceTest {

    private static final int PIECES = 8;
    private static final long A = 1;
    private static final long B = 2;

    private final PolicyHarness h = new PolicyHarness(PIECES);

    @Test
    void haveAllWithoutTheFastExtensionIsRejected() {
        h.connect(A, false);
        h.message(A, new PeerMessage.HaveAll());
        assertThat(h.closeReason(A)).isEqualTo("have all without the fast extension");
        assertThat(h.policy.picker().availability(0)).isZero();
    }

    @Test
    void haveNoneWithoutTheFastExtensionIsRejected() {
        h.connect(A, false);
        h.message(A, new PeerMessage.HaveNone());
        assertThat(h.closeReason(A)).isEqualTo("have none without the fast extension");
    }

    @Test
    void haveAllFromAFastPeerMakesItASeedWeWant() {
        h.connect(A, true);
        h.take();
        h.message(A, new PeerMessage.HaveAll());
        assertThat(h.closeReason(A)).isNull();
        assertThat(h.policy.peer(A).seed()).isTrue();
        assertThat(h.sentTo(A)).containsExactly(new PeerMessage.Interested());
        for (int p = 0; p < PIECES; p++) {
            assertThat(h.policy.picker().availability(p)).isEqualTo(1);
        }
    }

    @Test
    void haveNoneFromAFastPeerIsNothingToWant() {
        h.connect(A, true);
        h.take();
        h.message(A, new PeerMessage.HaveNone());
        assertThat(h.take()).isEmpty();
        assertThat(h.policy.peer(A).amInterested()).isFalse();
    }

    @Test
    void weGreetAFastPeerWithHaveNoneHaveAllOrABitfield() {
        h.connect(A, true);
        assertThat(h.sentTo(A)).containsExactly(new PeerMessage.HaveNone());
        h.policy.pieceVerified(0);
        h.take();
        h.connect(B, true);
        assertThat(h.sentTo(B)).hasSize(1).first().isInstanceOf(PeerMessage.Bitfield.class);
        for (int p = 1; p < PIECES; p++) {
            h.policy.pieceVerified(p);
        }
        h.take();
        h.connect(3, true);
        assertThat(h.sentTo(3)).containsExactly(new PeerMessage.HaveAll());
    }

    @Test
    void allowedFastPiecesAreRequestedWhileChokedAndNothingElse() {
        h.connect(A, true);
        h.message(A, new PeerMessage.HaveAll());
        h.take();
        h.message(A, new PeerMessage.AllowedFast(5));
        var requests = h.sentTo(A, PeerMessage.Request.class);
        assertThat(requests).isNotEmpty().allMatch(r -> r.piece() == 5);
        assertThat(h.policy.peer(A).allowedFast()).containsExactly(5);
    }

    @Test
    void anAllowedFastPieceThePeerLacksIsNotRequested() {
        h.connect(A, true);
        h.message(A, bitfield(PIECES, 1));
        h.take();
        h.message(A, new PeerMessage.AllowedFast(5));
        assertThat(h.sentTo(A, PeerMessage.Request.class)).isEmpty();
    }

    @Test
    void allowedFastWithoutTheExtensionCloses() {
        h.connect(A, false);
        h.message(A, new PeerMessage.AllowedFast(1));
        assertThat(h.closeReason(A)).isEqualTo("allowed fast without the fast extension");
    }

    @Test
    void aRejectReleasesTheBlockForOthersWithoutClosing() {
        h.connect(A, true);
        h.message(A, new PeerMessage.HaveAll());
        h.message(A, new PeerMessage.Unchoke());
        PeerMessage.Request r = h.sentTo(A, PeerMessage.Request.class).getFirst();
        int before = h.policy.picker().outstandingCount(A);
        h.take();
        h.message(A, new PeerMessage.RejectRequest(r.piece(), r.begin(), r.length()));
        assertThat(h.closeReason(A)).isNull();
        assertThat(h.policy.picker().outstandingCount(A)).isEqualTo(before - 1);
        h.connect(B, true);
        h.message(B, new PeerMessage.HaveAll());
        h.message(B, new PeerMessage.Unchoke());
        assertThat(h.sentTo(B, PeerMessage.Request.class)).contains(r);
    }

    @Test
    void aRejectWithoutTheExtensionCloses() {
        h.connect(A, false);
        h.message(A, new PeerMessage.RejectRequest(0, 0, BLOCK));
        assertThat(h.closeReason(A)).isEqualTo("reject without the fast extension");
    }

    @Test
    void aRejectForABlockNeverAskedChangesNothing() {
        h.connect(A, true);
        h.message(A, new PeerMessage.HaveAll());
        h.take();
        h.message(A, new PeerMessage.RejectRequest(7, 0, BLOCK));
        assertThat(h.take()).isEmpty();
        h.policy.picker().checkInvariants();
    }

    @Test
    void suggestionsAreIgnoredFromFastPeersAndRefusedFromOthers() {
        h.connect(A, true);
        h.take();
        h.message(A, new PeerMessage.SuggestPiece(3));
        assertThat(h.take()).isEmpty();
        h.connect(B, false);
        h.message(B, new PeerMessage.SuggestPiece(3));
        assertThat(h.closeReason(B)).isEqualTo("suggest piece without the fast extension");
    }

    @Test
    void everyRequestWeWillNotServeGetsARejectFromUs() {
        h.policy.pieceVerified(0);
        h.connect(A, true);
        h.take();
        h.message(A, new PeerMessage.Request(0, 0, BLOCK)); // we choke it
        assertThat(h.take()).containsExactly(new PolicyHarness.Sent(A, new PeerMessage.RejectRequest(0, 0, BLOCK)));
        h.message(A, new PeerMessage.Interested()); // a free slot: unchoked
        h.take();
        h.message(A, new PeerMessage.Request(3, 0, BLOCK)); // a piece we lack
        assertThat(h.sentTo(A)).containsExactly(new PeerMessage.RejectRequest(3, 0, BLOCK));
        h.take();
        h.message(A, new PeerMessage.Request(0, BLOCK, BLOCK));
        h.message(A, new PeerMessage.Cancel(0, BLOCK, BLOCK));
        assertThat(h.sentTo(A)).as("a cancelled request is rejected").containsExactly(
                new PeerMessage.RejectRequest(0, BLOCK, BLOCK));
    }

    @Test
    void chokingAFastPeerRejectsWhatItHadQueued() {
        h.policy.pieceVerified(0);
        h.connect(A, true);
        h.message(A, new PeerMessage.Interested());
        h.message(A, new PeerMessage.Request(0, 0, BLOCK));
        h.message(A, new PeerMessage.NotInterested());
        h.take();
        h.advance(h.config.choker().unchokeInterval());
        h.policy.tick();
        assertThat(h.sentTo(A)).containsSubsequence(new PeerMessage.Choke(), new PeerMessage.RejectRequest(0, 0, BLOCK));
        assertThat(h.policy.peer(A).queuedRequests()).isZero();
    }

    @Test
    void haveAllAfterHavesCountsOnlyWhatWasNew() {
        h.connect(A, true);
        h.message(A, new PeerMessage.Have(2));
        h.message(A, new PeerMessage.HaveAll());
        assertThat(h.closeReason(A)).isNull();
        for (int p = 0; p < PIECES; p++) {
            assertThat(h.policy.picker().availability(p)).as("piece %d", p).isEqualTo(1);
        }
        h.message(A, all(PIECES));
        h.policy.picker().checkInvariants();
    }
}
