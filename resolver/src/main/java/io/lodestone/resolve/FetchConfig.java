package io.lodestone.resolve;

import io.lodestone.wire.FrameDecoder;
import io.lodestone.wire.MetadataMessage;
import io.lodestone.wire.mse.EncryptionPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one metadata fetch from one peer. Start from {@link #defaults()}; every wait is bounded
 * by {@link #peerDeadline()} whatever the others say.
 *
 * @param connectTimeout    TCP connect
 * @param handshakeTimeout  from connected until the peer's BEP 3 and BEP 10 handshakes are both in
 * @param peerDeadline      the whole fetch from this peer, connect included
 * @param pieceTimeout      longest wait for the answer to one ut_metadata request
 * @param maxMetadataSize   largest {@code metadata_size} accepted
 * @param maxInFlight       ut_metadata requests outstanding at once
 * @param minBytesPerSecond a peer sending less than this over a {@code rateWindow}, once
 *                          {@code rateGrace} has passed, is dropped as a trickler
 * @param rateGrace         time after connect before the rate is checked
 * @param rateWindow        length of the windows the rate is measured over
 * @param maxFrameLength    largest peer-wire frame accepted
 * @param clientVersion     {@code v} of our extension handshake
 * @param maxBufferedMetadata bytes of metadata pieces held at once by all fetches of one
 *                          {@link MetadataFetcher} together; at least {@code maxMetadataSize}
 * @param encryption        MSE/PE: {@code prefer} dials in plaintext and, when the peer closes
 *                          that without a byte back, again with MSE; {@code require} dials
 *                          with MSE (RC4) only; {@code disable} in plaintext only
 */
public record FetchConfig(Duration connectTimeout, Duration handshakeTimeout, Duration peerDeadline,
                          Duration pieceTimeout, int maxMetadataSize, int maxInFlight, int minBytesPerSecond,
                          Duration rateGrace, Duration rateWindow, int maxFrameLength, String clientVersion,
                          long maxBufferedMetadata, EncryptionPolicy encryption) {

    /** Shorter than libtorrent's peer_connect_timeout (15 s): a resolver has other peers to try. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** libtorrent's handshake_timeout (10 s). */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** No libtorrent setting: libtorrent has no per-peer deadline, a resolver needs one. */
    public static final Duration DEFAULT_PEER_DEADLINE = Duration.ofSeconds(90);
    /** Shorter than libtorrent's request_timeout (60 s), which is for 16 KiB blocks of a busy seed. */
    public static final Duration DEFAULT_PIECE_TIMEOUT = Duration.ofSeconds(20);
    /** No libtorrent setting; libtorrent also keeps several ut_metadata requests outstanding. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;
    /** No libtorrent setting: one 16 KiB metadata piece per 16 s is the slowest we wait for. */
    public static final int DEFAULT_MIN_BYTES_PER_SECOND = 1024;
    /** Covers connect, both handshakes and the first request's round trip. */
    public static final Duration DEFAULT_RATE_GRACE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RATE_WINDOW = Duration.ofSeconds(5);
    /** Largest ut_metadata request count in one fetch: {@code maxInFlight} is capped at it. */
    public static final int MAX_IN_FLIGHT_LIMIT = 64;
    public static final String DEFAULT_CLIENT_VERSION = "Lodestone 0.1.0";
    /**
     * No libtorrent setting (libtorrent keeps one metadata buffer per torrent, not per peer):
     * eight metadata of the largest size at once; real info dicts are mostly tens of kilobytes,
     * so this only ever binds when peers send huge ones in bulk.
     */
    public static final long DEFAULT_MAX_BUFFERED_METADATA = 8L * MetadataMessage.DEFAULT_MAX_METADATA_SIZE;

    public FetchConfig {
        Objects.requireNonNull(clientVersion, "clientVersion");
        Objects.requireNonNull(encryption, "encryption");
        for (Duration d : new Duration[] {connectTimeout, handshakeTimeout, peerDeadline, pieceTimeout, rateGrace,
                rateWindow}) {
            if (Objects.requireNonNull(d, "duration").isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
        if (maxMetadataSize < 1) {
            throw new IllegalArgumentException("maxMetadataSize must be positive: " + maxMetadataSize);
        }
        if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
            throw new IllegalArgumentException("maxInFlight outside 1.." + MAX_IN_FLIGHT_LIMIT + ": " + maxInFlight);
        }
        if (minBytesPerSecond < 0) {
            throw new IllegalArgumentException("minBytesPerSecond must not be negative: " + minBytesPerSecond);
        }
        if (maxFrameLength < FrameDecoder.MIN_MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("maxFrameLength below " + FrameDecoder.MIN_MAX_FRAME_LENGTH);
        }
        if (maxBufferedMetadata < maxMetadataSize) {
            throw new IllegalArgumentException("maxBufferedMetadata " + maxBufferedMetadata
                    + " below maxMetadataSize " + maxMetadataSize + ": the largest metadata could never be held");
        }
    }

    /** With the default encryption policy, {@code prefer}. */
    public FetchConfig(Duration connectTimeout, Duration handshakeTimeout, Duration peerDeadline,
                       Duration pieceTimeout, int maxMetadataSize, int maxInFlight, int minBytesPerSecond,
                       Duration rateGrace, Duration rateWindow, int maxFrameLength, String clientVersion,
                       long maxBufferedMetadata) {
        this(connectTimeout, handshakeTimeout, peerDeadline, pieceTimeout, maxMetadataSize, maxInFlight,
                minBytesPerSecond, rateGrace, rateWindow, maxFrameLength, clientVersion, maxBufferedMetadata,
                EncryptionPolicy.PREFER);
    }

    /** Without a buffered-metadata budget of its own: the default, or the metadata size if larger. */
    public FetchConfig(Duration connectTimeout, Duration handshakeTimeout, Duration peerDeadline,
                       Duration pieceTimeout, int maxMetadataSize, int maxInFlight, int minBytesPerSecond,
                       Duration rateGrace, Duration rateWindow, int maxFrameLength, String clientVersion) {
        this(connectTimeout, handshakeTimeout, peerDeadline, pieceTimeout, maxMetadataSize, maxInFlight,
                minBytesPerSecond, rateGrace, rateWindow, maxFrameLength, clientVersion,
                Math.max(DEFAULT_MAX_BUFFERED_METADATA, maxMetadataSize));
    }

    public static FetchConfig defaults() {
        return new FetchConfig(DEFAULT_CONNECT_TIMEOUT, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_PEER_DEADLINE,
                DEFAULT_PIECE_TIMEOUT, MetadataMessage.DEFAULT_MAX_METADATA_SIZE, DEFAULT_MAX_IN_FLIGHT,
                DEFAULT_MIN_BYTES_PER_SECOND, DEFAULT_RATE_GRACE, DEFAULT_RATE_WINDOW,
                FrameDecoder.DEFAULT_MAX_FRAME_LENGTH, DEFAULT_CLIENT_VERSION, DEFAULT_MAX_BUFFERED_METADATA,
                EncryptionPolicy.PREFER); // qBittorrent's default; libtorrent out_enc_policy pe_enabled
    }

    public FetchConfig withTimeouts(Duration connect, Duration handshake, Duration deadline, Duration piece) {
        return new FetchConfig(connect, handshake, deadline, piece, maxMetadataSize, maxInFlight, minBytesPerSecond,
                rateGrace, rateWindow, maxFrameLength, clientVersion, maxBufferedMetadata, encryption);
    }

    /** Raises {@link #maxBufferedMetadata()} to {@code max} if it was lower, so one such metadata fits. */
    public FetchConfig withMaxMetadataSize(int max) {
        return new FetchConfig(connectTimeout, handshakeTimeout, peerDeadline, pieceTimeout, max, maxInFlight,
                minBytesPerSecond, rateGrace, rateWindow, maxFrameLength, clientVersion,
                Math.max(maxBufferedMetadata, max), encryption);
    }

    public FetchConfig withMaxInFlight(int n) {
        return new FetchConfig(connectTimeout, handshakeTimeout, peerDeadline, pieceTimeout, maxMetadataSize, n,
                minBytesPerSecond, rateGrace, rateWindow, maxFrameLength, clientVersion, maxBufferedMetadata,
                encryption);
    }

    /** The trickle guard: at least {@code bytesPerSecond} per {@code window} once {@code grace} is over. */
    public FetchConfig withMinRate(int bytesPerSecond, Duration grace, Duration window) {
        return new FetchConfig(connectTimeout, handshakeTimeout, peerDeadline, pieceTimeout, maxMetadataSize,
                maxInFlight, bytesPerSecond, grace, window, maxFrameLength, clientVersion, maxBufferedMetadata,
                encryption);
    }

    /** The budget every fetch of one {@link MetadataFetcher} shares; at least {@link #maxMetadataSize()}. */
    public FetchConfig withMaxBufferedMetadata(long bytes) {
        return new FetchConfig(connectTimeout, handshakeTimeout, peerDeadline, pieceTimeout, maxMetadataSize,
                maxInFlight, minBytesPerSecond, rateGrace, rateWindow, maxFrameLength, clientVersion, bytes,
                encryption);
    }

    public FetchConfig withEncryption(EncryptionPolicy policy) {
        return new FetchConfig(connectTimeout, handshakeTimeout, peerDeadline, pieceTimeout, maxMetadataSize,
                maxInFlight, minBytesPerSecond, rateGrace, rateWindow, maxFrameLength, clientVersion,
                maxBufferedMetadata, policy);
    }
}
