/**
 * uTP, the Micro Transport Protocol (BEP 29): BitTorrent's reliable, LEDBAT-paced stream over UDP.
 * {@link io.lodestone.wire.utp.UtpCodec} turns datagrams into {@link io.lodestone.wire.utp.UtpPacket}
 * records and back, dropping malformed ones with a reason; {@link io.lodestone.wire.utp.UtpConnection}
 * is one connection's pure state machine on an injected clock (handshake, ordered delivery, selective
 * acks, retransmission, LEDBAT); {@link io.lodestone.wire.utp.UtpSocketManager} is the thin UDP
 * adapter that multiplexes connections on one port, and {@link io.lodestone.wire.utp.UtpSocket} a
 * blocking stream view of one connection.
 */
package io.lodestone.wire.utp;
