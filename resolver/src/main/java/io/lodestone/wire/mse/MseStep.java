package io.lodestone.wire.mse;

import java.util.Objects;

/** What one turn of an MSE handshake state machine gives back: bytes to send and where it stands. */
public sealed interface MseStep {

    /** Bytes to send now (possibly none). */
    byte[] send();

    /** More bytes are needed. */
    record Pending(byte[] send) implements MseStep {
        public Pending {
            Objects.requireNonNull(send, "send");
        }
    }

    /**
     * The handshake is over: send {@code send}, then run the stream through {@code session};
     * {@code payload} is what already arrived past the handshake, already decrypted.
     */
    record Established(byte[] send, MseSession session, byte[] payload) implements MseStep {
        public Established {
            Objects.requireNonNull(send, "send");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** The handshake failed; the connection should be closed. {@code detail} is one line. */
    record Failed(Kind kind, String detail) implements MseStep {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public byte[] send() {
            return new byte[0];
        }
    }

    /** Why a handshake failed. */
    enum Kind {
        /** No sync marker within the spec's limits, or a VC that is not zero: not MSE, or not keyed alike. */
        NO_SYNC,
        /** The peer's public key is not a usable Diffie-Hellman key. */
        BAD_KEY,
        /** The SKEY hash names no torrent we serve. */
        UNKNOWN_TORRENT,
        /** A pad length above the spec's limit. */
        BAD_LENGTH,
        /** No crypto method both sides allow, or the peer selected one we did not offer. */
        NO_COMMON_METHOD,
        /** A plaintext BitTorrent handshake where our policy requires encryption. */
        PLAINTEXT_REFUSED,
        /** An encrypted handshake where our policy disables encryption. */
        ENCRYPTION_REFUSED
    }
}
