package io.lodestone.client.engine;

import io.lodestone.client.choker.ChokerConfig;
import io.lodestone.client.picker.PickerConfig;
import io.lodestone.wire.mse.EncryptionPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the download engine behaves, including its pure policies' settings (picker, request
 * pipeline, choker). Defaults say which libtorrent setting they mirror, if any. Build variants with
 * {@link #toBuilder()}; the {@code with…} methods are shorthands for the common ones.
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
 * @param picker                 piece picking and request pipeline depth
 * @param choker                 upload slots and how often they are handed out
 */
public record EngineConfig(InetAddress bindAddress, int listenPort, int networkThreads, int diskThreads,
                           int maxPeersPerTorrent, int maxConnecting, Duration connectTimeout,
                           Duration handshakeTimeout, Duration requestTimeout, Duration keepAliveInterval,
                           Duration inactivityTimeout, int maxServedRequests,
                           int maxServedBlock, long maxDiskQueueBytes, long uploadRateLimit, long downloadRateLimit,
                           boolean allowPrivate, int maxKnownPeers, Duration reconnectDelay,
                           int maxConnectAttempts, String clientVersion, int maxConnections,
                           int maxIncomingPerIp, EncryptionPolicy encryption, PickerConfig picker,
                           ChokerConfig choker) {

    public static final String CLIENT_VERSION = "Lodestone 0.1";

    public EngineConfig {
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(picker, "picker");
        Objects.requireNonNull(choker, "choker");
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
                EncryptionPolicy.PREFER,    // qBittorrent's default; libtorrent out/in_enc_policy pe_enabled
                PickerConfig.defaults(),
                ChokerConfig.defaults());
    }

    /** How often the choker runs (the choker's setting). */
    public Duration unchokeInterval() {
        return choker.unchokeInterval();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public EngineConfig withListen(InetAddress address, int port) {
        return toBuilder().listen(address, port).build();
    }

    public EngineConfig withRateLimits(long upload, long download) {
        return toBuilder().rateLimits(upload, download).build();
    }

    public EngineConfig withAllowPrivate(boolean allow) {
        return toBuilder().allowPrivate(allow).build();
    }

    public EngineConfig withConnectionCaps(int total, int perIp) {
        return toBuilder().connectionCaps(total, perIp).build();
    }

    public EngineConfig withHandshakeTimeout(Duration timeout) {
        return toBuilder().handshakeTimeout(timeout).build();
    }

    public EngineConfig withUnchokeInterval(Duration interval) {
        ChokerConfig c = choker;
        return toBuilder().choker(new ChokerConfig(c.regularSlots(), c.optimisticSlots(), interval,
                c.optimisticInterval(), c.newPeerAge(), c.newPeerWeight())).build();
    }

    public EngineConfig withEncryption(EncryptionPolicy policy) {
        return toBuilder().encryption(policy).build();
    }

    /** A mutable copy of a config; {@link #build()} validates it. */
    public static final class Builder {
        private InetAddress bindAddress;
        private int listenPort;
        private int networkThreads;
        private int diskThreads;
        private int maxPeersPerTorrent;
        private int maxConnecting;
        private Duration connectTimeout;
        private Duration handshakeTimeout;
        private Duration requestTimeout;
        private Duration keepAliveInterval;
        private Duration inactivityTimeout;
        private int maxServedRequests;
        private int maxServedBlock;
        private long maxDiskQueueBytes;
        private long uploadRateLimit;
        private long downloadRateLimit;
        private boolean allowPrivate;
        private int maxKnownPeers;
        private Duration reconnectDelay;
        private int maxConnectAttempts;
        private String clientVersion;
        private int maxConnections;
        private int maxIncomingPerIp;
        private EncryptionPolicy encryption;
        private PickerConfig picker;
        private ChokerConfig choker;

        private Builder(EngineConfig c) {
            bindAddress = c.bindAddress;
            listenPort = c.listenPort;
            networkThreads = c.networkThreads;
            diskThreads = c.diskThreads;
            maxPeersPerTorrent = c.maxPeersPerTorrent;
            maxConnecting = c.maxConnecting;
            connectTimeout = c.connectTimeout;
            handshakeTimeout = c.handshakeTimeout;
            requestTimeout = c.requestTimeout;
            keepAliveInterval = c.keepAliveInterval;
            inactivityTimeout = c.inactivityTimeout;
            maxServedRequests = c.maxServedRequests;
            maxServedBlock = c.maxServedBlock;
            maxDiskQueueBytes = c.maxDiskQueueBytes;
            uploadRateLimit = c.uploadRateLimit;
            downloadRateLimit = c.downloadRateLimit;
            allowPrivate = c.allowPrivate;
            maxKnownPeers = c.maxKnownPeers;
            reconnectDelay = c.reconnectDelay;
            maxConnectAttempts = c.maxConnectAttempts;
            clientVersion = c.clientVersion;
            maxConnections = c.maxConnections;
            maxIncomingPerIp = c.maxIncomingPerIp;
            encryption = c.encryption;
            picker = c.picker;
            choker = c.choker;
        }

        public Builder listen(InetAddress address, int port) {
            bindAddress = address;
            listenPort = port;
            return this;
        }

        public Builder threads(int network, int disk) {
            networkThreads = network;
            diskThreads = disk;
            return this;
        }

        public Builder peers(int perTorrent, int connecting) {
            maxPeersPerTorrent = perTorrent;
            maxConnecting = connecting;
            return this;
        }

        public Builder handshakeTimeout(Duration d) {
            handshakeTimeout = d;
            return this;
        }

        public Builder requestTimeout(Duration d) {
            requestTimeout = d;
            return this;
        }

        public Builder keepAlive(Duration interval, Duration inactivity) {
            keepAliveInterval = interval;
            inactivityTimeout = inactivity;
            return this;
        }

        public Builder serving(int maxRequests, int maxBlock) {
            maxServedRequests = maxRequests;
            maxServedBlock = maxBlock;
            return this;
        }

        public Builder maxDiskQueueBytes(long bytes) {
            maxDiskQueueBytes = bytes;
            return this;
        }

        public Builder rateLimits(long upload, long download) {
            uploadRateLimit = upload;
            downloadRateLimit = download;
            return this;
        }

        public Builder allowPrivate(boolean allow) {
            allowPrivate = allow;
            return this;
        }

        public Builder connectionCaps(int total, int perIp) {
            maxConnections = total;
            maxIncomingPerIp = perIp;
            return this;
        }

        public Builder encryption(EncryptionPolicy policy) {
            encryption = policy;
            return this;
        }

        public Builder picker(PickerConfig c) {
            picker = c;
            return this;
        }

        public Builder choker(ChokerConfig c) {
            choker = c;
            return this;
        }

        public EngineConfig build() {
            return new EngineConfig(bindAddress, listenPort, networkThreads, diskThreads, maxPeersPerTorrent,
                    maxConnecting, connectTimeout, handshakeTimeout, requestTimeout, keepAliveInterval,
                    inactivityTimeout, maxServedRequests, maxServedBlock, maxDiskQueueBytes, uploadRateLimit,
                    downloadRateLimit, allowPrivate, maxKnownPeers, reconnectDelay, maxConnectAttempts,
                    clientVersion, maxConnections, maxIncomingPerIp, encryption, picker, choker);
        }
    }
}
