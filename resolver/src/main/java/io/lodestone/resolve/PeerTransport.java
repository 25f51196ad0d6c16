package io.lodestone.resolve;

import io.lodestone.wire.utp.UtpFirstSocket;
import io.lodestone.wire.utp.UtpSocketManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link MetadataFetcher} reaches a peer: TCP only (the default), uTP only, or uTP first
 * with TCP racing it after a head start, as libtorrent prefers uTP. The uTP connections share one
 * {@link UtpSocketManager} (one UDP port) owned by the caller, and count as sockets in the
 * fetcher's open-socket figures like TCP ones, so a dialer's global cap covers both.
 *
 * @param mode      the transport choice
 * @param utp       the shared uTP port; null only for {@link Mode#TCP_ONLY}
 * @param headStart with {@link Mode#PREFER_UTP}, how long uTP has alone before TCP joins the race
 */
public record PeerTransport(Mode mode, UtpSocketManager utp, long headStartMillis) {

    /** libtorrent waits for a uTP SYN's answer before trying TCP; half a second covers most paths' RTT. */
    public static final long DEFAULT_HEAD_START_MILLIS = 500;

    public enum Mode {
        PREFER_UTP, TCP_ONLY, UTP_ONLY;

        /** {@code prefer-utp}, {@code tcp-only} or {@code utp-only}. */
        public static Mode parse(String s) {
            for (Mode m : values()) {
                if (m.label().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("transport must be prefer-utp, tcp-only or utp-only: " + s);
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public PeerTransport {
        Objects.requireNonNull(mode, "mode");
        if (mode != Mode.TCP_ONLY && utp == null) {
            throw new IllegalArgumentException(mode.label() + " needs a uTP socket manager");
        }
    }

    public static PeerTransport tcpOnly() {
        return new PeerTransport(Mode.TCP_ONLY, null, 0);
    }

    public static PeerTransport of(Mode mode, UtpSocketManager utp) {
        return new PeerTransport(mode, mode == Mode.TCP_ONLY ? null : utp, DEFAULT_HEAD_START_MILLIS);
    }

    /** An unconnected socket of this transport; connect is where a closed uTP port shows. */
    Socket newSocket() {
        try {
            return switch (mode) {
                case TCP_ONLY -> new Socket();
                case UTP_ONLY -> utp.newSocket();
                case PREFER_UTP -> new UtpFirstSocket(utp, headStartMillis);
            };
        } catch (IOException e) { // a Socket subclass without an impl cannot fail to be made
            throw new UncheckedIOException(e);
        }
    }
}
