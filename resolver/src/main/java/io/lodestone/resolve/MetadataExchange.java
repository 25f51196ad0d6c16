package io.lodestone.resolve;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.FetchResult.Failure;
import io.lodestone.resolve.FetchResult.Reason;
import io.lodestone.wire.ExtensionHandshake;
import io.lodestone.wire.FrameDecoder;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.MetadataAssembler;
import io.lodestone.wire.MetadataCodec;
import io.lodestone.wire.MetadataMessage;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.PeerMessageCodec;
import io.lodestone.wire.ReservedBit;
import io.lodestone.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ut_metadata exchange with one peer as a pure state machine: bytes and clock ticks in, bytes
 * to send out, and at the end one {@link FetchResult}. No I/O and no clock of its own, so every
 * hostile input and every timeout can be tested without a socket; {@link MetadataFetcher} is the
 * socket around it. Not thread-safe: one connection, one thread.
 *
 * <p>We ask for metadata and give nothing: bitfields, haves, chokes and the like are ignored, and
 * a peer's ut_metadata requests are answered with a reject (BEP 9 lets a peer without the
 * metadata do so). Anything the codecs refuse ends the exchange: once one frame is wrong the rest
 * of the stream cannot be trusted.
 */
final class MetadataExchange {

    /** The id we ask peers to send ut_metadata with; libtorrent uses 2 as well, any 1..255 would do. */
    static final int OUR_UT_METADATA_ID = 2;
    /** {@code reqq} we announce: we serve no blocks, so a short queue is honest. */
    static final int OUR_REQUEST_QUEUE = 16;
    /** Rejects we send to a peer's ut_metadata requests; past that they are ignored, so it cannot flood us. */
    static final int MAX_REJECTS_SENT = 32;

    private enum Phase { HANDSHAKE, EXTENSION_HANDSHAKE, TRANSFER, DONE }

    private final MagnetUri magnet;
    private final FetchConfig config;
    private final InetSocketAddress peer;
    private final byte[] ourPeerId;
    private final long startNanos;
    private final long handshakeDeadline;
    private final long deadline;
    private final TrickleGuard trickle;
    private final FrameDecoder decoder;
    private final MetadataBudget budget;
    /** Bytes of {@link #budget} this exchange holds: the pieces stored so far. */
    private long reserved;
    private final byte[] handshake = new byte[Handshake.LENGTH];
    // volatile: stage() reads these from another thread while the exchange runs
    private volatile int handshakeFill;
    private volatile Phase phase = Phase.HANDSHAKE;
    private int peerMetadataId;
    private long metadataSize;
    private String peerClient;
    private volatile MetadataAssembler<InetSocketAddress> assembler;
    /** Requested pieces not yet answered, in request order, to the time each was sent. */
    private final Map<Integer, Long> pending = new LinkedHashMap<>();
    private int nextPiece;
    private int rejectsSent;
    private final List<PeerMessage> outbox = new ArrayList<>();
    private FetchResult result;
    /** The time of the bytes being handled, for what they trigger. */
    private long now;

    /**
     * @param startNanos     when the fetch began (before connect): the peer deadline runs from here
     * @param connectedNanos when the connection stood: the handshake timeout runs from here
     * @param budget         where the pieces held are counted, shared with the fetcher's other fetches
     */
    MetadataExchange(MagnetUri magnet, FetchConfig config, InetSocketAddress peer, byte[] ourPeerId,
                     long startNanos, long connectedNanos, MetadataBudget budget) {
        this.magnet = magnet;
        this.config = config;
        this.peer = peer;
        this.ourPeerId = ourPeerId.clone();
        this.startNanos = startNanos;
        this.handshakeDeadline = connectedNanos + config.handshakeTimeout().toNanos();
        this.deadline = startNanos + config.peerDeadline().toNanos();
        this.trickle = new TrickleGuard(config.minBytesPerSecond(), config.rateGrace().toNanos(),
                config.rateWindow().toNanos(), startNanos);
        this.decoder = new FrameDecoder(config.maxFrameLength());
        this.budget = budget;
    }

