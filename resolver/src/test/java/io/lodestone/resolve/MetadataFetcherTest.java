package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.resolve.FetchResult.Failure;
import io.lodestone.resolve.FetchResult.Reason;
import io.lodestone.resolve.FetchResult.Success;
import io.lodestone.types.InfoHash;
import io.lodestone.wire.MetadataMessage;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.ReservedBit;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link MetadataFetcher} against scripted peers on loopback: one honest, the rest hostile. */
@Timeout(60)
class MetadataFetcherTest {

    /** Every hostile case must end well within this. */
    private static final long BOUND_SECONDS = 10;
    private static final byte[] INFO = InfoDicts.singleFile("sample.bin", 100, 1);
    private static final InfoHash HASH = InfoDicts.sha1(INFO);
    private static final MagnetUri MAGNET = MagnetUri.of(HASH);
    /** Short clocks so the timeout cases finish in a second or two. */
    private static final FetchConfig QUICK = FetchConfig.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofSeconds(2));

    private final MetadataFetcher fetcher = new MetadataFetcher(QUICK);

    private FetchResult fetch(MetadataFetcher f, MagnetUri magnet, FakePeer.Script script) throws Exception {
        try (FakePeer peer = FakePeer.start(script)) {
            return f.fetch(magnet, peer.address()).get(BOUND_SECONDS, TimeUnit.SECONDS);
        }
    }

    private Failure failure(FakePeer.Script script, Reason expected) throws Exception {
        FetchResult r = fetch(fetcher, MAGNET, script);
        assertThat(r).isInstanceOf(Failure.class);
        Failure f = (Failure) r;
        assertThat(f.reason()).as(f.detail()).isEqualTo(expected);
        assertThat(f.detail()).doesNotContain("\n");
        return f;
    }

    @Test
    void honestPeerGivesVerifiedInfoDict() throws Exception {
        FetchResult r = fetch(fetcher, MAGNET, FakePeer.honest(INFO, HASH));
        assertThat(r).isInstanceOf(Success.class);
        Success s = (Success) r;
        assertThat(s.infoBytes()).isEqualTo(INFO);
        assertThat(s.peerClient()).isEqualTo("FakePeer 1.0");
        assertThat(MetainfoParser.parseInfo(s.infoBytes()).infoHashV1()).isEqualTo(HASH);
    }

    @Test
    void largeMetadataOverOneMebibyteArrivesWhole() throws Exception {
        byte[] big = InfoDicts.singleFile("big.bin", 78_700, 2); // 1.57 MB of piece hashes
        InfoHash hash = InfoDicts.sha1(big);
        assertThat(big.length).isGreaterThan(3 * 512 * 1024);
        FetchResult r = fetch(new MetadataFetcher(FetchConfig.defaults()), MagnetUri.of(hash),
                FakePeer.honest(big, hash));
        assertThat(r).isInstanceOf(Success.class);
        assertThat(((Success) r).infoBytes()).isEqualTo(big);
        Metainfo m = MetainfoParser.parseInfo(((Success) r).infoBytes());
        assertThat(m.infoHashV1()).isEqualTo(hash);
    }

    @Test
    void peerRequestsAreRejectedAndTheFetchStillSucceeds() throws Exception {
        FetchResult r = fetch(fetcher, MAGNET, c -> {
            c.handshakeAndExtension(HASH, INFO.length);
            MetadataMessage first = c.nextMetadata();
            c.sendMetadata(new MetadataMessage.Request(0));
            MetadataMessage answer = c.nextMetadata();
            assertThat(answer).isEqualTo(new MetadataMessage.Reject(0));
            c.sendMetadata(FakePeer.Conn.piece(INFO, ((MetadataMessage.Request) first).piece()));
            c.serveUntilClosed(INFO);
        });
        assertThat(r).isInstanceOf(Success.class);
    }

    @Test
    void metadataThatFailsTheHashIsNeverReturned() throws Exception {
        byte[] forged = INFO.clone();
        forged[forged.length - 30] ^= 1;
        failure(FakePeer.honest(forged, HASH), Reason.HASH_MISMATCH);
    }

    @Test
    void hugeMetadataSizeIsRefusedBeforeAnyRequest() throws Exception {
        failure(c -> {
            c.handshakeAndExtension(HASH, 100L * 1024 * 1024);
            c.serveUntilClosed(INFO);
        }, Reason.METADATA_TOO_LARGE);
    }

    @Test
    void twoGibibyteMetadataSizeIsRefusedAsTooLarge() throws Exception {
        Failure f = failure(c -> {
            c.handshakeAndExtension(HASH, 2L << 30);
            c.serveUntilClosed(INFO);
        }, Reason.METADATA_TOO_LARGE);
        assertThat(f.detail()).contains("2147483648");
        assertThat(fetcher.bufferedMetadata()).isZero();
    }

    @Test
    void metadataBuffersAreFreeAgainAfterEachFetch() throws Exception {
        byte[] forged = INFO.clone();
        forged[forged.length - 30] ^= 1;
        failure(FakePeer.honest(forged, HASH), Reason.HASH_MISMATCH);
        assertThat(fetcher.bufferedMetadata()).isZero();
        assertThat(fetch(fetcher, MAGNET, FakePeer.honest(INFO, HASH))).isInstanceOf(Success.class);
        assertThat(fetcher.bufferedMetadata()).isZero();
    }

    @Test
    void outOfRangePieceIndexIsAProtocolError() throws Exception {
        failure(c -> {
            c.handshakeAndExtension(HASH, INFO.length);
            c.nextMetadata();
            c.send(rawData(c.fetcherMetadataId, 999, INFO.length, new byte[100]));
            c.serveUntilClosed(INFO);
        }, Reason.PROTOCOL_ERROR);
    }

    @Test
    void oversizedPieceIsAProtocolError() throws Exception {
        failure(c -> {
            c.handshakeAndExtension(HASH, INFO.length);
            c.nextMetadata();
            c.send(rawData(c.fetcherMetadataId, 0, INFO.length, new byte[MetadataMessage.PIECE_SIZE + 5000]));
            c.serveUntilClosed(INFO);
        }, Reason.PROTOCOL_ERROR);
    }

    @Test
    void unrequestedPieceIsAProtocolError() throws Exception {
        byte[] info = InfoDicts.singleFile("two-pieces", 1200, 3); // 24 KB: two metadata pieces
        InfoHash hash = InfoDicts.sha1(info);
        MetadataFetcher oneAtATime = new MetadataFetcher(QUICK.withMaxInFlight(1));
        FetchResult r = fetch(oneAtATime, MagnetUri.of(hash), c -> {
            c.handshakeAndExtension(hash, info.length);
            c.nextMetadata();
            c.sendMetadata(FakePeer.Conn.piece(info, 1));
            c.serveUntilClosed(info);
        });
        assertThat(r).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.reason()).isEqualTo(Reason.PROTOCOL_ERROR));
    }

    @Test
    void endlessSlowTrickleIsDropped() throws Exception {
        MetadataFetcher strict = new MetadataFetcher(FetchConfig.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30))
                .withMinRate(100, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        long t0 = System.nanoTime();
        FetchResult r = fetch(strict, MAGNET, c -> {
            c.handshakeAndExtension(HASH, INFO.length);
            c.nextMetadata();
            byte[] frame = io.lodestone.wire.PeerMessageCodec.encode(rawData(c.fetcherMetadataId, 0, INFO.length,
                    Arrays.copyOf(INFO, MetadataMessage.PIECE_SIZE)));
            for (byte b : frame) {
                c.sendRaw(new byte[] {b});
                Thread.sleep(200);
            }
        });
        assertThat(r).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.reason()).isEqualTo(Reason.TOO_SLOW));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void garbageAfterTheHandshakeIsAProtocolError() throws Exception {
        failure(c -> {
            c.handshakeAndExtension(HASH, INFO.length);
            byte[] junk = new byte[4096];
            Arrays.fill(junk, (byte) 0xFF);
            c.sendRaw(junk);
            c.serveUntilClosed(INFO);
        }, Reason.PROTOCOL_ERROR);
    }

    @Test
    void garbageInsteadOfAHandshakeIsAProtocolError() throws Exception {
        failure(c -> {
            c.readHandshake();
            c.sendRaw("HTTP/1.1 400 Bad Request\r\n\r\n<html>no torrent here</html>\r\n".repeat(3)
                    .getBytes(StandardCharsets.US_ASCII));
            c.serveUntilClosed(INFO);
        }, Reason.PROTOCOL_ERROR);
    }

    @Test
    void wrongInfoHashInHandshakeIsRefused() throws Exception {
        failure(c -> {
            c.readHandshake();
            c.sendHandshake(InfoDicts.sha1(new byte[] {1}), ReservedBit.EXTENSION_PROTOCOL);
            c.serveUntilClosed(INFO);
        }, Reason.WRONG_INFO_HASH);
    }

    @Test
    void peerWithoutExtensionBitIsRefused() throws Exception {
        failure(c -> {
            c.readHandshake();
            c.sendHandshake(HASH, ReservedBit.FAST_EXTENSION, ReservedBit.DHT);
            c.send(new PeerMessage.HaveAll());
            c.serveUntilClosed(INFO);
        }, Reason.NO_EXTENSION_PROTOCOL);
    }

    @Test
    void peerWithoutMetadataSizeHasNothingToGive() throws Exception {
        failure(c -> {
            c.readHandshake();
            c.sendHandshake(HASH, ReservedBit.EXTENSION_PROTOCOL);
            c.sendExtensionHandshake(null);
            c.serveUntilClosed(INFO);
        }, Reason.NO_METADATA_SUPPORT);
    }

    @Test
    void rejectEndsTheFetch() throws Exception {
        failure(c -> {
            c.handshakeAndExtension(HASH, INFO.length);
            MetadataMessage.Request r = (MetadataMessage.Request) c.nextMetadata();
            c.sendMetadata(new MetadataMessage.Reject(r.piece()));
            c.serveUntilClosed(INFO);
        }, Reason.REJECTED);
    }

    @Test
    void silentPeerTimesOutInTheHandshake() throws Exception {
        failure(c -> {
            c.readHandshake();
            c.serveUntilClosed(INFO);
        }, Reason.HANDSHAKE_TIMEOUT);
    }

    @Test
    void unansweredRequestTimesOut() throws Exception {
        failure(c -> {
            c.handshakeAndExtension(HASH, INFO.length);
            while (c.nextMetadata() != null) {
                // swallow requests, answer none
            }
        }, Reason.PIECE_TIMEOUT);
    }

    @Test
    void peerThatHangsUpIsClosed() throws Exception {
        failure(c -> {
            c.handshakeAndExtension(HASH, INFO.length);
            c.nextMetadata();
            c.socket.close();
        }, Reason.CLOSED);
    }

    @Test
    void refusedConnectionFailsFast() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = new InetSocketAddress(s.getInetAddress(), s.getLocalPort());
        }
        FetchResult r = fetcher.fetch(MAGNET, closed).get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(r).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.reason()).isEqualTo(Reason.CONNECT_FAILED));
    }

    @Test
    void cancellingClosesTheConnection() throws Exception {
        CompletableFuture<Boolean> peerSawClose = new CompletableFuture<>();
        CompletableFuture<Void> handshakeRead = new CompletableFuture<>();
        try (FakePeer peer = FakePeer.start(c -> {
            c.readHandshake();
            handshakeRead.complete(null);
            peerSawClose.complete(c.in.read() < 0);
        })) {
            CompletableFuture<FetchResult> f = new MetadataFetcher(FetchConfig.defaults()).fetch(MAGNET, peer.address());
            handshakeRead.get(BOUND_SECONDS, TimeUnit.SECONDS); // connected and waiting for the peer's answer
            // it once ended by itself first in a loaded full run: say how, to find out why
            assertThat(f.cancel(true)).as("the fetch ended before the cancel: %s",
                    f.isCancelled() ? "cancelled" : f.handle((r, e) -> r != null ? r : e).getNow(null)).isTrue();
            assertThat(peerSawClose.get(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void cancelBeforeTheThreadRunsStillWins() throws Exception {
        // under load the fetch's thread may not have started its connect when cancel closes the
        // socket; its "socket is closed" must not complete the future ahead of the cancel
        try (FakePeer peer = FakePeer.start(c -> c.readHandshake())) {
            for (int i = 0; i < 200; i++) {
                CompletableFuture<FetchResult> f = fetcher.fetch(MAGNET, peer.address());
                assertThat(f.cancel(true)).as("cancel %d", i).isTrue();
            }
        }
        assertThat(fetcher.openSockets()).isZero();
    }

    /** A ut_metadata data message built by hand, so it can break the rules the records enforce. */
    private static PeerMessage.Extended rawData(int extendedId, int piece, int totalSize, byte[] data) {
        byte[] dict = ("d8:msg_typei1e5:piecei" + piece + "e10:total_sizei" + totalSize + "ee")
                .getBytes(StandardCharsets.US_ASCII);
        return new PeerMessage.Extended(extendedId, ByteBuffer.allocate(dict.length + data.length).put(dict).put(data)
                .array());
    }
}
