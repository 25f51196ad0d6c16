package io.lodestone.wire;

import io.lodestone.metainfo.MerkleTree;
import io.lodestone.metainfo.MetainfoLimits;
import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Collects one file's BEP 52 piece layer from {@code hashes} answers, for a torrent whose metadata
 * came without it (a v2 magnet). It plans the requests (aligned slices of up to
 * {@link #SLICE_HASHES} piece hashes, each proven up to the pieces root), keeps only slices that
 * {@link PieceLayerProof} verifies, and once every piece hash is in hands out the layer as the
 * {@code piece layers} entry of a .torrent holds it: one hash per piece, the padding left out.
 *
 * <p>Memory follows what was verified: slices are allocated as they arrive, and the piece count is
 * bounded by {@link MetainfoLimits#MAX_PIECES}. Pure state, no I/O, not thread-safe.
 */
public final class PieceLayerAssembler {

    /**
     * Hashes one request asks for: BEP 52's advice (SHOULD NOT exceed 512), and what libtorrent
     * requests, so libtorrent peers serve us as they serve each other.
     */
    public static final int SLICE_HASHES = 512;

    /** What one answer did. */
    public sealed interface Outcome {
    }

    /**
     * The answer covered piece hashes {@code from .. to - 1}, some of them new, and those are kept;
     * {@code missing} are still to come.
     */
    public record Stored(int from, int to, int missing) implements Outcome {
    }

    /** Verified, but it brought no piece hash that was missing. */
    public record Duplicate(int index, int length) implements Outcome {
    }

    /** This answer completed the layer: {@code pieceCount} hashes, concatenated (a copy). */
    public record Complete(byte[] layer) implements Outcome {
        public Complete {
            layer = layer.clone();
        }

        @Override
        public byte[] layer() {
            return layer.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Complete c && Arrays.equals(layer, c.layer);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(layer);
        }

        @Override
        public String toString() {
            return "Complete[" + layer.length / HashMessage.HASH_LENGTH + " hashes]";
        }
    }

    /** Not kept: another file, another layer, or it does not prove itself; the peer sent it. */
    public record Rejected(String reason) implements Outcome {
    }

    private final byte[] piecesRoot;
    private final long fileLength;
    private final int pieceLayer;
    private final int treeHeight;
    private final int pieceCount;
    /** Verified piece hashes by slice, each allocated when its first hash arrives. */
    private final byte[][] slices;
    private final BitSet have;

    /**
     * @param piecesRoot  the file's pieces root from the info dict
     * @param fileLength  its length; more than one piece, since a file of one piece has no layer
     * @param pieceLength the torrent's v2 piece length
     */
    public PieceLayerAssembler(byte[] piecesRoot, long fileLength, int pieceLength) {
        Objects.requireNonNull(piecesRoot, "piecesRoot");
        if (piecesRoot.length != HashMessage.HASH_LENGTH) {
            throw new IllegalArgumentException("a pieces root has 32 bytes, not " + piecesRoot.length);
        }
        this.pieceLayer = PieceLayerProof.pieceLayer(pieceLength);
        if (!needsLayer(fileLength, pieceLength)) {
            throw new IllegalArgumentException("a file of " + fileLength + " bytes has no piece layer with pieces of "
                    + pieceLength + " bytes: its pieces root is its only piece hash");
        }
        long pieces = (fileLength + pieceLength - 1) / pieceLength;
        if (pieces > MetainfoLimits.MAX_PIECES) {
            throw new IllegalArgumentException(pieces + " pieces exceed the limit of " + MetainfoLimits.MAX_PIECES);
        }
        this.piecesRoot = piecesRoot.clone();
        this.fileLength = fileLength;
        this.treeHeight = PieceLayerProof.treeHeight(fileLength);
        this.pieceCount = (int) pieces;
        this.slices = new byte[(pieceCount + SLICE_HASHES - 1) / SLICE_HASHES][];
        this.have = new BitSet(pieceCount);
    }

    /** Whether a file needs a piece layer (BEP 52: files larger than one piece have one). */
    public static boolean needsLayer(long fileLength, int pieceLength) {
        return fileLength > pieceLength;
    }

    public byte[] piecesRoot() {
        return piecesRoot.clone();
    }

    public long fileLength() {
        return fileLength;
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** The layer the piece hashes sit on: {@code log2(piece length / 16 KiB)}. */
    public int pieceLayer() {
        return pieceLayer;
    }

    public int missing() {
        return pieceCount - have.cardinality();
    }

    public boolean isComplete() {
        return missing() == 0;
    }

    /** Whether the hash of {@code piece} (of this file, from 0) is in. */
    public boolean has(int piece) {
        return piece >= 0 && piece < pieceCount && have.get(piece);
    }

    /**
     * One request per slice that still misses a hash, in file order: {@code index} a multiple of
     * {@link #SLICE_HASHES}, {@code length} that or, for a short last slice, the power of two (at
     * least 2) that covers it, with proof layers up to the pieces root. The caller spreads them
     * over peers and tracks which are in flight.
     */
    public List<HashRequest> missingRequests() {
        List<HashRequest> out = new ArrayList<>();
        for (int s = 0; s < slices.length; s++) {
            int from = s * SLICE_HASHES;
            int to = Math.min(pieceCount, from + SLICE_HASHES);
            int firstMissing = have.nextClearBit(from);
            if (firstMissing < to) {
                out.add(requestForSlice(s));
            }
        }
        return out;
    }

    /** The request for the slice holding {@code piece}'s hash. */
    public HashRequest requestFor(int piece) {
        Objects.checkIndex(piece, pieceCount);
        return requestForSlice(piece / SLICE_HASHES);
    }

    /**
     * An answer from a peer. It must be for this file's root and its piece layer and prove itself;
     * then its hashes for real pieces are kept (padding past the end is proven but not kept).
     */
    public Outcome accept(Hashes answer) {
        HashRequest r = answer.request();
        if (!r.isFor(piecesRoot)) {
            return new Rejected("hashes for another pieces root");
        }
        if (r.baseLayer() != pieceLayer) {
            return new Rejected("hashes of layer " + r.baseLayer() + ", not the piece layer " + pieceLayer);
        }
        PieceLayerProof.Result result = PieceLayerProof.verify(piecesRoot, fileLength, answer);
        if (result instanceof PieceLayerProof.Failed f) {
            return new Rejected(f.reason());
        }
        byte[] hashes = ((PieceLayerProof.Verified) result).hashes();
        int from = r.index();
        int to = (int) Math.min(pieceCount, (long) r.index() + r.length());
        int stored = 0;
        for (int p = from; p < to; p++) {
            if (!have.get(p)) {
                store(p, hashes, (p - from) * HashMessage.HASH_LENGTH);
                stored++;
            }
        }
        if (stored == 0) {
            return new Duplicate(r.index(), r.length());
        }
        return isComplete() ? new Complete(assemble()) : new Stored(from, to, missing());
    }

    /** The whole layer, {@code pieceCount} hashes concatenated, once every one is in. */
    public Optional<byte[]> layer() {
        return isComplete() ? Optional.of(assemble()) : Optional.empty();
    }

    private HashRequest requestForSlice(int slice) {
        int from = slice * SLICE_HASHES;
        int length = (int) Math.min(SLICE_HASHES,
                Math.max(HashMessage.MIN_HASHES, MerkleTree.nextPowerOfTwo(pieceCount - from)));
        return PieceLayerProof.request(piecesRoot, fileLength, pieceLayer, from, length);
    }

    private void store(int piece, byte[] hashes, int offset) {
        int s = piece / SLICE_HASHES;
        if (slices[s] == null) {
            int count = Math.min(SLICE_HASHES, pieceCount - s * SLICE_HASHES);
            slices[s] = new byte[count * HashMessage.HASH_LENGTH];
        }
        System.arraycopy(hashes, offset, slices[s], (piece % SLICE_HASHES) * HashMessage.HASH_LENGTH,
                HashMessage.HASH_LENGTH);
        have.set(piece);
    }

    private byte[] assemble() {
        byte[] out = new byte[pieceCount * HashMessage.HASH_LENGTH];
        int at = 0;
        for (byte[] slice : slices) {
            System.arraycopy(slice, 0, out, at, slice.length);
            at += slice.length;
        }
        return out;
    }
}