    /** Our BEP 3 handshake, sent first: extension protocol, fast extension and DHT bits. */
    byte[] opening() {
        return Handshake.of(magnet.dhtInfoHash(), ourPeerId, ReservedBit.EXTENSION_PROTOCOL,
                ReservedBit.FAST_EXTENSION, ReservedBit.DHT).encode();
    }

    /** Bytes from the peer; returns what to send back (often nothing). */
    byte[] onBytes(byte[] buf, int offset, int length, long now) {
        if (result != null) {
            return new byte[0];
        }
        this.now = now;
        try {
            trickle.received(length, now);
            ByteBuffer in = ByteBuffer.wrap(buf, offset, length);
            if (phase == Phase.HANDSHAKE) {
                readHandshake(in);
            }
            if (in.hasRemaining() && result == null) {
                decoder.feed(in, this::onMessage);
            }
            checkTime(now);
        } catch (WireFormatException e) {
            finish(Reason.PROTOCOL_ERROR, e.getMessage(), now);
        } catch (Stop s) {
            finish(s.reason, s.getMessage(), now);
        }
        return drain();
    }

    /** Time passed without bytes; returns what to send (nothing so far) and may end the exchange. */
    byte[] onTick(long now) {
        if (result == null) {
            try {
                checkTime(now);
            } catch (Stop s) {
                finish(s.reason, s.getMessage(), now);
            }
        }
        return drain();
    }

    /** The connection ended or failed before a result: the reason the transport saw. */
    void onTransportEnd(Reason reason, String detail, long now) {
        if (result == null) {
            // a deadline that passed while a read or write blocked is the truer reason
            try {
                checkTime(now);
            } catch (Stop s) {
                finish(s.reason, s.getMessage(), now);
                return;
            }
            finish(reason, detail + " " + progress(), now);
        }
    }

    /** Where the exchange stood, for a failure the transport saw: a close mid-piece reads differently. */
    private String progress() {
        String where = switch (phase) {
            case HANDSHAKE -> "during the BitTorrent handshake (" + handshakeFill + " of " + Handshake.LENGTH
                    + " bytes)";
            case EXTENSION_HANDSHAKE -> "before the extension handshake";
            case TRANSFER, DONE -> assembler == null ? ""
                    : "with " + assembler.received() + " of " + assembler.pieceCount() + " metadata pieces in";
        };
        int partial = decoder.buffered();
        return where + (partial > 0 ? ", mid-frame (" + partial + " bytes of it read)" : "");
    }

    /** What the exchange waits for now, in words: safe to call from any thread while it runs. */
    String stage() {
        MetadataAssembler<InetSocketAddress> a = assembler;
        return switch (phase) {
            case HANDSHAKE -> handshakeFill == 0 ? "connected, never answered our handshake"
                    : "connected, sent " + handshakeFill + " of " + Handshake.LENGTH + " handshake bytes, then nothing";
            case EXTENSION_HANDSHAKE -> "answered the handshake, no extension handshake yet";
            case TRANSFER -> a == null ? "asking for metadata"
                    : a.received() + " of " + a.pieceCount() + " metadata pieces in";
            case DONE -> "finishing";
        };
    }

    /** Null until the exchange is over. */
    FetchResult result() {
        return result;
    }

