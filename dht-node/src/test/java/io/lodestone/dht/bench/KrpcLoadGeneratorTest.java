package io.lodestone.dht.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.ErrorMessage;
import io.lodestone.dht.krpc.KrpcCodec;
import io.lodestone.dht.krpc.KrpcError;
import io.lodestone.dht.krpc.KrpcMessage;
import io.lodestone.dht.krpc.PingResponse;
import io.lodestone.dht.krpc.QueryMessage;
import io.lodestone.dht.krpc.ResponseMessage;
import io.lodestone.dht.krpc.Ping;
import io.lodestone.types.NodeId;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KrpcLoadGeneratorTest {

    /** A stand-in node: answers pings, errors every other method, drops every 50th query. */
    private static Thread responder(DatagramChannel ch, AtomicBoolean running, AtomicLong seen) {
        return Thread.ofPlatform().daemon().start(() -> {
            NodeId me = NodeId.fromHex("0123456789abcdef0123456789abcdef01234567");
            try {
                ch.socket().setSoTimeout(50);
                byte[] buf = new byte[2048];
                while (running.get()) {
                    java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                    try {
                        ch.socket().receive(p);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    if (seen.incrementAndGet() % 50 == 0) {
                        continue;
                    }
                    KrpcMessage m = KrpcCodec.decode(java.util.Arrays.copyOf(buf, p.getLength()));
                    QueryMessage q = (QueryMessage) m;
                    byte[] answer = q.query() instanceof Ping
                            ? KrpcCodec.encode(ResponseMessage.of(q.tid(), new PingResponse(me)))
                            : KrpcCodec.encode(ErrorMessage.of(q.tid(), KrpcError.methodUnknown("no")));
                    ch.send(ByteBuffer.wrap(answer), p.getSocketAddress());
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void countsAnswersErrorsAndLossesAndStopsByItself() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong seen = new AtomicLong();
        try (DatagramChannel server = DatagramChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread t = responder(server, running, seen);
            LoadConfig config = LoadConfig.against((InetSocketAddress) server.getLocalAddress())
                    .withDuration(Duration.ofMillis(800), Duration.ofMillis(200))
                    .withConcurrency(8)
                    .withTimeout(Duration.ofMillis(30));
            long start = System.nanoTime();
            LoadResult r = KrpcLoadGenerator.run(config);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            running.set(false);
            t.join(1000);

            assertThat(r.answered()).as(r + " seen " + seen.get()).isPositive();
            assertThat(r.errors()).isPositive();     // every non-ping query was answered with an error
            assertThat(r.lost()).isPositive();       // every 50th was dropped
            // the closed loop accounts for every query that ended
            assertThat(r.answered() + r.errors() + r.lost()).isLessThanOrEqualTo(r.sent() + config.concurrency());
            assertThat(r.p50Ms()).isLessThanOrEqualTo(r.p99Ms());
            assertThat(r.answeredPerSecond()).isPositive();
        }
    }
}
