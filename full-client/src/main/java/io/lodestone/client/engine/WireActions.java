package io.lodestone.client.engine;

import io.lodestone.client.engine.policy.SessionActions;
import io.lodestone.client.picker.Block;
import io.lodestone.wire.PeerMessage;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy's actions as frames on wires and jobs on the disk queue and the adapter's helpers.
 * Holds the block being delivered while the policy looks at it, so its write action can take a
 * reference to the very buffer the socket filled. Loop-only.
 */
final class WireActions implements SessionActions {

    private static final Logger LOG = LoggerFactory.getLogger(WireActions.class);

    private final Connections peers;
    private final DiskQueue disk;
    private final IntConsumer verify;
    private final Runnable completed;
    private final BooleanSupplier stopped;
    private Uploader uploader;
    private Extensions extensions;
    private HashExchange hashes;
    private PieceVerdicts verdicts;
    /** The block the policy is being told about; null outside {@link #deliver}. */
    private ByteBuf delivering;

    WireActions(Connections peers, DiskQueue disk, IntConsumer verify, Runnable completed, BooleanSupplier stopped) {
        this.peers = peers;
        this.disk = disk;
        this.verify = verify;
        this.completed = completed;
        this.stopped = stopped;
    }

    /** The helpers are built around the policy, which needs these actions first. */
    void bind(Uploader uploader, Extensions extensions, HashExchange hashes, PieceVerdicts verdicts) {
        this.uploader = uploader;
        this.extensions = extensions;
        this.hashes = hashes;
        this.verdicts = verdicts;
    }

    /** Runs {@code tell} (the policy's onBlock) with {@code block} writable by it; releases the caller's reference. */
    void deliver(ByteBuf block, Runnable tell) {
        delivering = block;
        try {
            tell.run();
        } finally {
            delivering = null;
            block.release();
        }
    }

    @Override
    public void send(long peer, PeerMessage message) {
        Peer p = peers.get(peer);
        if (p != null) {
            p.wire.send(message);
        }
    }

    @Override
    public void sendRequests(long peer, List<PeerMessage.Request> requests) {
        Peer p = peers.get(peer);
        if (p != null) {
            for (PeerMessage.Request r : requests) {
                if (r.begin() == 0) {
                    disk.expect(r.piece()); // its memory is ready before its first block comes
                }
            }
            p.wire.send(requests);
        }
    }

    @Override
    public void close(long peer, String reason) {
        Peer p = peers.get(peer);
        if (p != null) {
            LOG.debug("dropping {}: {}", p, reason);
            p.wire.close(reason);
        }
    }

    @Override
    public void write(long peer, Block block) {
        if (delivering == null) {
            throw new IllegalStateException("a write outside a block delivery: " + block);
        }
        Peer p = peers.get(peer);
        if (p != null) {
            verdicts.received(p, block);
        }
        disk.write(block.piece(), block.begin(), delivering.retain());
    }

    @Override
    public void verify(int piece) {
        verify.accept(piece);
    }

    @Override
    public void serve(long peer) {
        Peer p = peers.get(peer);
        if (p != null) {
            uploader.pump(p);
        }
    }

    @Override
    public void extension(long peer, PeerMessage.Extended message) {
        Peer p = peers.get(peer);
        if (p != null) {
            extensions.handle(p, message);
        }
    }

    @Override
    public void unknown(long peer, PeerMessage.UnknownMessage message) {
        Peer p = peers.get(peer);
        if (p != null) {
            hashes.handle(p, message, stopped.getAsBoolean());
        }
    }

    @Override
    public void completed() {
        completed.run();
    }
}
