package io.lodestone.client.engine.policy;

import static io.lodestone.client.engine.policy.PolicyHarness.BLOCK;
import static io.lodestone.client.engine.policy.PolicyHarness.all;
import static io.lodestone.client.engine.policy.PolicyHarness.bitfield;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.picker.Block;
import io.lodestone.wire.PeerMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * BEP 3's peer session on the policy alone, on a virtual clock: choking and interest both ways,
 * the request pipeline and its limits, blocks in, snubbing and timeouts, have and bitfield rules,
 * and bad input closing the connection with a reason. Peers here do not set the fast bit.
 */
class Bep3PeerSessionConformanceTest {

    private static final int PIECES = 8;
    private static final long A = 1;
    private static final long B = 2;

    private final PolicyHarness h = new PolicyHarness(PIECES);

    @Test
    void withNothingToShowNoBitfieldIsSentAndWithPiecesOneComesFirst() {
        h.connect(A, false);
        assertThat(h.take()).as("BEP 3: a peer with nothing may skip the bitfield").isEmpty();
        h.policy.pieceVerified(2);
        h.take();
        h.connect(B, false);
        assertThat(h.sentTo(B)).hasSize(1).first().isInstanceOf(PeerMessage.Bitfield.class);
        PeerMessage.Bitfield sent = (PeerMessage.Bitfield) h.sentTo(B).getFirst();
        assertThat(sent.has(2)).isTrue();
        assertThat(sent.has(1)).isFalse();
    }

    @Test
    void interestFollowsWhatThePeerHasThatWeLack() {
        h.connect(A, false);
        h.message(A, bitfield(PIECES, 3));
        assertThat(h.sentTo(A)).containsExactly(new PeerMessage.Interested());
        assertThat(h.policy.peer(A).amInterested()).isTrue();
        h.take();
        h.policy.pieceVerified(3);
        assertThat(h.sentTo(A, PeerMessage.NotInterested.class)).as("nothing left to want from it").hasSize(1);
        assertThat(h.policy.peer(A).amInterested()).isFalse();
    }

    @Test
    void aPeerWithOnlyWhatWeHaveIsNotInteresting() {
        h.policy.pieceVerified(0);
        h.connect(A, false);
        h.take();
        h.message(A, bitfield(PIECES, 0));
        assertThat(h.sentTo(A)).isEmpty();
        assertThat(h.policy.peer(A).amInterested()).isFalse();
    }

    @Test
    void nothingIsRequestedWhileChokedAndTheFirstRequestsFollowUnchoke() {
        h.connect(A, false);
        h.message(A, all(PIECES));
        assertThat(h.sentTo(A, PeerMessage.Request.class)).as("choked: no requests").isEmpty();
        h.take();
        h.message(A, new PeerMessage.Unchoke());
        int firstDepth = h.config.picker().initialRequests();
        assertThat(h.sentTo(A, PeerMessage.Request.class)).as("no rate yet: the pipeline's first depth").hasSize(firstDepth);
        assertThat(h.policy.picker().outstandingCount(A)).isEqualTo(firstDepth);
        for (PeerMessage.Request r : h.sentTo(A, PeerMessage.Request.class)) {
            assertThat(r.length()).isEqualTo(BLOCK);
            assertThat(r.begin() % BLOCK).isZero();
        }
    }

    @Test
    void requestsNeverExceedWhatThePeerSaidItQueues() {
        PeerState a = h.connect(A, false);
        a.setRequestQueue(1);
        h.message(A, all(PIECES));
        h.message(A, new PeerMessage.Unchoke());
        assertThat(h.sentTo(A, PeerMessage.Request.class)).hasSize(1);
        h.take();
        h.policy.tick();
        assertThat(h.sentTo(A, PeerMessage.Request.class)).as("the pipe is as full as it may be").isEmpty();
    }

    @Test
    void chokeDropsEveryOutstandingRequestAndTheyGoToAnotherPeer() {
        h.connect(A, false);
        h.message(A, all(PIECES));
        h.message(A, new PeerMessage.Unchoke());
        var asked = h.sentTo(A, PeerMessage.Request.class);
        h.take();
        h.message(A, new PeerMessage.Choke());
        assertThat(h.policy.picker().outstandingCount(A)).isZero();
        h.connect(B, false);
        h.message(B, all(PIECES));
        h.message(B, new PeerMessage.Unchoke());
        assertThat(h.sentTo(B, PeerMessage.Request.class)).containsAnyElementsOf(asked);
    }

