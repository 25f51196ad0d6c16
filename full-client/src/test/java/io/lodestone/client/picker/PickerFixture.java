package io.lodestone.client.picker;

import io.lodestone.client.storage.TorrentLayout;

import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Picker set-ups written as strings, in the style of libtorrent's piece picker tests:
 * availability as {@code "1 2 0 3"} (how many other peers have each piece), pieces as
 * {@code "xx.x"} (x = has it). Other peers are ids {@link #OTHERS} and up; tests use small ids.
 */
final class PickerFixture {

    static final int BLOCKS_PER_PIECE = 4;
    static final int PIECE_LENGTH = BLOCKS_PER_PIECE * TorrentLayout.BLOCK_SIZE;
    static final long OTHERS = 1000;

    private PickerFixture() {
    }

    static TorrentLayout layout(int pieces) {
        long total = (long) pieces * PIECE_LENGTH;
        return new TorrentLayout(PIECE_LENGTH, pieces, total, List.of(new TorrentLayout.Extent(0, total)), List.of());
    }

    /** A picker whose other peers give the availability, and which already has {@code have}. */
    static PiecePicker picker(String availability, String have, PickerConfig config, long seed) {
        int[] avail = ints(availability);
        BitSet haveSet = bits(have);
        if (have.length() != avail.length) {
            throw new IllegalArgumentException("fixture strings differ in length");
        }
        PiecePicker p = new PiecePicker(layout(avail.length), checked(config), new SplittableRandom(seed));
        int maxAvail = 0;
        for (int a : avail) {
            maxAvail = Math.max(maxAvail, a);
        }
        for (int k = 0; k < maxAvail; k++) {
            BitSet b = new BitSet();
            for (int i = 0; i < avail.length; i++) {
                if (avail[i] > k) {
                    b.set(i);
                }
            }
            p.peerBitfield(OTHERS + k, b);
        }
        p.setHave(haveSet);
        return p;
    }

    /**
     * Every picker in these tests checks its invariants after each change, as libtorrent's picker
     * tests do: a step that breaks the bookkeeping fails right there, not at a later assertion.
     */
    static PickerConfig checked(PickerConfig config) {
        return config.withInvariantChecks(true);
    }

    /** Rarest first from the start: no random first pieces. */
    static PickerConfig rarestFirst() {
        PickerConfig d = PickerConfig.defaults();
        return new PickerConfig(0, d.endGameDuplicates(), d.requestQueueTime(), d.initialRequests(), d.minRequests(),
                d.maxRequests(), d.snubTimeout(), d.extentBytes(), true);
    }

    static PickerConfig withDuplicates(int duplicates) {
        PickerConfig d = rarestFirst();
        return new PickerConfig(0, duplicates, d.requestQueueTime(), d.initialRequests(), d.minRequests(),
                d.maxRequests(), d.snubTimeout(), d.extentBytes(), true);
    }

    static int[] ints(String s) {
        String[] parts = s.trim().split("\\s+");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }

    static BitSet bits(String s) {
        BitSet b = new BitSet();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'x') {
                b.set(i);
            } else if (c != '.') {
                throw new IllegalArgumentException("pieces are 'x' or '.', not '" + c + "'");
            }
        }
        return b;
    }

    static String string(BitSet b, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(b.get(i) ? 'x' : '.');
        }
        return s.toString();
    }

    /** Blocks as {@code "piece:block"} words, e.g. {@code "1:0 1:1"}. */
    static String blocks(List<Block> blocks) {
        return blocks.stream().map(b -> b.piece() + ":" + b.begin() / TorrentLayout.BLOCK_SIZE)
                .collect(Collectors.joining(" "));
    }

    /** The distinct pieces of blocks in the order first seen, e.g. {@code "1 2 0"}. */
    static String pieces(List<Block> blocks) {
        return blocks.stream().map(Block::piece).distinct().map(String::valueOf).collect(Collectors.joining(" "));
    }

    static Block block(int piece, int block) {
        return new Block(piece, block * TorrentLayout.BLOCK_SIZE, TorrentLayout.BLOCK_SIZE);
    }

    /** Delivers every block of a piece from {@code peer}; true when the last one completed it. */
    static boolean deliverPiece(PiecePicker p, long peer, int piece) {
        boolean complete = false;
        for (int i = 0; i < BLOCKS_PER_PIECE; i++) {
            complete = p.blockReceived(peer, block(piece, i));
        }
        return complete;
    }
}
