package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.types.InfoHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fetcher tells its connect timeout how long each connect took, and dials within what it says. */
class MetadataFetcherConnectTimeoutTest {

    @Test
    void connectsToANearPeerBringTheTimeoutDownToItsFloor() throws Exception {
        Duration floor = Duration.ofMillis(200);
        MetadataFetcher fetcher = new MetadataFetcher(FetchConfig.defaults().withTimeouts(Duration.ofSeconds(3),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2)), PeerTransport.tcpOnly(),
                new AdaptiveConnectTimeout(floor, Duration.ofSeconds(3)));
        assertThat(fetcher.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        s.shutdownOutput(); // a peer that hangs up at once: the connect itself succeeded
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            MagnetUri magnet = MagnetUri.of(InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567"));
            InetSocketAddress peer = (InetSocketAddress) server.getLocalSocketAddress();
            for (int i = 0; i < AdaptiveConnectTimeout.MIN_SAMPLES; i++) {
                FetchResult r = fetcher.fetch(magnet, peer).get(10, TimeUnit.SECONDS);
                assertThat(r).isInstanceOf(FetchResult.Failure.class);
                assertThat(((FetchResult.Failure) r).reason()).as("%s", r).isNotIn(FetchResult.Reason.CONNECT_TIMEOUT,
                        FetchResult.Reason.CONNECT_FAILED);
            }
            server.close();
            acceptor.join(5_000);
        }
        assertThat(fetcher.connectTimeout()).isEqualTo(floor);
    }
}
