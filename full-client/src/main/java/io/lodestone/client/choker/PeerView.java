package io.lodestone.client.choker;

import java.time.Instant;
import java.util.Objects;

/**
 * What the choker needs to know about one connected peer at the moment it decides.
 *
 * @param peerId              the engine's name for the connection
 * @param interested          the peer wants pieces from us
 * @param snubbed             the peer has sent us nothing for a while although we asked
 * @param downloadRateFromPeer bytes per second we receive from it
 * @param uploadRateToPeer     bytes per second we send to it
 * @param connectedAt          when the connection was made (on the same time line as the choker's clock)
 * @param currentlyUnchoked    we unchoke it now
 */
public record PeerView(long peerId, boolean interested, boolean snubbed, long downloadRateFromPeer,
                       long uploadRateToPeer, Instant connectedAt, boolean currentlyUnchoked) {
    public PeerView {
        Objects.requireNonNull(connectedAt, "connectedAt");
        if (downloadRateFromPeer < 0 || uploadRateToPeer < 0) {
            throw new IllegalArgumentException("rates are not negative");
        }
    }
}
