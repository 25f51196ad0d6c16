package io.lodestone.ops.cli;

import io.lodestone.resolve.PeerTransport;
import io.lodestone.wire.utp.UtpConfig;
import io.lodestone.wire.utp.UtpSocketManager;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * {@code --transport tcp-only|utp-only|prefer-utp}, shared by the commands that talk to peers, and
 * the UDP port uTP then needs.
 */
final class TransportOption {

    /** uTP connections one command keeps open at most; the engine's own caps bind first. */
    static final int MAX_UTP_CONNECTIONS = 512;

    private TransportOption() {
    }

    static PeerTransport.Mode parse(String value) {
        try {
            return PeerTransport.Mode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--" + e.getMessage());
        }
    }

    /** A uTP port on {@code port} of every address (0: any free one), or null for {@code tcp-only}. */
    static UtpSocketManager open(PeerTransport.Mode mode, int port) throws IOException {
        if (mode == PeerTransport.Mode.TCP_ONLY) {
            return null;
        }
        try {
            return UtpSocketManager.bind(new InetSocketAddress(port), UtpConfig.defaults(), MAX_UTP_CONNECTIONS);
        } catch (IOException e) {
            throw new BadInputException("cannot open the uTP port " + port + ": " + e.getMessage());
        }
    }
}
