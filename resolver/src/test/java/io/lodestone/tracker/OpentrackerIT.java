package io.lodestone.tracker;

import io.lodestone.interop.Opentracker;
import io.lodestone.types.InfoHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Interop with a real opentracker on loopback, over HTTP and UDP: two peers announce and each
 * finds the other, scrapes count them, a hash off the whitelist is refused, and a tier list
 * falls through dead trackers to the live one.
 */
@Timeout(120)
class OpentrackerIT {

    private static final InfoHash HTTP_SWARM = InfoHash.fromHex("1111111111111111111111111111111111111111");
    private static final InfoHash UDP_SWARM = InfoHash.fromHex("2222222222222222222222222222222222222222");
    private static final InfoHash TIER_SWARM = InfoHash.fromHex("3333333333333333333333333333333333333333");
    private static final InfoHash PROBE = InfoHash.fromHex("4444444444444444444444444444444444444444");
    private static final InfoHash UNLISTED = InfoHash.fromHex("9999999999999999999999999999999999999999");
    private static final long READY_TIMEOUT_MS = 10_000;

    private static Opentracker tracker;
    private static TrackerClient client;

    @TempDir
    static Path trackerDir;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        tracker = Opentracker.start(trackerDir,
                List.of(HTTP_SWARM, UDP_SWARM, TIER_SWARM, PROBE).stream().map(InfoHash::hex).toList());
        client = new TrackerClient(TrackerConfig.defaults().withAllowPrivate(true)
                .withHttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .withUdp(Duration.ofSeconds(1), 3));
        awaitWhitelist();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (tracker != null) {
            tracker.close();
        }
    }

    /** The listening socket comes up before the whitelist is surely read: wait for both. */
    private static void awaitWhitelist() throws InterruptedException {
        AnnounceRequest probe = new AnnounceRequest(PROBE, peerId("probe"), 40999, 0, 0, 0,
                AnnounceRequest.Event.STOPPED, 0, null);
        long deadline = System.nanoTime() + READY_TIMEOUT_MS * 1_000_000;
        while (true) {
            try {
                client.announce(tracker.announceUrl(), probe);
                return;
            } catch (TrackerException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("opentracker never accepted its whitelist: " + e.getMessage(), e);
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void twoPeersFindEachOtherOverHttp() {
        swarm(tracker.announceUrl(), HTTP_SWARM, 40001);
    }

    @Test
    void twoPeersFindEachOtherOverUdp() {
        swarm(tracker.udpAnnounceUrl(), UDP_SWARM, 40011);
    }

    /** A seeder on {@code port} and a leecher on {@code port + 1} announce, see each other, scrape, leave. */
    private static void swarm(String url, InfoHash hash, int port) {
        AnnounceRequest seeder = new AnnounceRequest(hash, peerId("seed" + port), port, 0, 0, 0,
                AnnounceRequest.Event.STARTED, 50, 1L);
        AnnounceRequest leecher = new AnnounceRequest(hash, peerId("leech" + port), port + 1, 0, 0, 1_000_000,
                AnnounceRequest.Event.STARTED, 50, 2L);
        InetSocketAddress seederAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        InetSocketAddress leecherAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1);

        AnnounceResponse first = client.announce(url, seeder);
        assertThat(first.interval()).isPositive();
        assertThat(first.peers()).doesNotContain(leecherAddress);

        AnnounceResponse second = client.announce(url, leecher);
        assertThat(second.peers()).contains(seederAddress);
        assertThat(second.complete()).isEqualTo(1);
        assertThat(second.incomplete()).isEqualTo(1);

        AnnounceResponse again = client.announce(url, seeder.withEvent(AnnounceRequest.Event.NONE));
        assertThat(again.peers()).contains(leecherAddress);

        Map<InfoHash, ScrapeStats> counts = client.scrape(url, List.of(hash));
        assertThat(counts).containsEntry(hash, new ScrapeStats(1, 0, 1));

        client.announce(url, seeder.withEvent(AnnounceRequest.Event.STOPPED));
        client.announce(url, leecher.withEvent(AnnounceRequest.Event.STOPPED));
        assertThat(client.scrape(url, List.of(hash)).get(hash)).isEqualTo(new ScrapeStats(0, 0, 0));
    }

    @Test
    void hashOffTheWhitelistIsRefusedOverHttpAndUdp() {
        AnnounceRequest r = new AnnounceRequest(UNLISTED, peerId("unlisted"), 40021, 0, 0, 100,
                AnnounceRequest.Event.STARTED, 50, null);
        assertThatThrownBy(() -> client.announce(tracker.announceUrl(), r))
                .isInstanceOfSatisfying(TrackerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TrackerException.Kind.REFUSED);
                    assertThat(e.getMessage()).isEqualTo("tracker: failure reason: Requested download is not"
                            + " authorized for use with this tracker.");
                });
        // over UDP opentracker sends no error packet, only the 8-byte header of an announce answer
        assertThatThrownBy(() -> client.announce(tracker.udpAnnounceUrl(), r))
                .isInstanceOfSatisfying(TrackerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TrackerException.Kind.REFUSED);
                    assertThat(e.getMessage()).contains("bare header");
                });
    }

    @Test
    void tierListFallsThroughDeadTrackersToTheLiveOne() throws IOException {
        int dead;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            dead = s.getLocalPort();
        }
        String deadUdp = "udp://127.0.0.1:" + dead + "/announce";
        String deadHttp = "http://127.0.0.1:" + dead + "/announce";
        AnnounceList list = AnnounceList.of(List.of(List.of(deadUdp, deadHttp), List.of(tracker.udpAnnounceUrl())));
        AnnounceRequest r = new AnnounceRequest(TIER_SWARM, peerId("tiers"), 40031, 0, 0, 0,
                AnnounceRequest.Event.STARTED, 50, null);

        TrackerAnswer answer = client.announce(list, r);
        assertThat(answer.url()).isEqualTo(tracker.udpAnnounceUrl());
        assertThat(answer.response().interval()).isPositive();
        assertThat(client.failures(deadUdp)).isEqualTo(1);
        assertThat(client.failures(deadHttp)).isEqualTo(1);

        // the dead ones now back off: the live tracker is asked straight away
        assertThat(client.announce(list, r.withEvent(AnnounceRequest.Event.STOPPED)).url())
                .isEqualTo(tracker.udpAnnounceUrl());
        assertThat(client.failures(deadUdp)).isEqualTo(1);
    }

    private static byte[] peerId(String tag) {
        byte[] id = Arrays.copyOf(("-LS0100-" + tag).getBytes(StandardCharsets.US_ASCII), AnnounceRequest.PEER_ID_LENGTH);
        Arrays.fill(id, Math.min(8 + tag.length(), id.length), id.length, (byte) 'x');
        return id;
    }
}
