package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A magnet whose trackers are on loopback, given to {@code serve} without {@code --allow-private}
 * for a download and a resolve: no tracker connection is made (a listener on the port counts 0,
 * TCP and UDP). The same magnet with {@code --allow-private} does reach the listener, so the count
 * is a real measurement.
 */
@Timeout(180)
class TrackerPrivacyIT {

    static final String HASH = "3b245504cf5f11bbdbe1201cea6a6bf45aee1bc0";
    /** Longer than a tracker announce takes to start on loopback many times over. */
    static final Duration WATCH = Duration.ofSeconds(10);

    /** Counts TCP connections and UDP datagrams arriving on one port of 127.0.0.1. */
    static final class Listener implements AutoCloseable {
        final ServerSocket tcp;
        final DatagramSocket udp;
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger datagrams = new AtomicInteger();

        Listener() throws IOException {
            tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort()));
            Thread.ofVirtual().start(() -> {
                while (!tcp.isClosed()) {
                    try (Socket s = tcp.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Thread.ofVirtual().start(() -> {
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                while (!udp.isClosed()) {
                    try {
                        udp.receive(p);
                        datagrams.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return tcp.getLocalPort();
        }

        int total() {
            return connections.get() + datagrams.get();
        }

        @Override
        public void close() throws IOException {
            tcp.close();
            udp.close();
        }
    }

    private static String magnet(int port) {
        return "magnet:?xt=urn:btih:" + HASH
                + "&tr=" + URLEncoder.encode("http://127.0.0.1:" + port + "/announce", StandardCharsets.UTF_8)
                + "&tr=" + URLEncoder.encode("udp://127.0.0.1:" + port + "/announce", StandardCharsets.UTF_8)
                + "&tr=" + URLEncoder.encode("http://localhost:" + port + "/announce", StandardCharsets.UTF_8);
    }

    /** No bootstrap anywhere but a dead loopback port: nothing leaves the machine. */
    private static List<String> isolated(boolean allowPrivate) throws IOException {
        List<String> base = List.of("--nodes", "1", "--bootstrap", "127.0.0.1:" + ServeProcess.freePort());
        if (!allowPrivate) {
            return base;
        }
        return java.util.stream.Stream.concat(base.stream(), java.util.stream.Stream.of("--allow-private")).toList();
    }

    @Test
    void loopbackTrackersAreNeverContactedWithoutAllowPrivate(@TempDir Path tmp) throws Exception {
        try (Listener tracker = new Listener()) {
            try (ServeProcess serve = ServeProcess.start(tmp.resolve("a").resolve("data"), isolated(false))) {
                String id = serve.download(magnet(tracker.port()));
                Thread.ofVirtual().start(() -> {
                    try {
                        serve.postJson("/api/v1/resolve", ServeProcess.JSON.createObjectNode()
                                .put("uri", magnet(tracker.port())).toString(), WATCH.plusSeconds(5));
                    } catch (IOException | InterruptedException e) {
                        // the resolve is only there to make the resolver try the trackers
                    }
                });
                Thread.sleep(WATCH.toMillis());
                assertThat(serve.json("/api/v1/downloads/" + id).get("state").asString())
                        .isIn("resolving", "failed");
                System.out.printf("without --allow-private: %d connections, %d datagrams to the tracker port%n",
                        tracker.connections.get(), tracker.datagrams.get());
                assertThat(tracker.total()).as("nothing reaches a loopback tracker").isZero();
                assertThat(serve.stop()).isZero();
            }
            // the control: the same magnet on a testnet setting reaches the listener
            try (ServeProcess serve = ServeProcess.start(tmp.resolve("b").resolve("data"), isolated(true))) {
                serve.download(magnet(tracker.port()));
                long until = System.nanoTime() + WATCH.toNanos() * 2;
                while (tracker.total() == 0 && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                System.out.printf("with --allow-private: %d connections, %d datagrams%n", tracker.connections.get(),
                        tracker.datagrams.get());
                assertThat(tracker.total()).as("the listener does count a tracker that is allowed").isPositive();
                assertThat(serve.stop()).isZero();
            }
        }
    }
}
