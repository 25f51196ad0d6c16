package io.lodestone.tracker;

import io.lodestone.time.VirtualClock;
import io.lodestone.types.InfoHash;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lodestone.tracker.FakeUdpTracker.action;
import static io.lodestone.tracker.FakeUdpTracker.announced;
import static io.lodestone.tracker.FakeUdpTracker.connected;
import static io.lodestone.tracker.FakeUdpTracker.tid;
import static io.lodestone.tracker.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The BEP 15 client against a scripted tracker on loopback: connection ids, retransmits, errors. */
@Timeout(30)
class UdpTrackerClientTest {

    private static final long CID = 0x0a0b0c0d0e0f1011L;
    private static final byte[] PEERS = hex("7f000001 1ae1 7f000002 1ae2");
    private static final Duration BASE = Duration.ofMillis(100);

    private final VirtualClock clock = new VirtualClock();
    private final TrackerConfig config = TrackerConfig.defaults().withAllowPrivate(true).withUdp(BASE, 3);
    private final UdpTrackerClient client = new UdpTrackerClient(config, clock, new Random(15));
    private final AnnounceRequest request = Wire.request(AnnounceRequest.Event.STARTED, 50, 7L);

    /** Answers connects and announces like a healthy tracker. */
    private static List<byte[]> healthy(byte[] p) {
        if (p.length == 16 && ByteBuffer.wrap(p).getLong(0) == UdpTrackerCodec.PROTOCOL_ID) {
            return List.of(connected(tid(p), CID));
        }
        if (action(p) == UdpTrackerCodec.ACTION_ANNOUNCE && ByteBuffer.wrap(p).getLong(0) == CID) {
            return List.of(announced(tid(p), 1800, PEERS));
        }
        return List.of();
    }

    private static FakeUdpTracker tracker(java.util.function.Function<byte[], List<byte[]>> script) throws IOException {
        return new FakeUdpTracker(InetAddress.getLoopbackAddress(), script);
    }

