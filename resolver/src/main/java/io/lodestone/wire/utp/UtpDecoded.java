package io.lodestone.wire.utp;

/** What {@link UtpCodec#decode} makes of a datagram: a packet, or the reason it was dropped. */
public sealed interface UtpDecoded {

    record Packet(UtpPacket packet) implements UtpDecoded {
    }

    record Dropped(String reason) implements UtpDecoded {
    }
}
