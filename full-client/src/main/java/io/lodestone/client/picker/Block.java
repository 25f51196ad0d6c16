package io.lodestone.client.picker;

/**
 * One request-sized part of a piece, as sent in Request, Piece and Cancel messages.
 *
 * @param piece  the piece index
 * @param begin  byte offset inside the piece, a multiple of {@link io.lodestone.client.storage.TorrentLayout#BLOCK_SIZE}
 * @param length bytes, {@link io.lodestone.client.storage.TorrentLayout#BLOCK_SIZE} except at a piece's end
 */
public record Block(int piece, int begin, int length) {
    public Block {
        if (piece < 0 || begin < 0 || length <= 0) {
            throw new IllegalArgumentException("bad block: piece " + piece + " begin " + begin + " length " + length);
        }
    }

    /** Written out: a record's generated equals goes through method handles, slow until the JIT is warm, and Block is a map key on every block. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Block b && b.piece == piece && b.begin == begin && b.length == length;
    }

    @Override
    public int hashCode() {
        return (piece * 31 + begin) * 31 + length;
    }

    @Override
    public String toString() {
        return "Block[" + piece + "@" + begin + "+" + length + "]";
    }
}