    @Test
    void connectsThenAnnouncesWithTheConnectionId() throws Exception {
        try (FakeUdpTracker t = tracker(UdpTrackerClientTest::healthy)) {
            AnnounceResponse r = client.announce(t.url(), request);
            assertThat(r.interval()).isEqualTo(1800);
            assertThat(r.complete()).isEqualTo(2);
            assertThat(r.incomplete()).isEqualTo(1);
            assertThat(r.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 6881),
                    new InetSocketAddress("127.0.0.2", 6882));
            List<byte[]> got = t.received();
            assertThat(got).hasSize(2);
            assertThat(got.get(0)).hasSize(16);
            assertThat(got.get(1)).isEqualTo(UdpTrackerCodec.announceRequest(CID, tid(got.get(1)), request));
        }
    }

    @Test
    void connectionIdIsReusedForItsLifetimeOnly() throws Exception {
        try (FakeUdpTracker t = tracker(UdpTrackerClientTest::healthy)) {
            client.announce(t.url(), request);
            clock.advance(Duration.ofSeconds(59));
            client.announce(t.url(), request);
            assertThat(t.count(UdpTrackerCodec.ACTION_CONNECT)).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            client.announce(t.url(), request);
            assertThat(t.count(UdpTrackerCodec.ACTION_CONNECT)).isEqualTo(2);
            assertThat(t.count(UdpTrackerCodec.ACTION_ANNOUNCE)).isEqualTo(3);
        }
    }

    @Test
    void lostRequestIsSentAgainAfterTheBaseTimeout() throws Exception {
        AtomicInteger connects = new AtomicInteger();
        try (FakeUdpTracker t = tracker(p -> p.length == 16 && connects.incrementAndGet() == 1 ? List.of() : healthy(p))) {
            long start = System.nanoTime();
            client.announce(t.url(), request);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isGreaterThanOrEqualTo(BASE.toMillis());
            List<byte[]> got = t.received();
            assertThat(got).hasSize(3);
            // a resend is the same request, transaction id included, so a late answer still counts
            assertThat(got.get(1)).isEqualTo(got.get(0));
        }
    }

    @Test
    void silentTrackerFailsAfterEveryAttemptWithDoublingWaits() throws Exception {
        try (FakeUdpTracker t = tracker(p -> List.of())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.announce(t.url(), request)).isInstanceOfSatisfying(TrackerException.class, e -> {
                assertThat(e.kind()).isEqualTo(TrackerException.Kind.TRANSPORT);
                assertThat(e.getMessage()).isEqualTo("tracker: no answer after 3 attempts");
            });
            long millis = (System.nanoTime() - start) / 1_000_000;
            // 100 + 200 + 400 ms
            assertThat(millis).isBetween(700L, 5_000L);
            assertThat(t.received()).hasSize(3);
        }
    }

    @Test
    void datagramsForOtherTransactionsAreIgnored() throws Exception {
        try (FakeUdpTracker t = tracker(p -> {
            List<byte[]> real = healthy(p);
            if (real.isEmpty()) {
                return real;
            }
            byte[] stray = real.get(0).clone();
            stray[7] ^= 1;
            return List.of(new byte[3], stray, real.get(0));
        })) {
            assertThat(client.announce(t.url(), request).peers()).hasSize(2);
            assertThat(t.received()).hasSize(2);
        }
    }

    @Test
    void errorPacketIsARefusalAndTheConnectionIdIsForgotten() throws Exception {
        try (FakeUdpTracker t = tracker(p -> action(p) == UdpTrackerCodec.ACTION_ANNOUNCE
                ? List.of(FakeUdpTracker.error(tid(p), "not whitelisted")) : healthy(p))) {
            assertThatThrownBy(() -> client.announce(t.url(), request)).isInstanceOfSatisfying(TrackerException.class, e -> {
                assertThat(e.kind()).isEqualTo(TrackerException.Kind.REFUSED);
                assertThat(e.getMessage()).isEqualTo("tracker: error: not whitelisted");
            });
            t.script(UdpTrackerClientTest::healthy);
            client.announce(t.url(), request);
            assertThat(t.count(UdpTrackerCodec.ACTION_CONNECT)).isEqualTo(2);
        }
    }

    @Test
    void scrape() throws Exception {
        InfoHash other = InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff");
        try (FakeUdpTracker t = tracker(p -> action(p) == UdpTrackerCodec.ACTION_SCRAPE
                ? List.of(ByteBuffer.allocate(32).putInt(2).putInt(tid(p)).putInt(4).putInt(5).putInt(6)
                        .putInt(7).putInt(8).putInt(9).array())
                : healthy(p))) {
            Map<InfoHash, ScrapeStats> s = client.scrape(t.url(), List.of(Wire.HASH, other));
            assertThat(s).containsExactly(Map.entry(Wire.HASH, new ScrapeStats(4, 5, 6)),
                    Map.entry(other, new ScrapeStats(7, 8, 9)));
            byte[] sent = t.received().get(1);
            assertThat(sent).hasSize(16 + 40);
        }
    }

    @Test
    void nobodyListeningFailsFast() throws Exception {
        int port;
        try (DatagramChannel c = DatagramChannel.open()) {
            c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) c.getLocalAddress()).getPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.announce("udp://127.0.0.1:" + port, request))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.TRANSPORT));
        // ICMP port unreachable ends it at once on Linux; without it, the attempts run out
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void ipv6TrackerSendsEighteenBytePeers() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        FakeUdpTracker t;
        try {
            t = new FakeUdpTracker(v6, p -> List.of());
        } catch (IOException e) {
            Assumptions.abort("this host has no IPv6 loopback: " + e);
            return;
        }
        byte[] peer6 = hex("20010db8000000000000000000000001 1ae1");
        t.script(p -> p.length == 16 ? List.of(connected(tid(p), CID))
                : List.of(announced(tid(p), 60, peer6)));
        try (t) {
            assertThat(t.url()).startsWith("udp://[");
            assertThat(client.announce(t.url(), request).peers())
                    .containsExactly(new InetSocketAddress("2001:db8::1", 6881));
        }
    }

    @Test
    void unusableUrls() {
        for (String url : List.of("udp://127.0.0.1/announce", "udp://127.0.0.1:0", "udp://127.0.0.1:70000",
                "http://127.0.0.1:80/announce", "udp:opaque", "udp://[::1", "")) {
            assertThatThrownBy(() -> client.announce(url, request)).as(url)
                    .isInstanceOfSatisfying(TrackerException.class,
                            e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.BAD_URL));
        }
    }
}
