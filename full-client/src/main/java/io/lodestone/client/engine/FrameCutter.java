package io.lodestone.client.engine;

import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.PeerMessageCodec;
import io.lodestone.wire.WireFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayDeque;

/**
 * Cuts the peer-wire stream into frames on Netty buffers, for the download path: a piece
 * message's block goes to disk as a slice of the socket's own buffers, never copied, where
 * resolver's {@link io.lodestone.wire.FrameDecoder} would copy it three times (into the frame,
 * into the record, out of the record) and leave the garbage collector hundreds of MB/s. A block
 * whose frame spans reads is a composite of slices of those reads (about one block in four at
 * 64 KiB reads): copying it cost as much CPU as the rest of the cutting. Every other frame is
 * decoded by resolver's {@link PeerMessageCodec}, so the message rules stay in one place.
 *
 * <p>Memory is bounded as in FrameDecoder: a length prefix above the limit fails the stream at
 * once, and what is held is what has arrived, never what a prefix claims. A peer trickling a
 * frame in tiny reads has them merged once they are more than {@link #MAX_PARTS}.
 */
final class FrameCutter {

    private static final int HEADER = PeerMessageCodec.LENGTH_PREFIX;
    /** id, index and begin in front of a piece message's block. */
    private static final int PIECE_HEADER = 1 + 4 + 4;
    /** Reads held at most before they are merged into one buffer. */
    static final int MAX_PARTS = 16;

    private final int maxFrameLength;
    /** The reads not yet cut, oldest first; the first is always readable. Each is our own reference. */
    private final ArrayDeque<ByteBuf> parts = new ArrayDeque<>();
    /** Readable bytes across {@link #parts}. */
    private long held;

    FrameCutter(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    /** Consumes {@code in} (the caller releases its own reference) and delivers every frame it completes. */
    void feed(ByteBuf in, PeerWire out) {
        if (!in.isReadable()) {
            return;
        }
        parts.addLast(in.retain());
        held += in.readableBytes();
        while (!out.closing() && held >= HEADER) {
            long length = peekUnsignedInt();
            if (length > maxFrameLength) {
                throw new WireFormatException("frame of " + length + " bytes exceeds the limit of " + maxFrameLength);
            }
            if (held < HEADER + length) {
                break;
            }
            skip(HEADER);
            int body = (int) length;
            if (body > PIECE_HEADER && body - PIECE_HEADER <= PeerMessage.MAX_BLOCK_LENGTH
                    && first().getUnsignedByte(first().readerIndex()) == PeerMessage.PIECE) {
                skip(1);
                int piece = readInt();
                int begin = readInt();
                if (piece < 0 || begin < 0) {
                    throw new WireFormatException("piece index or offset is 2^31 or more");
                }
                out.deliverBlock(piece, begin, take(body - PIECE_HEADER));
            } else {
                byte[] frame = new byte[body];
                read(frame);
                out.deliver(PeerMessageCodec.decodeBody(frame, 0, body));
            }
        }
        if (parts.size() > MAX_PARTS) {
            merge();
        }
    }

    /** Frees what is held; the connection is gone. */
    void release() {
        for (ByteBuf b; (b = parts.pollFirst()) != null; ) {
            b.release();
        }
        held = 0;
    }

    /** Reads held now (for tests). */
    int heldParts() {
        return parts.size();
    }

    private ByteBuf first() {
        return parts.peekFirst();
    }

    /** Notes {@code n} bytes read from the first part, dropping it once it is used up. */
    private void consumed(int n) {
        held -= n;
        if (!first().isReadable()) {
            parts.pollFirst().release();
        }
    }

    /** The next 4 bytes as a big-endian length, read nothing; needs {@code held >= 4}. */
    private long peekUnsignedInt() {
        ByteBuf f = first();
        if (f.readableBytes() >= 4) {
            return f.getUnsignedInt(f.readerIndex());
        }
        long v = 0;
        int n = 0;
        for (ByteBuf b : parts) {
            for (int i = b.readerIndex(); i < b.writerIndex() && n < 4; i++, n++) {
                v = v << 8 | b.getUnsignedByte(i);
            }
            if (n == 4) {
                break;
            }
        }
        return v;
    }

    private int readInt() {
        ByteBuf f = first();
        if (f.readableBytes() >= 4) {
            int v = f.readInt();
            consumed(4);
            return v;
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = v << 8 | first().readUnsignedByte();
            consumed(1);
        }
        return v;
    }

    private void skip(int n) {
        while (n > 0) {
            int k = Math.min(n, first().readableBytes());
            first().skipBytes(k);
            consumed(k);
            n -= k;
        }
    }

    private void read(byte[] dst) {
        for (int at = 0; at < dst.length; ) {
            int k = Math.min(dst.length - at, first().readableBytes());
            first().readBytes(dst, at, k);
            consumed(k);
            at += k;
        }
    }

    /** The next {@code n} bytes as a buffer of their own: a slice of one read, or a composite of slices of several. */
    private ByteBuf take(int n) {
        ByteBuf f = first();
        if (f.readableBytes() >= n) {
            ByteBuf slice = f.readRetainedSlice(n);
            consumed(n);
            return slice;
        }
        CompositeByteBuf whole = f.alloc().compositeBuffer(parts.size());
        for (int left = n; left > 0; ) {
            int k = Math.min(left, first().readableBytes());
            whole.addComponent(true, first().readRetainedSlice(k));
            consumed(k);
            left -= k;
        }
        return whole;
    }

    /** Copies the held bytes into one buffer: a trickle of tiny reads costs one copy, not a buffer per read. */
    private void merge() {
        ByteBuf one = first().alloc().buffer((int) held);
        for (ByteBuf b; (b = parts.pollFirst()) != null; ) {
            one.writeBytes(b);
            b.release();
        }
        parts.addLast(one);
    }
}
