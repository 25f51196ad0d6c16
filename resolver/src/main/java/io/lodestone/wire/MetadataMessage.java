package io.lodestone.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * BEP 9 ut_metadata messages, carried in {@link PeerMessage.Extended} with the id the peer gave
 * {@code ut_metadata}; {@link MetadataCodec} encodes and decodes them. The metadata (the info dict)
 * travels in pieces of {@value #PIECE_SIZE} bytes, all full but the last.
 */
public sealed interface MetadataMessage {

    /** BEP 9's piece size. */
    int PIECE_SIZE = 16 * 1024;
    /**
     * Largest metadata accepted by default: libtorrent's max_metadata_size default, 30 MiB
     * (3 * 1024 * 10240 bytes), so whatever libtorrent resolves we resolve too. Info dicts of
     * multi-terabyte torrents with small pieces do reach tens of megabytes.
     */
    int DEFAULT_MAX_METADATA_SIZE = 3 * 1024 * 10240;

    int REQUEST = 0;
    int DATA = 1;
    int REJECT = 2;

    /** Pieces metadata of {@code totalSize} bytes is sent in. */
    static int pieceCount(long totalSize) {
        return (int) ((totalSize + PIECE_SIZE - 1) / PIECE_SIZE);
    }

    /** Bytes in {@code piece}: {@value #PIECE_SIZE}, or the remainder for the last one. */
    static int pieceLength(int piece, long totalSize) {
        return (int) Math.min(PIECE_SIZE, totalSize - (long) piece * PIECE_SIZE);
    }

    /** msg_type 0: please send {@code piece}. */
    record Request(int piece) implements MetadataMessage {
        public Request {
            checkPiece(piece);
        }
    }

    /** msg_type 1: {@code piece} of metadata {@code totalSize} bytes long, exactly its length. */
    record Data(int piece, int totalSize, byte[] data) implements MetadataMessage {
        public Data {
            Objects.requireNonNull(data, "data");
            checkPiece(piece);
            if (totalSize < 1) {
                throw new WireFormatException("ut_metadata total_size " + totalSize + " is not positive");
            }
            if (piece >= pieceCount(totalSize)) {
                throw new WireFormatException("ut_metadata piece " + piece + " outside 0.." + (pieceCount(totalSize) - 1)
                        + " for total_size " + totalSize);
            }
            if (data.length != pieceLength(piece, totalSize)) {
                throw new WireFormatException("ut_metadata piece " + piece + " has " + data.length + " bytes, not "
                        + pieceLength(piece, totalSize) + " for total_size " + totalSize);
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && d.piece == piece && d.totalSize == totalSize && Arrays.equals(data, d.data);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * piece + totalSize) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Data[piece=" + piece + ", totalSize=" + totalSize + ", " + data.length + " bytes]";
        }
    }

    /** msg_type 2: the peer will not send {@code piece} (it lacks the metadata, or limits us). */
    record Reject(int piece) implements MetadataMessage {
        public Reject {
            checkPiece(piece);
        }
    }

    /** A msg_type BEP 9 does not define; BEP 9 says it must be ignored, not treated as an error. */
    record Unknown(long msgType) implements MetadataMessage {
        public Unknown {
            if (msgType >= REQUEST && msgType <= REJECT) {
                throw new WireFormatException("ut_metadata msg_type " + msgType + " is a known type");
            }
        }
    }

    private static void checkPiece(int piece) {
        if (piece < 0) {
            throw new WireFormatException("ut_metadata piece " + piece + " is negative");
        }
    }
}
