package io.lodestone.dht.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.KrpcCodec;
import io.lodestone.dht.krpc.Ping;
import io.lodestone.dht.krpc.QueryMessage;
import io.lodestone.dht.krpc.Tid;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.types.NodeId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A real socket under a flood: one source sends pings at full loopback speed while 20 other
 * sources ping about 3 times a second each (under the 4/s we ever answer one address). The per-source inbound limit drops the flood before decoding, so the
 * others are still answered. Bounded: 3 seconds of traffic, on 127.0.0.0/8 only.
 */
class FarmFloodTest {
    static final int HONEST = 20;
    static final long RUN_MILLIS = 3000;

    @Test
    void aFloodFromOneSourceDoesNotStopAnswersToOthers() throws Exception {
        FarmConfig config = FarmConfig.defaults().withNodes(1)
                .withBind(List.of(InetAddress.getByName("127.0.0.1")), 0)
                .withBootstrap(List.of()).withThreads(1)
                .withNode(DhtConfig.defaults().toBuilder().allowPrivate(true).build());
        try (DhtFarm farm = DhtFarm.start(config, DhtListener.NONE)) {
            InetSocketAddress target = farm.node(0).address();
            long overflowsBefore = udpReceiveBufferErrors();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong floodSent = new AtomicLong();
            Thread flooder = Thread.ofPlatform().daemon().start(() -> flood(target, running, floodSent));
            // measure the steady flood: in its first moments the node's code is not yet compiled
            // and the socket queue overflows, which drops packets from everyone alike
            Thread.sleep(500);
            List<Honest> clients = new ArrayList<>();
            for (int i = 0; i < HONEST; i++) {
                clients.add(new Honest(InetAddress.getByName("127.0.0." + (10 + i)), target));
            }
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
            int tid = 0;
            while (System.nanoTime() < end) {
                for (Honest c : clients) {
                    c.ping(tid);
                }
                tid++;
                Thread.sleep(300);
            }
            running.set(false);
            flooder.join(2000);
            // answers to the last pings may still be queued behind flood packets in the socket
            // buffer: wait (bounded) until the backlog is drained and every client is answered
            long floodEnd = System.nanoTime();
            long drainDeadline = floodEnd + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < drainDeadline && !allAnswered(clients)) {
                Thread.sleep(20);
            }
            long drainMillis = (System.nanoTime() - floodEnd) / 1_000_000;
            long sent = 0;
            long answered = 0;
            for (Honest c : clients) {
                answered += c.drain();
                sent += c.sent;
                c.channel.close();
            }
            System.out.println("backlog drained " + drainMillis + " ms after the flood stopped; the kernel dropped "
                    + (udpReceiveBufferErrors() - overflowsBefore) + " datagrams for full receive buffers meanwhile");
            long floodDropped = farm.node(0).call(n -> n.metrics().snapshot()).get(5, TimeUnit.SECONDS).rateLimitedIn();
            System.out.println("answers per client: " + clients.stream().map(c -> c.answered + "/" + c.sent).toList());
            System.out.printf("flood: %d packets sent by one source, %d dropped by the inbound limit; "
                    + "others: %d of %d pings answered (%.1f%%)%n", floodSent.get(), floodDropped, answered, sent,
                    100.0 * answered / sent);
            assertThat(floodSent.get()).isGreaterThan(10L * sent); // it really was a flood
            assertThat(floodDropped).isPositive();
            for (Honest c : clients) {
                // a burst that meets a full socket buffer is lost for everyone alike; the flood must not
                // starve the others
                assertThat(c.answered).as("answers to %s", c.from).isGreaterThanOrEqualTo(c.sent * 7 / 10);
            }
        }
    }

    /** The kernel's count of UDP datagrams dropped for a full receive buffer (Linux), else 0. */
    private static long udpReceiveBufferErrors() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/snmp")).stream()
                    .filter(l -> l.startsWith("Udp:")).toList();
            List<String> names = List.of(lines.get(0).split("\\s+"));
            String[] values = lines.get(1).split("\\s+");
            return Long.parseLong(values[names.indexOf("RcvbufErrors")]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean allAnswered(List<Honest> clients) throws java.io.IOException {
        boolean all = true;
        for (Honest c : clients) {
            all &= c.drain() >= c.sent;
        }
        return all;
    }

    private static void flood(InetSocketAddress target, AtomicBoolean running, AtomicLong sent) {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress("127.0.0.2", 0));
            ch.connect(target);
            byte[] ping = KrpcCodec.encode(new QueryMessage(Tid.ofShort(1), Optional.empty(), false,
                    new Ping(NodeId.random(new SplittableRandom(1)))));
            ByteBuffer b = ByteBuffer.wrap(ping);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS + 1000);
            while (running.get() && System.nanoTime() < deadline) {
                b.rewind();
                try {
                    ch.write(b);
                    sent.incrementAndGet();
                } catch (java.io.IOException e) {
                    // ICMP from a full queue: keep flooding
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One well-behaved source: a ping every 300 ms, answers counted without blocking. */
    private static final class Honest {
        final DatagramChannel channel;
        final NodeId id = NodeId.random(new SplittableRandom());
        final InetAddress from;
        long sent;
        long answered;

        Honest(InetAddress from, InetSocketAddress target) throws java.io.IOException {
            this.from = from;
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(from, 0));
            channel.connect(target);
            channel.configureBlocking(false);
        }

        void ping(int tid) throws java.io.IOException {
            drain();
            channel.write(ByteBuffer.wrap(KrpcCodec.encode(new QueryMessage(Tid.ofShort(tid & 0xffff),
                    Optional.empty(), true, new Ping(id)))));
            sent++;
        }

        long drain() throws java.io.IOException {
            ByteBuffer in = ByteBuffer.allocate(1500);
            while (true) {
                in.clear();
                if (channel.read(in) <= 0) {
                    return answered;
                }
                answered++;
                KrpcCodec.decode(java.util.Arrays.copyOf(in.array(), in.position())); // a valid KRPC answer
            }
        }
    }
}
