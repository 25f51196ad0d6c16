package io.lodestone.client.engine.policy;

import io.lodestone.client.picker.Block;
import io.lodestone.wire.PeerMessage;
import java.util.List;

/**
 * What the policy asks of the world, in the order it decides: the adapter turns each call into
 * I/O (a frame on a connection, a disk write, a hash job) and reports results back as events.
 * Calls happen on the policy's thread, synchronously inside the event that caused them.
 */
public interface SessionActions {

    void send(long peer, PeerMessage message);

    /** Several requests at once: one write for a pipeline refill. */
    void sendRequests(long peer, List<PeerMessage.Request> requests);

    /** Close the connection; {@link TorrentPolicy#disconnected} follows once it is gone. */
    void close(long peer, String reason);

    /** Write the block being delivered (the one {@link TorrentPolicy#onBlock} was called with). */
    void write(long peer, Block block);

    /** Every block of the piece is written: hash it and report with {@link TorrentPolicy#pieceVerified} or a failure. */
    void verify(int piece);

    /** The peer has requests we may serve now (queued, or it was unchoked): read and send them. */
    void serve(long peer);

    /** A BEP 10 message, for the extension handlers. */
    void extension(long peer, PeerMessage.Extended message);

    /** A message id the codec does not know (BEP 52 hash messages among them). */
    void unknown(long peer, PeerMessage.UnknownMessage message);

    /** Every piece is verified. */
    void completed();
}