    @Test
    void blocksAreWrittenAndAFullPieceIsVerifiedThenAnnouncedToEveryone() {
        h.connect(A, false);
        h.connect(B, false);
        h.message(A, all(PIECES));
        h.message(A, new PeerMessage.Unchoke());
        PeerMessage.Request first = h.sentTo(A, PeerMessage.Request.class).getFirst();
        h.take();
        h.policy.onBlock(A, first.piece(), 0, BLOCK);
        assertThat(h.take()).contains(new PolicyHarness.Wrote(A, new Block(first.piece(), 0, BLOCK)));
        h.policy.onBlock(A, first.piece(), BLOCK, BLOCK);
        assertThat(h.take()).contains(new PolicyHarness.Verify(first.piece()));
        h.policy.pieceVerified(first.piece());
        assertThat(h.sentTo(A)).contains(new PeerMessage.Have(first.piece()));
        assertThat(h.sentTo(B)).contains(new PeerMessage.Have(first.piece()));
        assertThat(h.policy.has(first.piece())).isTrue();
    }

    @Test
    void aBlockOutsideTheTorrentClosesTheConnection() {
        h.connect(A, false);
        h.policy.onBlock(A, PIECES, 0, BLOCK);
        assertThat(h.closeReason(A)).contains("outside the torrent");
    }

    @Test
    void aFloodOfBlocksNobodyAskedForClosesTheConnection() {
        h.connect(A, false);
        for (int i = 0; i <= Requesting.MAX_UNREQUESTED_BLOCKS; i++) {
            assertThat(h.closeReason(A)).isNull();
            h.policy.onBlock(A, i % PIECES, 0, BLOCK);
        }
        assertThat(h.closeReason(A)).isEqualTo("sends blocks nobody asked for");
        assertThat(h.take()).noneMatch(a -> a instanceof PolicyHarness.Wrote);
    }

    @Test
    void aPeerThatSendsNothingForTheSnubTimeIsSnubbedAndGetsOneRequestAtATime() {
        h.connect(A, false);
        h.message(A, all(PIECES));
        h.message(A, new PeerMessage.Unchoke());
        h.take();
        h.advance(h.config.picker().snubTimeout().minusSeconds(1));
        h.message(A, new PeerMessage.KeepAlive()); // alive, but no blocks
        h.policy.tick();
        assertThat(h.policy.peer(A).snubbed()).isFalse();
        h.advance(Duration.ofSeconds(1));
        h.policy.tick();
        assertThat(h.policy.peer(A).snubbed()).as("its timed-out requests, asked again, do not restart the wait")
                .isTrue();
        assertThat(h.policy.picker().outstandingCount(A)).as("re-asked with a depth of one").isEqualTo(1);
    }

    @Test
    void aRequestUnansweredPastTheTimeoutIsAskedAgain() {
        h.connect(A, false);
        h.message(A, all(PIECES));
        h.message(A, new PeerMessage.Unchoke());
        var first = h.sentTo(A, PeerMessage.Request.class);
        h.take();
        h.advance(h.config.requestTimeout().plusSeconds(1));
        h.message(A, new PeerMessage.KeepAlive());
        h.policy.tick();
        assertThat(h.sentTo(A, PeerMessage.Request.class)).as("released by the timeout, picked again")
                .containsAnyElementsOf(first);
    }

    @Test
    void haveAndBitfieldThatBreakTheProtocolCloseWithAReason() {
        h.connect(A, false);
        h.message(A, new PeerMessage.Have(PIECES));
        assertThat(h.closeReason(A)).isEqualTo("have for piece 8 of 8");
        h.connect(B, false);
        h.message(B, new PeerMessage.Bitfield(new byte[2]));
        assertThat(h.closeReason(B)).isEqualTo("bitfield of 2 bytes for 8 pieces");
        PolicyHarness odd = new PolicyHarness(7);
        odd.connect(A, false);
        odd.message(A, new PeerMessage.Bitfield(new byte[] {(byte) 0x01}));
        assertThat(odd.closeReason(A)).isEqualTo("bitfield sets spare bit 7");
    }