    private void readHandshake(ByteBuffer in) {
        int n = Math.min(in.remaining(), Handshake.LENGTH - handshakeFill);
        in.get(handshake, handshakeFill, n);
        handshakeFill += n;
        if (handshakeFill < Handshake.LENGTH) {
            return;
        }
        Handshake theirs = Handshake.decode(handshake);
        if (!theirs.infoHash().equals(magnet.dhtInfoHash())) {
            throw new Stop(Reason.WRONG_INFO_HASH, "peer answered for " + theirs.infoHash().hex()
                    + " instead of " + magnet.dhtInfoHash().hex());
        }
        if (!theirs.supportsExtensionProtocol()) {
            throw new Stop(Reason.NO_EXTENSION_PROTOCOL, "peer does not set the extension protocol bit");
        }
        ExtensionHandshake ours = new ExtensionHandshake(
                Map.of(ExtensionHandshake.UT_METADATA, OUR_UT_METADATA_ID), null, config.clientVersion(),
                OUR_REQUEST_QUEUE, null, null, null);
        outbox.add(ours.toMessage());
        if (theirs.supportsFastExtension()) {
            // BEP 6: with the fast extension one of bitfield, have all, have none must follow the handshake
            outbox.add(new PeerMessage.HaveNone());
        }
        phase = Phase.EXTENSION_HANDSHAKE;
    }

    private void onMessage(PeerMessage m) {
        if (result != null || !(m instanceof PeerMessage.Extended e)) {
            return; // choke, bitfield, have, port ...: nothing a metadata fetch needs
        }
        if (e.isHandshake()) {
            if (phase == Phase.EXTENSION_HANDSHAKE) {
                // any size decodes: a too-large one is refused below with its own reason, before any allocation
                onExtensionHandshake(ExtensionHandshake.decode(e.payload(), Long.MAX_VALUE));
            }
            return; // a later handshake may only change what we no longer need
        }
        if (e.extendedId() == OUR_UT_METADATA_ID) {
            onMetadataMessage(MetadataCodec.decode(e.payload(), phase == Phase.TRANSFER ? metadataSize : null,
                    Integer.MAX_VALUE));
        }
    }

    private void onExtensionHandshake(ExtensionHandshake h) {
        peerClient = h.clientVersion();
        peerMetadataId = h.extensionId(ExtensionHandshake.UT_METADATA);
        if (peerMetadataId == 0) {
            throw new Stop(Reason.NO_METADATA_SUPPORT, "peer does not offer ut_metadata (" + peerClient + ")");
        }
        if (h.metadataSize() == null) {
            throw new Stop(Reason.NO_METADATA_SUPPORT, "peer gives no metadata_size: it lacks the metadata too");
        }
        if (h.metadataSize() > config.maxMetadataSize()) {
            throw new Stop(Reason.METADATA_TOO_LARGE, "metadata_size " + h.metadataSize() + " exceeds the limit of "
                    + config.maxMetadataSize());
        }
        metadataSize = h.metadataSize();
        assembler = new MetadataAssembler<>(magnet.infoHashV1(), magnet.infoHashV2(), metadataSize,
                config.maxMetadataSize());
        phase = Phase.TRANSFER;
        requestMore(now);
    }

    private void onMetadataMessage(MetadataMessage m) {
        switch (m) {
            case MetadataMessage.Data d -> onData(d);
            case MetadataMessage.Reject r -> throw new Stop(Reason.REJECTED, "peer rejected piece " + r.piece());
            case MetadataMessage.Request r -> {
                if (peerMetadataId != 0 && rejectsSent < MAX_REJECTS_SENT) {
                    rejectsSent++;
                    outbox.add(MetadataCodec.toMessage(peerMetadataId, new MetadataMessage.Reject(r.piece())));
                }
            }
            case MetadataMessage.Unknown u -> {
                // BEP 9: unknown message types are ignored
            }
        }
    }

