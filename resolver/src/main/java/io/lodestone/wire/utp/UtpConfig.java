package io.lodestone.wire.utp;

import java.time.Duration;

/**
 * Limits and tuning of uTP connections. Start from {@link #defaults()}.
 *
 * @param packetPayload   largest DATA payload we send, bytes
 * @param receiveBuffer   bytes held for the reader (in order and reordered together); advertised as the window
 * @param sendBuffer      bytes a writer may queue before {@code write} takes less than it was given
 * @param maxWindow       ceiling of the congestion window, bytes
 * @param targetDelay     LEDBAT target queuing delay
 * @param gainPerRtt      most the congestion window grows in one round trip at zero delay, bytes
 * @param minRto          floor of the retransmission timeout
 * @param connectTimeout  how long a SYN is retried before the connect fails
 * @param maxResends      timeouts of one packet in a row before the connection is given up
 * @param keepalive       an empty STATE goes out after this long without sending anything
 * @param idleTimeout     a connection that heard nothing this long is dead
 * @param reorderPackets  how far past the next expected sequence number a packet is kept
 */
public record UtpConfig(int packetPayload, int receiveBuffer, int sendBuffer, int maxWindow, Duration targetDelay,
                        int gainPerRtt, Duration minRto, Duration connectTimeout, int maxResends,
                        Duration keepalive, Duration idleTimeout, int reorderPackets) {

    public UtpConfig {
        if (packetPayload < 64 || packetPayload > UtpCodec.MAX_PAYLOAD) {
            throw new IllegalArgumentException("packetPayload must be 64.." + UtpCodec.MAX_PAYLOAD);
        }
        if (receiveBuffer < packetPayload || sendBuffer < packetPayload || maxWindow < 2 * packetPayload) {
            throw new IllegalArgumentException("buffers must hold at least a packet, the window two");
        }
        if (reorderPackets < 1 || reorderPackets > UtpCodec.MAX_SACK_BYTES * 8) {
            throw new IllegalArgumentException("reorderPackets must be 1.." + UtpCodec.MAX_SACK_BYTES * 8);
        }
        if (maxResends < 1) {
            throw new IllegalArgumentException("maxResends must be at least 1");
        }
    }

    public static UtpConfig defaults() {
        return new UtpConfig(
                // 1500-byte Ethernet MTU minus IP (20), UDP (8), our header (20) and a selective ack (up to 66)
                1386,
                // libtorrent's recv_socket_buffer_size default for uTP is the same order: 1 MiB
                1 << 20,
                1 << 20,
                // libtorrent caps the window at the send buffer
                1 << 20,
                // libtorrent's utp_target_delay (100 ms), as BEP 29
                Duration.ofMillis(100),
                // libtorrent's utp_gain_factor (3000 bytes per RTT)
                3000,
                // libtorrent's utp_min_timeout (500 ms)
                Duration.ofMillis(500),
                // libtorrent's utp_connect_timeout (3 s)
                Duration.ofSeconds(3),
                // libtorrent's utp_num_resends (3) doubled: a lossy link should not cost the connection
                6,
                // libtorrent keeps NAT mappings open with a keepalive every 29 s
                Duration.ofSeconds(29),
                // three keepalives missed
                Duration.ofSeconds(90),
                // what a 64-byte selective ack can describe
                512);
    }
}
