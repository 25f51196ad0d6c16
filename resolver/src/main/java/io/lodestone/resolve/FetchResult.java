package io.lodestone.resolve;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/** How a metadata fetch from one peer ended. Only a {@link Success} carries bytes, and only verified ones. */
public sealed interface FetchResult {

    InetSocketAddress peer();

    Duration elapsed();

    /**
     * The info dict, byte for byte as the peer sent it; it hashed to every info-hash of the magnet.
     *
     * @param peerClient the {@code v} of the peer's extension handshake, or null
     */
    record Success(byte[] infoBytes, InetSocketAddress peer, Duration elapsed, String peerClient)
            implements FetchResult {
        public Success {
            infoBytes = Objects.requireNonNull(infoBytes, "infoBytes").clone();
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(elapsed, "elapsed");
        }

        @Override
        public byte[] infoBytes() {
            return infoBytes.clone();
        }

        @Override
        public String toString() {
            return "Success[" + infoBytes.length + " bytes from " + peer + " (" + peerClient + ") in "
                    + elapsed.toMillis() + " ms]";
        }
    }

    /** No metadata from this peer; {@code detail} is one line for the logs. */
    record Failure(Reason reason, String detail, InetSocketAddress peer, Duration elapsed) implements FetchResult {
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(elapsed, "elapsed");
            detail = detail.replaceAll("[\\r\\n]+", " ");
        }
    }

    /** Why a fetch failed; from {@link #NO_METADATA_SUPPORT} on, asking the same peer again is pointless. */
    enum Reason {
        CONNECT_FAILED,
        CONNECT_TIMEOUT,
        HANDSHAKE_TIMEOUT,
        PIECE_TIMEOUT,
        DEADLINE,
        TOO_SLOW,
        CLOSED,
        IO_ERROR,
        CANCELLED,
        /**
         * The peer closed our plaintext connection without a byte back: what a client that
         * requires encryption does (or one that is full).
         */
        PLAINTEXT_REFUSED,
        /** The peer closed the connection during our MSE/PE handshake: it takes plaintext only, or nothing. */
        ENCRYPTION_REFUSED,
        /**
         * We hold too much metadata from other fetches right now ({@link FetchConfig#maxBufferedMetadata()});
         * the peer did nothing wrong.
         */
        BUSY,
        /** It answered but will not send the metadata: ut_metadata reject. */
        REJECTED,
        /** No ut_metadata in its extension handshake, or no metadata_size (it lacks the metadata too). */
        NO_METADATA_SUPPORT,
        NO_EXTENSION_PROTOCOL,
        WRONG_INFO_HASH,
        METADATA_TOO_LARGE,
        /** Anything the wire codecs refuse, or a message out of turn. */
        PROTOCOL_ERROR,
        /** The pieces were complete and did not hash to the info-hash. */
        HASH_MISMATCH;

        /** Whether the peer cannot or will not ever give this torrent's metadata, or lied about it. */
        public boolean isPermanent() {
            return compareTo(NO_METADATA_SUPPORT) >= 0;
        }
    }
}