    private void onData(MetadataMessage.Data d) {
        if (phase != Phase.TRANSFER || pending.remove(d.piece()) == null) {
            throw new Stop(Reason.PROTOCOL_ERROR, "unrequested ut_metadata piece " + d.piece());
        }
        int length = MetadataMessage.pieceLength(d.piece(), metadataSize);
        if (!budget.tryReserve(length)) {
            throw new Stop(Reason.BUSY, "metadata buffers of all fetches are full (" + budget.limit()
                    + " bytes); piece " + d.piece() + " not kept");
        }
        reserved += length;
        MetadataAssembler.Outcome<InetSocketAddress> outcome = assembler.accept(peer, d);
        if (!(outcome instanceof MetadataAssembler.Stored<InetSocketAddress>)) {
            // not kept (or, when verified, all pieces dropped by the assembler): nothing more to hold
            releaseBudget(outcome instanceof MetadataAssembler.Verified<InetSocketAddress> ? reserved : length);
        }
        switch (outcome) {
            case MetadataAssembler.Verified<InetSocketAddress> v -> {
                phase = Phase.DONE;
                result = new FetchResult.Success(v.metadata(), peer, elapsed(now), peerClient);
            }
            case MetadataAssembler.VerificationFailed<InetSocketAddress> f ->
                    throw new Stop(Reason.HASH_MISMATCH, metadataSize + " bytes of metadata do not hash to "
                            + describeHashes());
            case MetadataAssembler.Rejected<InetSocketAddress> r -> throw new Stop(Reason.PROTOCOL_ERROR, r.reason());
            case MetadataAssembler.Stored<InetSocketAddress> s -> requestMore(now);
            case MetadataAssembler.Duplicate<InetSocketAddress> dup -> requestMore(now);
        }
    }

    /** Keeps {@code maxInFlight} requests outstanding; pieces go in order, each asked once. */
    private void requestMore(long now) {
        while (pending.size() < config.maxInFlight() && nextPiece < assembler.pieceCount()) {
            int piece = nextPiece++;
            pending.put(piece, now);
            outbox.add(MetadataCodec.toMessage(peerMetadataId, new MetadataMessage.Request(piece)));
        }
    }

    private void checkTime(long now) {
        if (result != null) {
            return;
        }
        if (now - deadline >= 0) {
            throw new Stop(Reason.DEADLINE, "no metadata within " + config.peerDeadline().toMillis() + " ms");
        }
        if (phase.compareTo(Phase.TRANSFER) < 0 && now - handshakeDeadline >= 0) {
            throw new Stop(Reason.HANDSHAKE_TIMEOUT, (phase == Phase.HANDSHAKE ? "BitTorrent" : "extension")
                    + " handshake not received within " + config.handshakeTimeout().toMillis() + " ms");
        }
        for (Map.Entry<Integer, Long> p : pending.entrySet()) {
            if (now - p.getValue() - config.pieceTimeout().toNanos() >= 0) {
                throw new Stop(Reason.PIECE_TIMEOUT, "ut_metadata piece " + p.getKey() + " not received within "
                        + config.pieceTimeout().toMillis() + " ms");
            }
        }
        String slow = trickle.check(now);
        if (slow != null) {
            throw new Stop(Reason.TOO_SLOW, slow);
        }
    }

    private String describeHashes() {
        return (magnet.infoHashV1() == null ? "" : "btih " + magnet.infoHashV1().hex())
                + (magnet.isHybrid() ? " and " : "")
                + (magnet.infoHashV2() == null ? "" : "btmh " + magnet.infoHashV2().hex());
    }

    private void releaseBudget(long bytes) {
        budget.release(bytes);
        reserved -= bytes;
    }

    private void finish(Reason reason, String detail, long now) {
        phase = Phase.DONE;
        releaseBudget(reserved); // the assembler and its pieces are dropped with the exchange
        outbox.clear();
        result = new Failure(reason, detail == null ? reason.name() : detail, peer, elapsed(now));
    }

    private Duration elapsed(long now) {
        return Duration.ofNanos(Math.max(0, now - startNanos));
    }

    /** Encoded outbox; nothing once over, since the connection is about to close. */
    private byte[] drain() {
        if (result != null || outbox.isEmpty()) {
            outbox.clear();
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        outbox.forEach(m -> out.writeBytes(PeerMessageCodec.encode(m)));
        outbox.clear();
        return out.toByteArray();
    }

    /** Ends the exchange from deep inside message handling; no stack trace, it is not a bug. */
    private static final class Stop extends RuntimeException {
        private final Reason reason;

        Stop(Reason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
