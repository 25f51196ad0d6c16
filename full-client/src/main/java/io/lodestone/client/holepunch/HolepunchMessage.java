package io.lodestone.client.holepunch;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One ut_holepunch message (BEP 55). Every message names an endpoint: the peer to meet (rendezvous),
 * the peer to dial (connect), or the peer the relay could not reach (error).
 */
public sealed interface HolepunchMessage {

    /** The endpoint the message is about: resolved, with a port. */
    InetSocketAddress endpoint();

    /** Initiator to relay: send connect messages to me and to {@code endpoint}. */
    record Rendezvous(InetSocketAddress endpoint) implements HolepunchMessage {
        public Rendezvous {
            checked(endpoint);
        }
    }

    /** Relay to both sides: open a uTP connection to {@code endpoint} now. */
    record Connect(InetSocketAddress endpoint) implements HolepunchMessage {
        public Connect {
            checked(endpoint);
        }
    }

    /** Relay to initiator: the rendezvous with {@code endpoint} cannot be made, and why. */
    record Error(InetSocketAddress endpoint, ErrorCode code) implements HolepunchMessage {
        public Error {
            checked(endpoint);
            Objects.requireNonNull(code, "code");
        }
    }

    /** BEP 55's error codes; a code we do not know is kept as {@link #UNKNOWN}. */
    enum ErrorCode {
        /** The target endpoint is not valid. */
        NO_SUCH_PEER(1),
        /** The relay is not connected to the target. */
        NOT_CONNECTED(2),
        /** The target does not support the holepunch extension. */
        NO_SUPPORT(3),
        /** The target is the relay itself. */
        NO_SELF(4),
        UNKNOWN(0);

        private final int wire;

        ErrorCode(int wire) {
            this.wire = wire;
        }

        public int wire() {
            return wire;
        }

        static ErrorCode of(int wire) {
            for (ErrorCode c : values()) {
                if (c.wire == wire && c != UNKNOWN) {
                    return c;
                }
            }
            return UNKNOWN;
        }
    }

    private static void checked(InetSocketAddress endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.isUnresolved()) {
            throw new IllegalArgumentException("an endpoint must be an address, not a name: " + endpoint);
        }
    }
}
