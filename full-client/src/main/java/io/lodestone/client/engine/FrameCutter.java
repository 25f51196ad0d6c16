package io.lodestone.client.engine;

import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.PeerMessageCodec;
import io.lodestone.wire.WireFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Cuts the peer-wire stream into frames on Netty buffers, for the download path: a piece
 * message's block goes to disk as a slice of the socket's own buffer, never copied, where
 * resolver's {@link io.lodestone.wire.FrameDecoder} would copy it three times (into the frame,
 * into the record, out of the record) and leave the garbage collector hundreds of MB/s. Every other frame is
 * decoded by resolver's {@link PeerMessageCodec}, so the message rules stay in one place.
 *
 * <p>Memory is bounded as in FrameDecoder: a length prefix above the limit fails the stream at
 * once, and what is held is what has arrived, never what a prefix claims.
 */
final class FrameCutter {

    private static final int HEADER = PeerMessageCodec.LENGTH_PREFIX;
    /** id, index and begin in front of a piece message's block. */
    private static final int PIECE_HEADER = 1 + 4 + 4;

    private final int maxFrameLength;
    private CompositeByteBuf pending;

    FrameCutter(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    /** Consumes {@code in} (the caller releases it) and delivers every frame it completes. */
    void feed(ByteBuf in, PeerWire out) {
        ByteBuf src = in;
        if (pending != null) {
            pending.addComponent(true, in.retain());
            src = pending;
        }
        while (!out.closing()) {
            if (src.readableBytes() < HEADER) {
                break;
            }
            long length = src.getUnsignedInt(src.readerIndex());
            if (length > maxFrameLength) {
                throw new WireFormatException("frame of " + length + " bytes exceeds the limit of " + maxFrameLength);
            }
            if (src.readableBytes() < HEADER + length) {
                break;
            }
            src.skipBytes(HEADER);
            int body = (int) length;
            if (body >= PIECE_HEADER && src.getUnsignedByte(src.readerIndex()) == PeerMessage.PIECE
                    && body - PIECE_HEADER <= PeerMessage.MAX_BLOCK_LENGTH && body > PIECE_HEADER) {
                src.skipBytes(1);
                int piece = src.readInt();
                int begin = src.readInt();
                if (piece < 0 || begin < 0) {
                    throw new WireFormatException("piece index or offset is 2^31 or more");
                }
                // a slice of the socket buffer when the frame lies in one read; a frame that spans
                // reads is copied out of the held bytes, whose indices move once they are trimmed
                int blockLength = body - PIECE_HEADER;
                out.deliverBlock(piece, begin, src == pending ? src.readBytes(blockLength)
                        : src.readRetainedSlice(blockLength));
            } else {
                byte[] frame = new byte[body];
                src.readBytes(frame);
                out.deliver(PeerMessageCodec.decodeBody(frame, 0, body));
            }
        }
        keep(src, in);
    }

    /** Holds on to an incomplete frame's bytes for the next read. */
    private void keep(ByteBuf src, ByteBuf in) {
        if (src == pending) {
            if (!pending.isReadable()) {
                pending.release();
                pending = null;
            } else {
                pending.discardReadComponents();
            }
        } else if (in.isReadable()) {
            pending = ByteBufAllocator.DEFAULT.compositeBuffer(Integer.MAX_VALUE);
            pending.addComponent(true, in.retainedSlice());
        }
    }

    /** Frees what is held; the connection is gone. */
    void release() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
