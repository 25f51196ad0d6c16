package io.lodestone.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts a peer-wire byte stream (after the handshake) into messages. Chunks may be split anywhere,
 * as TCP delivers them; each complete frame is decoded with {@link PeerMessageCodec#decodeBody}.
 * One instance per connection, not thread-safe.
 *
 * <p>Memory is bounded twice: a frame whose length prefix exceeds {@link #maxFrameLength()} is
 * rejected as soon as the 4 prefix bytes are in, before anything is allocated; and the buffer for
 * a frame grows with the bytes that actually arrive, not with what the prefix claims, so a peer
 * cannot make us hold a megabyte by sending four bytes. After the first error the stream cannot be
 * trusted to be in step any more: every later call fails too.
 */
public final class FrameDecoder {

    /** The standard block size (BEP 3); a piece frame carrying one must always fit. */
    static final int STANDARD_BLOCK = 16 * 1024;
    /** Body of a piece frame with a standard block: id, index, begin, block. */
    static final int STANDARD_PIECE_BODY = 1 + PeerMessageCodec.PIECE_HEADER + STANDARD_BLOCK;
    /** The smallest limit that still lets a peer send us a standard block. */
    public static final int MIN_MAX_FRAME_LENGTH = STANDARD_PIECE_BODY;
    /**
     * Default limit on a frame body. The largest legitimate frames are a bitfield, 256 KiB for
     * the 2^21 pieces MetainfoLimits allows, and a piece of {@link PeerMessage#MAX_BLOCK_LENGTH};
     * 1 MiB leaves room for both and for bulky extension messages, and is half libtorrent's
     * max_peer_recv_buffer_size (2 MiB).
     */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 1 << 20;
    /** The buffer kept between frames; larger ones are dropped after their frame. */
    static final int RETAINED_CAPACITY = STANDARD_PIECE_BODY;

    private final int maxFrameLength;
    private final byte[] prefix = new byte[PeerMessageCodec.LENGTH_PREFIX];
    private int prefixFill;
    /** Body length of the frame being read, or -1 while its prefix is incomplete. */
    private int bodyLength = -1;
    private byte[] body = new byte[0];
    private int bodyFill;
    private String failure;

    public FrameDecoder() {
        this(DEFAULT_MAX_FRAME_LENGTH);
    }

    /** {@code maxFrameLength} bounds the length prefix (id and payload, not the prefix itself). */
    public FrameDecoder(int maxFrameLength) {
        if (maxFrameLength < MIN_MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("max frame length " + maxFrameLength + " is below "
                    + MIN_MAX_FRAME_LENGTH + ", too small for a 16 KiB block");
        }
        this.maxFrameLength = maxFrameLength;
    }

    public int maxFrameLength() {
        return maxFrameLength;
    }

    /** Decodes what {@code chunk} completes and returns those messages; consumes all of it. */
    public List<PeerMessage> feed(ByteBuffer chunk) {
        List<PeerMessage> out = new ArrayList<>();
        feed(chunk, out::add);
        return out;
    }

    public List<PeerMessage> feed(byte[] chunk) {
        return feed(ByteBuffer.wrap(chunk));
    }

    public List<PeerMessage> feed(byte[] chunk, int offset, int length) {
        return feed(ByteBuffer.wrap(chunk, offset, length));
    }

    /**
     * Hands each message {@code chunk} completes to {@code out} as soon as it is decoded, so those
     * before a bad frame are delivered before the {@link WireFormatException}.
     */
    public void feed(ByteBuffer chunk, Consumer<? super PeerMessage> out) {
        if (failure != null) {
            throw new WireFormatException("stream already failed: " + failure);
        }
        try {
            while (chunk.hasRemaining()) {
                PeerMessage m = step(chunk);
                if (m != null) {
                    out.accept(m);
                }
            }
        } catch (WireFormatException e) {
            failure = e.getMessage();
            body = new byte[0];
            throw e;
        }
    }

    /** Bytes held of a frame not yet complete. */
    public int buffered() {
        return bodyLength < 0 ? prefixFill : PeerMessageCodec.LENGTH_PREFIX + bodyFill;
    }

    /** Bytes allocated for frame bodies right now; for tests of the memory bound. */
    int capacity() {
        return body.length;
    }

    /** Reads one frame's worth of progress; returns a message when one completes. */
    private PeerMessage step(ByteBuffer in) {
        if (bodyLength < 0) {
            int n = Math.min(in.remaining(), prefix.length - prefixFill);
            in.get(prefix, prefixFill, n);
            prefixFill += n;
            if (prefixFill < prefix.length) {
                return null;
            }
            long length = ByteBuffer.wrap(prefix).getInt() & 0xFFFF_FFFFL;
            if (length > maxFrameLength) {
                throw new WireFormatException("frame of " + length + " bytes exceeds the limit of " + maxFrameLength);
            }
            bodyLength = (int) length;
            bodyFill = 0;
            if (bodyLength == 0) {
                return finish(body, 0);
            }
            if (in.hasArray() && in.remaining() >= bodyLength) {
                // the whole body is in this chunk: decode it in place, no copy
                int at = in.arrayOffset() + in.position();
                in.position(in.position() + bodyLength);
                return finish(in.array(), at);
            }
        }
        int n = Math.min(in.remaining(), bodyLength - bodyFill);
        ensureCapacity(bodyFill + n);
        in.get(body, bodyFill, n);
        bodyFill += n;
        return bodyFill == bodyLength ? finish(body, 0) : null;
    }

    /** Grows toward the declared length at most twofold per step, so memory tracks bytes received. */
    private void ensureCapacity(int needed) {
        if (needed <= body.length) {
            return;
        }
        int grown = Math.max(needed, Math.min(bodyLength, Math.max(RETAINED_CAPACITY, body.length * 2)));
        byte[] b = new byte[grown];
        System.arraycopy(body, 0, b, 0, bodyFill);
        body = b;
    }

    private PeerMessage finish(byte[] source, int offset) {
        int length = bodyLength;
        prefixFill = 0;
        bodyLength = -1;
        bodyFill = 0;
        PeerMessage m = PeerMessageCodec.decodeBody(source, offset, length);
        if (body.length > RETAINED_CAPACITY) {
            body = new byte[0];
        }
        return m;
    }
}
