package io.lodestone.resolve;

import io.lodestone.metainfo.Metainfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/** How a resolve ended. Only {@link Resolved} carries metadata, and only metadata that hashed right. */
public sealed interface ResolveResult {

    /** The torrent's metadata, verified against the magnet's info-hash(es), and who gave it. */
    record Resolved(Metainfo metainfo, InetSocketAddress peer, Duration elapsed) implements ResolveResult {
        public Resolved {
            Objects.requireNonNull(metainfo, "metainfo");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /**
     * No metadata: the deadline passed, or every source and peer ran out; {@code reason} is one
     * line, {@code cause} the kind of failure for counting.
     */
    record NotFound(String reason, int peersTried, Cause cause) implements ResolveResult {
        public NotFound {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(cause, "cause");
        }

        public NotFound(String reason, int peersTried) {
            this(reason, peersTried, Cause.OTHER);
        }
    }

    /** Why a resolve found nothing, by the peers' last failure; plain names, shown on /metrics. */
    enum Cause {
        /** No source gave any peer. */
        NO_PEERS,
        /** Every peer found was remembered dead and not dialled. */
        DEAD_PEERS,
        CONNECT_TIMEOUT,
        REFUSED,
        /** Connected, then nothing (or nothing useful) within the deadlines. */
        SILENT,
        /** Too slow to be worth waiting for. */
        TRICKLE,
        /** Metadata that did not hash to the info-hash, or other lies. */
        HASH_MISMATCH,
        /** Peers ran out of their own accord: no ut_metadata, a reject, the wrong torrent. */
        REJECTED,
        /** The resolve's own deadline ended it while peers were still being asked. */
        DEADLINE,
        OTHER;

        /** The cause a failed fetch stands for. */
        public static Cause of(FetchResult.Reason r) {
            return switch (r) {
                case CONNECT_TIMEOUT -> CONNECT_TIMEOUT;
                case CONNECT_FAILED, PLAINTEXT_REFUSED, ENCRYPTION_REFUSED -> REFUSED;
                case HANDSHAKE_TIMEOUT, PIECE_TIMEOUT, CLOSED, DEADLINE -> SILENT;
                case TOO_SLOW -> TRICKLE;
                case HASH_MISMATCH, PROTOCOL_ERROR, METADATA_TOO_LARGE -> HASH_MISMATCH;
                case REJECTED, NO_METADATA_SUPPORT, NO_EXTENSION_PROTOCOL, WRONG_INFO_HASH -> REJECTED;
                case IO_ERROR, CANCELLED, BUSY -> OTHER;
            };
        }
    }
}
