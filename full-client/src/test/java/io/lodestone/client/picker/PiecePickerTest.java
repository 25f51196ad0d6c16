package io.lodestone.client.picker;

import io.lodestone.client.picker.PiecePicker.BlockOutcome;
import io.lodestone.client.storage.TorrentLayout;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.lodestone.client.picker.PickerFixture.BLOCKS_PER_PIECE;
import static io.lodestone.client.picker.PickerFixture.bits;
import static io.lodestone.client.picker.PickerFixture.block;
import static io.lodestone.client.picker.PickerFixture.blocks;
import static io.lodestone.client.picker.PickerFixture.deliverPiece;
import static io.lodestone.client.picker.PickerFixture.picker;
import static io.lodestone.client.picker.PickerFixture.pieces;
import static io.lodestone.client.picker.PickerFixture.rarestFirst;
import static io.lodestone.client.picker.PickerFixture.string;
import static io.lodestone.client.picker.PickerFixture.withDuplicates;
import static org.assertj.core.api.Assertions.assertThat;

class PiecePickerTest {

    private static final long A = 1;
    private static final long B = 2;
    private static final long C = 3;
    private static final long D = 4;
    private static final int ALL = 100;

    @Test
    void picksRarestPiecesFirst() {
        PiecePicker p = picker("3 1 2 4", "....", rarestFirst(), 1);
        p.peerHaveAll(A);
        assertThat(pieces(p.pick(A, ALL))).isEqualTo("1 2 0 3");
    }

    @Test
    void availabilityCountsEveryPeerAndSeedsAlike() {
        PiecePicker p = picker("3 1 2 0", "....", rarestFirst(), 1);
        p.peerHaveAll(A);
        p.peerBitfield(B, bits("x..x"));
        assertThat(List.of(p.availability(0), p.availability(1), p.availability(2), p.availability(3)))
                .containsExactly(5, 2, 3, 2);
        p.peerGone(A);
        p.peerHave(B, 1);
        p.peerHave(B, 1); // a repeated Have counts once
        assertThat(List.of(p.availability(0), p.availability(1), p.availability(2), p.availability(3)))
                .containsExactly(4, 2, 2, 1);
    }

    @Test
    void picksOnlyPiecesThePeerHas() {
        PiecePicker p = picker("1 1 1 1", "....", rarestFirst(), 1);
        p.peerBitfield(A, bits(".x.x"));
        List<Block> picked = p.pick(A, ALL);
        assertThat(picked).hasSize(2 * BLOCKS_PER_PIECE).allMatch(b -> b.piece() == 1 || b.piece() == 3);
        assertThat(p.pick(A, ALL)).as("nothing left the peer has").isEmpty();
    }

