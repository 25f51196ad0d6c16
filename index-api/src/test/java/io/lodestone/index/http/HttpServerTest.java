package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server's life: ephemeral ports, clean stop, config checks. */
class HttpServerTest {

    private static HttpServer server(int port) {
        return new HttpServer(HttpConfig.defaults().withAddress("127.0.0.1", port),
                HttpServices.of(new InMemoryIndex(), TestServer.silentResolver(), DhtHealth::empty, new PrometheusRegistry()));
    }

    @Test
    void portZeroBindsAFreePortAndStopReleasesIt() throws IOException {
        int port;
        try (HttpServer s = server(0).start()) {
            port = s.port();
            assertThat(port).isPositive();
            assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
        }
        // released: we can bind it ourselves now
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void closeIsIdempotentAndSafeBeforeStart() {
        HttpServer never = server(0);
        never.close();
        HttpServer s = server(0).start();
        s.close();
        s.close();
    }

    @Test
    void theGivenPortIsUsed() throws IOException {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        try (HttpServer s = server(free).start()) {
            assertThat(s.port()).isEqualTo(free);
        }
    }

    @Test
    void badConfigIsRefused() {
        HttpConfig d = HttpConfig.defaults();
        assertThatThrownBy(() -> d.withAddress("127.0.0.1", 70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withAddress(" ", 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withResolveTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withResolveTimeout(Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxConcurrentResolves(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.host()).isEqualTo("127.0.0.1");
        assertThat(d.port()).isEqualTo(8080);
    }
}
