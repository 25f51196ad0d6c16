package io.lodestone.client.engine;

import io.lodestone.wire.mse.EncryptionPolicy;
import java.net.InetAddress;
import java.time.Duration;

/**
 * How the download engine behaves. Defaults say which libtorrent setting they mirror, if any.
 *
 * @param bindAddress            where we listen for peers; null for every interface
 * @param listenPort             TCP port for incoming peers; 0 picks a free one
 * @param networkThreads         event loop threads for all peer connections
 * @param diskThreads            threads writing blocks, reading them for uploads and hashing pieces
 * @param maxPeersPerTorrent     connections per torrent, both directions
 * @param maxConnecting          outgoing connection attempts in flight per torrent
 * @param connectTimeout         TCP connect
 * @param handshakeTimeout       from connection to the peer's handshake
 * @param requestTimeout         a requested block not received in this time is asked elsewhere
 * @param keepAliveInterval      idle time after which we send a keep-alive
 * @param inactivityTimeout      a connection with nothing received in this time is closed
 * @param unchokeInterval        how often the choker runs
 * @param maxServedRequests      requests a peer may queue with us before we reject more
 * @param maxServedBlock         largest block we serve
 * @param maxDiskQueueBytes      received bytes waiting for the disk before we stop requesting
 * @param uploadRateLimit        bytes per second sent, 0 for none
 * @param downloadRateLimit      bytes per second received, 0 for none
 * @param allowPrivate           accept loopback and private peer addresses (a loopback testnet)
 * @param maxKnownPeers          addresses remembered per torrent
 * @param reconnectDelay         wait before trying a peer again after a failed connection
 * @param maxConnectAttempts     failed connections after which an address is given up
 * @param clientVersion          {@code v} in the extension handshake
 * @param maxConnections         peer connections over every torrent of this client, both directions
 * @param maxIncomingPerIp       incoming connections from one IP address at once
 * @param encryption             MSE/PE for outgoing and incoming connections
 */