    @Test
    void breaksAvailabilityTiesAtRandom() {
        Set<Integer> firsts = new HashSet<>();
        for (long seed = 0; seed < 60; seed++) {
            PiecePicker p = picker("1 1 1 1 2", ".....", rarestFirst(), seed);
            p.peerHaveAll(A);
            int first = p.pick(A, 1).getFirst().piece();
            assertThat(first).isBetween(0, 3); // never the more common piece 4
            firsts.add(first);
        }
        assertThat(firsts).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    /** Whether each extent of {@code per} pieces appears in {@code order} as one unbroken stretch. */
    private static boolean extentsUnbroken(List<Integer> order, int per) {
        Set<Integer> left = new HashSet<>();
        for (int i = 0; i < order.size(); i++) {
            int e = order.get(i) / per;
            if (i > 0 && order.get(i - 1) / per != e && !left.add(order.get(i - 1) / per)) {
                return false;
            }
            if (left.contains(e)) {
                return false;
            }
        }
        return true;
    }

    private static List<Integer> pieceOrder(List<Block> blocks) {
        return blocks.stream().map(Block::piece).distinct().toList();
    }

    @Test
    void amongTheEquallyRareNewPiecesComeFromTheExtentLastStartedInWhileManyAreInFlight() {
        // four pieces to an extent; 24 pieces, the last four more common than the rest
        int per = 4;
        PickerConfig near = rarestFirst().withExtentBytes((long) per * PickerFixture.PIECE_LENGTH);
        String availability = "1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 2 2 2 2";
        int inFlight = PiecePicker.NEAR_AFTER * per;
        Set<List<Integer>> orders = new HashSet<>();
        boolean fewScattered = false;
        for (long seed = 0; seed < 40; seed++) {
            PiecePicker p = picker(availability, ".".repeat(24), near, seed);
            p.peerHaveAll(A);
            List<Integer> first = pieceOrder(p.pick(A, inFlight * BLOCKS_PER_PIECE));
            assertThat(first).hasSize(inFlight).allMatch(q -> q < 20, "rarest first");
            fewScattered |= !extentsUnbroken(first, per) || first.stream().map(q -> q / per).distinct().count() > 2;
            List<Integer> rest = pieceOrder(p.pick(A, ALL));
            orders.add(rest);
            int rare = 20 - inFlight;
            assertThat(rest.subList(0, rare)).as("rarest first, before any nearer piece").allMatch(q -> q < 20);
            assertThat(rest.subList(rare, rest.size())).containsExactlyInAnyOrder(20, 21, 22, 23);
            assertThat(extentsUnbroken(rest.subList(0, rare), per)).as("each extent, once entered, is taken whole: "
                    + rest).isTrue();
        }
        assertThat(orders).as("still random where nothing is near").hasSizeGreaterThan(3);
        assertThat(fewScattered).as("with few pieces in flight, new ones are spread over the torrent").isTrue();

        // off: some seed leaves an extent before it is done
        PickerConfig anywhere = rarestFirst().withExtentBytes(0);
        boolean scattered = false;
        for (long seed = 0; seed < 40 && !scattered; seed++) {
            PiecePicker p = picker(availability, ".".repeat(24), anywhere, seed);
            p.peerHaveAll(A);
            p.pick(A, inFlight * BLOCKS_PER_PIECE);
            List<Integer> rest = pieceOrder(p.pick(A, ALL));
            scattered = !extentsUnbroken(rest.subList(0, 20 - inFlight), per);
        }
        assertThat(scattered).isTrue();
    }

    @Test
    void firstPiecesAreRandomThenRarestFirst() {
        PickerConfig randomFour = new PickerConfig(4, 2, PickerConfig.DEFAULT_REQUEST_QUEUE_TIME, 4, 2, 500,
                PickerConfig.DEFAULT_SNUB_TIMEOUT, PickerConfig.DEFAULT_EXTENT_BYTES, true);
        Set<Integer> firsts = new HashSet<>();
        for (long seed = 0; seed < 60; seed++) {
            PiecePicker p = picker("1 5 5 5 5 5 5 5", "........", randomFour, seed);
            p.peerHaveAll(A);
            firsts.add(p.pick(A, 1).getFirst().piece());
        }
        assertThat(firsts).as("random, not always the rarest piece 0").hasSizeGreaterThan(3);

        // with four pieces verified, the rarest piece comes first every time
        for (long seed = 0; seed < 20; seed++) {
            PiecePicker p = picker("5 5 5 5 3 1 5 5", "xxxx....", randomFour, seed);
            p.peerHaveAll(A);
            assertThat(pieces(p.pick(A, ALL))).startsWith("5 4 ");
        }
    }

    @Test
    void finishesStartedPiecesBeforeStartingRarerOnes() {
        PiecePicker p = picker("1 3 3 3", "....", rarestFirst(), 1);
        p.peerBitfield(A, bits("..x."));
        assertThat(blocks(p.pick(A, 1))).isEqualTo("2:0");
        p.peerHaveAll(B);
        // piece 0 is rarer, but piece 2 is already under way
        assertThat(blocks(p.pick(B, 4))).isEqualTo("2:1 2:2 2:3 0:0");
    }

    @Test
    void eachBlockIsRequestedOnceOutsideEndGame() {
        PiecePicker p = picker("2 2 2", "...", rarestFirst(), 3);
        p.peerHaveAll(A);
        p.peerHaveAll(B);
        List<Block> a = p.pick(A, 5);
        assertThat(p.inEndGame()).isFalse();
        List<Block> b = p.pick(B, 3 * BLOCKS_PER_PIECE - 5);
        assertThat(a).hasSize(5).doesNotContainAnyElementsOf(b);
        assertThat(Set.copyOf(b)).hasSize(3 * BLOCKS_PER_PIECE - 5);
        assertThat(p.inEndGame()).isTrue();
        assertThat(p.outstanding(A)).containsExactlyInAnyOrderElementsOf(a);
    }

    @Test
    void strictEndGameHandsOutDuplicatesOnlyWhenEverythingIsRequested() {
        PiecePicker p = picker("1 2", "..", withDuplicates(2), 1);
        p.peerBitfield(A, bits("xx"));
        p.peerBitfield(B, bits(".x"));
        assertThat(pieces(p.pick(B, ALL))).isEqualTo("1");
        // piece 0 is still unrequested and B lacks it: no end game, nothing for B
        assertThat(p.inEndGame()).isFalse();
        assertThat(p.pick(B, ALL)).isEmpty();
        // A takes piece 0; then every block is requested, so the same pick goes on with
        // duplicates of B's blocks
        assertThat(blocks(p.pick(A, ALL))).isEqualTo("0:0 0:1 0:2 0:3 1:0 1:1 1:2 1:3");
        assertThat(p.inEndGame()).isTrue();
        assertThat(p.pick(A, ALL)).as("never a block A was asked for already").isEmpty();
        assertThat(p.pick(B, ALL)).as("B lacks piece 0 and has piece 1 out already").isEmpty();
    }

    @Test
    void endGameDuplicatesAreCappedAndCancelledWhenTheBlockArrives() {
        PiecePicker p = picker("0", ".", withDuplicates(2), 1);
        for (long peer : new long[] {A, B, C, D}) {
            p.peerHaveAll(peer);
        }
        assertThat(blocks(p.pick(A, ALL))).isEqualTo("0:0 0:1 0:2 0:3");
        assertThat(blocks(p.pick(B, 2))).isEqualTo("0:0 0:1");
        assertThat(blocks(p.pick(C, ALL))).as("fewest requesters first").isEqualTo("0:2 0:3 0:0 0:1");
        assertThat(blocks(p.pick(B, ALL))).isEqualTo("0:2 0:3");
        assertThat(p.pick(D, ALL)).as("each block is out three times already").isEmpty();

        assertThat(p.accept(C, block(0, 0))).isEqualTo(BlockOutcome.ACCEPTED);
        assertThat(p.endGameCancels(C, block(0, 0))).containsExactly(A, B);
        assertThat(p.outstanding(A)).doesNotContain(block(0, 0));
        assertThat(p.accept(A, block(0, 0))).as("arrived anyway").isEqualTo(BlockOutcome.DUPLICATE);
        assertThat(p.pick(D, ALL)).as("a received block is never handed out again").doesNotContain(block(0, 0));
    }

    @Test
    void peerGoneReleasesItsRequestsAndAvailability() {
        PiecePicker p = picker("0 0", "..", rarestFirst(), 1);
        p.peerHaveAll(A);
        p.peerBitfield(B, bits("xx"));
        List<Block> a = p.pick(A, 6);
        assertThat(p.pick(B, 1)).hasSize(1);
        p.peerGone(A);
        assertThat(p.availability(0)).isEqualTo(1);
        List<Block> b = p.pick(B, ALL);
        assertThat(b).containsAll(a);
        assertThat(p.outstanding(A)).isEmpty();
    }

    @Test
    void chokeReleasesOutstandingBlocksForOthers() {
        PiecePicker p = picker("2", ".", rarestFirst(), 1);
        p.peerHaveAll(A);
        p.peerHaveAll(B);
        List<Block> a = p.pick(A, 3);
        assertThat(p.releaseAll(A)).containsExactlyInAnyOrderElementsOf(a);
        assertThat(p.pick(B, ALL)).hasSize(BLOCKS_PER_PIECE);
        p.released(B, block(0, 3)); // rejected
        assertThat(blocks(p.pick(A, 1))).isEqualTo("0:3");
    }

    @Test
    void completedPieceIsVerifiedAndReturnsContributors() {
        PiecePicker p = picker("1 2", "..", rarestFirst(), 1);
        p.peerHaveAll(A);
        p.peerHaveAll(B);
        p.pick(A, 2);
        p.pick(B, 2);
        assertThat(p.blockReceived(A, block(0, 0))).isFalse();
        assertThat(p.blockReceived(B, block(0, 2))).isFalse();
        assertThat(p.blockReceived(A, block(0, 1))).isFalse();
        assertThat(p.accept(B, block(0, 3))).isEqualTo(BlockOutcome.PIECE_COMPLETE);
        assertThat(p.pieceVerified(0)).containsExactly(A, B);
        assertThat(string(p.have(), 2)).isEqualTo("x.");
        assertThat(p.missingPieces()).isEqualTo(1);
        assertThat(p.accept(A, block(0, 0))).isEqualTo(BlockOutcome.UNWANTED);
    }

    @Test
    void failedPieceNamesItsContributorsAndIsDownloadedAgain() {
        PiecePicker p = picker("1 2", "..", rarestFirst(), 1);
        p.peerHaveAll(A);
        p.peerHaveAll(B);
        p.peerHaveAll(C);
        p.pick(A, 3);
        p.pick(B, 1);
        p.blockReceived(A, block(0, 0));
        p.blockReceived(A, block(0, 1));
        p.blockReceived(A, block(0, 2));
        assertThat(p.blockReceived(B, block(0, 3))).isTrue();
        assertThat(p.pieceFailed(0)).containsExactly(A, B);
        assertThat(string(p.have(), 2)).isEqualTo("..");
        p.peerGone(A); // banned
        p.peerGone(B);
        assertThat(pieces(p.pick(C, ALL))).contains("0");
        assertThat(p.outstanding(C)).hasSize(2 * BLOCKS_PER_PIECE);
    }

    @Test
    void completesWhenEveryPieceIsVerified() {
        PiecePicker p = picker("1 1 1", "x..", rarestFirst(), 5);
        p.peerHaveAll(A);
        assertThat(p.isInteresting(A)).isTrue();
        for (Block b : p.pick(A, ALL)) {
            if (p.blockReceived(A, b)) {
                p.pieceVerified(b.piece());
            }
        }
        assertThat(p.complete()).isTrue();
        assertThat(p.isInteresting(A)).isFalse();
        assertThat(p.pick(A, ALL)).isEmpty();
    }

    @Test
    void interestFollowsWhatThePeerHasThatWeLack() {
        PiecePicker p = picker("0 0 0", "x.x", rarestFirst(), 1);
        p.peerBitfield(A, bits("x.x"));
        assertThat(p.isInteresting(A)).isFalse();
        p.peerHave(A, 1);
        assertThat(p.isInteresting(A)).isTrue();
        p.peerHaveNone(A);
        assertThat(p.isInteresting(A)).isFalse();
        p.peerHave(A, 7); // out of range: ignored
        assertThat(p.isInteresting(A)).isFalse();
    }

    @Test
    void malformedAndUnrequestedBlocksAreUnwanted() {
        PiecePicker p = picker("1 2", "..", rarestFirst(), 1);
        p.peerHaveAll(A);
        p.pick(A, 1);
        assertThat(p.accept(A, new Block(0, 5, TorrentLayout.BLOCK_SIZE))).isEqualTo(BlockOutcome.UNWANTED);
        assertThat(p.accept(A, new Block(0, 0, 100))).isEqualTo(BlockOutcome.UNWANTED);
        assertThat(p.accept(A, new Block(9, 0, TorrentLayout.BLOCK_SIZE))).isEqualTo(BlockOutcome.UNWANTED);
        assertThat(p.accept(A, block(1, 0))).as("a piece nobody started").isEqualTo(BlockOutcome.UNWANTED);
        assertThat(p.accept(A, block(0, 0))).isEqualTo(BlockOutcome.ACCEPTED);
        assertThat(p.accept(A, block(0, 0))).isEqualTo(BlockOutcome.DUPLICATE);
    }

    @Test
    void allowedFastPiecesArePickedWhileChoked() {
        PiecePicker p = picker("5 1 5 5", "x...", rarestFirst(), 1);
        p.peerBitfield(A, bits("xx.x"));
        assertThat(blocks(p.pickAllowedFast(A, Set.of(0, 2, 3, 99), 2))).isEqualTo("3:0 3:1");
        assertThat(blocks(p.pickAllowedFast(A, Set.of(0, 2, 3), ALL))).isEqualTo("3:2 3:3");
        assertThat(p.pickAllowedFast(A, Set.of(), ALL)).isEmpty();
    }

    @Test
    void padBlocksAreNeverRequested() {
        // 2 pieces of 4 blocks; the last 2 blocks of piece 0 and 1 block of piece 1 are pad
        long pl = PickerFixture.PIECE_LENGTH;
        int bs = TorrentLayout.BLOCK_SIZE;
        TorrentLayout layout = new TorrentLayout(pl, 2, 2 * pl, List.of(new TorrentLayout.Extent(0, 2 * pl)),
                List.of(new TorrentLayout.Extent(2 * bs, 4 * bs), new TorrentLayout.Extent(pl + 3 * bs, 2 * pl)));
        PiecePicker p = new PiecePicker(layout, rarestFirst(), new Random(1));
        p.peerHaveAll(A);
        List<Block> picked = p.pick(A, ALL);
        assertThat(blocks(picked)).isIn("0:0 0:1 1:0 1:1 1:2", "1:0 1:1 1:2 0:0 0:1");
        p.blockReceived(A, block(0, 0));
        assertThat(p.blockReceived(A, block(0, 1))).as("the pad blocks count as there").isTrue();
    }

    @Test
    void shortLastPieceHasShortBlocks() {
        TorrentLayout layout = new TorrentLayout(PickerFixture.PIECE_LENGTH, 2, PickerFixture.PIECE_LENGTH + 20_000,
                List.of(new TorrentLayout.Extent(0, PickerFixture.PIECE_LENGTH + 20_000)), List.of());
        PiecePicker p = new PiecePicker(layout, rarestFirst(), new Random(1));
        p.peerHaveAll(A);
        List<Block> picked = p.pick(A, ALL);
        assertThat(picked).contains(new Block(1, 0, TorrentLayout.BLOCK_SIZE), new Block(1, 16384, 20_000 - 16384));
        assertThat(picked).hasSize(BLOCKS_PER_PIECE + 2);
    }

    @Test
    void verifiedBytesCountTheShortLastPieceAsItIsAndEachPieceOnce() {
        TorrentLayout layout = new TorrentLayout(PickerFixture.PIECE_LENGTH, 3, 2L * PickerFixture.PIECE_LENGTH + 20_000,
                List.of(new TorrentLayout.Extent(0, 2L * PickerFixture.PIECE_LENGTH + 20_000)), List.of());
        PiecePicker p = new PiecePicker(layout, rarestFirst(), new Random(1)); // invariants checked after each step
        assertThat(p.haveBytes()).isZero();
        p.setHave(bits("..x"));
        assertThat(p.haveBytes()).isEqualTo(20_000);
        p.pieceVerified(2); // again: counted once
        p.pieceVerified(0);
        assertThat(p.haveCount()).isEqualTo(2);
        assertThat(p.haveBytes()).isEqualTo(PickerFixture.PIECE_LENGTH + 20_000);
        p.pieceVerified(1);
        assertThat(p.complete()).isTrue();
        assertThat(p.haveBytes()).isEqualTo(layout.totalSize());
    }

    @Test
    void resumeMarksPiecesHad() {
        PiecePicker p = picker("1 1 1 1", "....", rarestFirst(), 1);
        p.setHave(bits("x.x."));
        p.peerHaveAll(A);
        assertThat(pieces(p.pick(A, ALL))).isIn("1 3", "3 1");
        assertThat(p.missingPieces()).isEqualTo(2);
        BitSet have = p.have();
        have.set(1);
        assertThat(string(p.have(), 4)).as("have() is a copy").isEqualTo("x.x.");
    }
}