    @Test
    void aClosedPeerIsNotAnsweredAnyMore() {
        h.connect(A, false);
        h.message(A, new PeerMessage.Have(PIECES));
        h.take();
        h.message(A, all(PIECES));
        h.message(A, new PeerMessage.Unchoke());
        h.policy.tick();
        assertThat(h.take()).isEmpty();
    }

    @Test
    void aLateBitfieldAddsPiecesAndTakesNoneAway() {
        h.connect(A, false);
        h.message(A, new PeerMessage.Have(1));
        h.message(A, bitfield(PIECES, 2));
        assertThat(h.policy.peer(A).has(1)).isTrue();
        assertThat(h.policy.peer(A).has(2)).isTrue();
        assertThat(h.policy.picker().availability(1)).isEqualTo(1);
        assertThat(h.closeReason(A)).isNull();
    }

    @Test
    void anInterestedPeerIsUnchokedWhileSlotsAreFreeAndServedOnlyWhatWeHave() {
        h.policy.pieceVerified(0);
        h.connect(A, false);
        h.take();
        h.message(A, new PeerMessage.Request(0, 0, BLOCK));
        assertThat(h.take()).as("choked, no fast extension: dropped without a word")
                .noneMatch(a -> a instanceof PolicyHarness.Serve || a instanceof PolicyHarness.Sent);
        h.message(A, new PeerMessage.Interested());
        assertThat(h.sentTo(A)).contains(new PeerMessage.Unchoke());
        h.take();
        h.message(A, new PeerMessage.Request(0, 0, BLOCK));
        h.message(A, new PeerMessage.Request(1, 0, BLOCK)); // a piece we lack: dropped
        assertThat(h.take()).containsExactly(new PolicyHarness.Serve(A));
        assertThat(h.policy.peer(A).queuedRequests()).isEqualTo(1);
        assertThat(h.policy.peer(A).nextToServe()).isEqualTo(new PeerMessage.Request(0, 0, BLOCK));
    }

    @Test
    void aCancelTakesAQueuedRequestBack() {
        h.policy.pieceVerified(0);
        h.connect(A, false);
        h.message(A, new PeerMessage.Interested());
        h.message(A, new PeerMessage.Request(0, 0, BLOCK));
        h.take();
        h.message(A, new PeerMessage.Cancel(0, 0, BLOCK));
        assertThat(h.policy.peer(A).queuedRequests()).isZero();
        assertThat(h.take()).as("BEP 3: no answer to a cancel").isEmpty();
    }

    @Test
    void aRequestOutsideTheTorrentClosesTheConnection() {
        h.connect(A, false);
        h.message(A, new PeerMessage.Request(0, 2 * BLOCK, BLOCK));
        assertThat(h.closeReason(A)).startsWith("request outside the torrent");
    }

    @Test
    void keepAlivesGoOutWhenIdleAndASilentPeerIsClosed() {
        h.connect(A, false);
        h.advance(h.config.keepAliveInterval().plusSeconds(1));
        h.policy.tick();
        assertThat(h.sentTo(A)).contains(new PeerMessage.KeepAlive());
        h.advance(h.config.inactivityTimeout());
        h.policy.tick();
        assertThat(h.closeReason(A)).isEqualTo("inactive");
    }

    @Test
    void twoSeedsPart() {
        for (int p = 0; p < PIECES; p++) {
            h.policy.pieceVerified(p);
        }
        assertThat(h.take()).contains(new PolicyHarness.Completed());
        h.connect(A, false);
        h.message(A, all(PIECES));
        assertThat(h.closeReason(A)).isEqualTo("both seeds");
    }

    @Test
    void aFullDiskQueueHoldsRequestsBackUntilTheNextTick() {
        h.connect(A, false);
        h.message(A, all(PIECES));
        h.budgetOpen = false;
        h.message(A, new PeerMessage.Unchoke());
        assertThat(h.sentTo(A, PeerMessage.Request.class)).isEmpty();
        h.budgetOpen = true;
        h.policy.tick();
        assertThat(h.sentTo(A, PeerMessage.Request.class)).isNotEmpty();
    }
}