public record EngineConfig(InetAddress bindAddress, int listenPort, int networkThreads, int diskThreads,
                           int maxPeersPerTorrent, int maxConnecting, Duration connectTimeout,
                           Duration handshakeTimeout, Duration requestTimeout, Duration keepAliveInterval,
                           Duration inactivityTimeout, Duration unchokeInterval, int maxServedRequests,
                           int maxServedBlock, long maxDiskQueueBytes, long uploadRateLimit, long downloadRateLimit,
                           boolean allowPrivate, int maxKnownPeers, Duration reconnectDelay,
                           int maxConnectAttempts, String clientVersion, int maxConnections,
                           int maxIncomingPerIp, EncryptionPolicy encryption) {

    public static final String CLIENT_VERSION = "Lodestone 0.1";

    public EngineConfig {
        java.util.Objects.requireNonNull(encryption, "encryption");
        if (listenPort < 0 || listenPort > 0xFFFF) {
            throw new IllegalArgumentException("listen port outside 0..65535: " + listenPort);
        }
        if (networkThreads < 1 || diskThreads < 1 || maxPeersPerTorrent < 1 || maxConnecting < 1
                || maxServedRequests < 1 || maxKnownPeers < 1 || maxConnectAttempts < 1 || maxConnections < 1
                || maxIncomingPerIp < 1) {
            throw new IllegalArgumentException("thread, peer and request counts must be positive");
        }
        if (maxServedBlock < 16 * 1024) {
            throw new IllegalArgumentException("must serve at least 16 KiB blocks");
        }
        if (uploadRateLimit < 0 || downloadRateLimit < 0) {
            throw new IllegalArgumentException("rate limits must be >= 0");
        }
    }

    public static EngineConfig defaults() {
        return new EngineConfig(null, 0,
                1,                          // one loop thread is plenty for loopback rates; hashing is elsewhere
                2,                          // libtorrent aio_threads 10 / hashing_threads 1; 2 cores here
                50,                         // libtorrent connections_limit 200 over all torrents
                16,                         // libtorrent: half-open limits dropped in 1.x; keeps a burst bounded
                Duration.ofSeconds(10),     // libtorrent peer_connect_timeout 15
                Duration.ofSeconds(10),     // libtorrent handshake_timeout 10
                Duration.ofSeconds(30),     // libtorrent request_timeout 60 (piece_timeout 20)
                Duration.ofSeconds(60),     // BEP 3: keep-alives every two minutes; libtorrent sends them more often
                Duration.ofSeconds(180),    // libtorrent inactivity_timeout 600, shorter since we have other peers
                Duration.ofSeconds(10),     // libtorrent unchoke_interval 15
                500,                        // libtorrent max_allowed_in_request_queue 500
                128 * 1024,                 // the codec's MAX_BLOCK_LENGTH; libtorrent serves what it is asked
                64L << 20,                  // libtorrent max_queued_disk_bytes 1 MiB per peer; one limit here
                0, 0,
                false,
                2000,                       // libtorrent max_peerlist_size 3000
                Duration.ofSeconds(5),      // libtorrent min_reconnect_time 60, shorter on a testnet
                3,                          // libtorrent max_failcount 3
                CLIENT_VERSION,
                200,                        // libtorrent connections_limit 200
                8,                          // libtorrent allows 1 (allow_multiple_connections_per_ip off); NAT needs more
                EncryptionPolicy.PREFER);   // qBittorrent's default; libtorrent out/in_enc_policy pe_enabled
    }

    public EngineConfig withListen(InetAddress address, int port) {
        return new EngineConfig(address, port, networkThreads, diskThreads, maxPeersPerTorrent, maxConnecting,
                connectTimeout, handshakeTimeout, requestTimeout, keepAliveInterval, inactivityTimeout,
                unchokeInterval, maxServedRequests, maxServedBlock, maxDiskQueueBytes, uploadRateLimit,
                downloadRateLimit, allowPrivate, maxKnownPeers, reconnectDelay,
                maxConnectAttempts, clientVersion, maxConnections, maxIncomingPerIp, encryption);
    }

    public EngineConfig withRateLimits(long upload, long download) {
        return new EngineConfig(bindAddress, listenPort, networkThreads, diskThreads, maxPeersPerTorrent,
                maxConnecting, connectTimeout, handshakeTimeout, requestTimeout, keepAliveInterval, inactivityTimeout,
                unchokeInterval, maxServedRequests, maxServedBlock, maxDiskQueueBytes, upload, download, allowPrivate,
                maxKnownPeers, reconnectDelay, maxConnectAttempts, clientVersion, maxConnections, maxIncomingPerIp, encryption);
    }

    public EngineConfig withAllowPrivate(boolean allow) {
        return new EngineConfig(bindAddress, listenPort, networkThreads, diskThreads, maxPeersPerTorrent,
                maxConnecting, connectTimeout, handshakeTimeout, requestTimeout, keepAliveInterval, inactivityTimeout,
                unchokeInterval, maxServedRequests, maxServedBlock, maxDiskQueueBytes, uploadRateLimit,
                downloadRateLimit, allow, maxKnownPeers, reconnectDelay, maxConnectAttempts,
                clientVersion, maxConnections, maxIncomingPerIp, encryption);
    }

    public EngineConfig withConnectionCaps(int total, int perIp) {
        return new EngineConfig(bindAddress, listenPort, networkThreads, diskThreads, maxPeersPerTorrent,
                maxConnecting, connectTimeout, handshakeTimeout, requestTimeout, keepAliveInterval, inactivityTimeout,
                unchokeInterval, maxServedRequests, maxServedBlock, maxDiskQueueBytes, uploadRateLimit,
                downloadRateLimit, allowPrivate, maxKnownPeers, reconnectDelay, maxConnectAttempts, clientVersion,
                total, perIp, encryption);
    }

    public EngineConfig withHandshakeTimeout(Duration timeout) {
        return new EngineConfig(bindAddress, listenPort, networkThreads, diskThreads, maxPeersPerTorrent,
                maxConnecting, connectTimeout, timeout, requestTimeout, keepAliveInterval, inactivityTimeout,
                unchokeInterval, maxServedRequests, maxServedBlock, maxDiskQueueBytes, uploadRateLimit,
                downloadRateLimit, allowPrivate, maxKnownPeers, reconnectDelay, maxConnectAttempts, clientVersion,
                maxConnections, maxIncomingPerIp, encryption);
    }

    public EngineConfig withUnchokeInterval(Duration interval) {
        return new EngineConfig(bindAddress, listenPort, networkThreads, diskThreads, maxPeersPerTorrent,
                maxConnecting, connectTimeout, handshakeTimeout, requestTimeout, keepAliveInterval, inactivityTimeout,
                interval, maxServedRequests, maxServedBlock, maxDiskQueueBytes, uploadRateLimit, downloadRateLimit,
                allowPrivate, maxKnownPeers, reconnectDelay, maxConnectAttempts, clientVersion, maxConnections, maxIncomingPerIp, encryption);
    }

    public EngineConfig withEncryption(EncryptionPolicy policy) {
        return new EngineConfig(bindAddress, listenPort, networkThreads, diskThreads, maxPeersPerTorrent,
                maxConnecting, connectTimeout, handshakeTimeout, requestTimeout, keepAliveInterval, inactivityTimeout,
                unchokeInterval, maxServedRequests, maxServedBlock, maxDiskQueueBytes, uploadRateLimit,
                downloadRateLimit, allowPrivate, maxKnownPeers, reconnectDelay, maxConnectAttempts, clientVersion,
                maxConnections, maxIncomingPerIp, policy);
    }
}
