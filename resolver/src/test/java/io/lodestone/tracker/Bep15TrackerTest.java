package io.lodestone.tracker;

import io.lodestone.types.InfoHash;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static io.lodestone.tracker.Wire.bytes;
import static io.lodestone.tracker.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BEP 15 UDP tracker packets: exact request bytes, answers, and what gets rejected. */
class Bep15TrackerTest {

    private static final int TID = 0xCAFEBABE;
    private static final long CID = 0x0102030405060708L;

    private final UdpTrackerCodec codec = new UdpTrackerCodec(TrackerConfig.defaults());

    @Test
    void connectRequestBytes() {
        assertThat(UdpTrackerCodec.connectRequest(0x12345678))
                .isEqualTo(hex("0000041727101980 00000000 12345678"));
    }

    @Test
    void announceRequestIs98BytesInBep15Order() {
        byte[] packet = UdpTrackerCodec.announceRequest(CID, TID,
                Wire.request(AnnounceRequest.Event.STARTED, 50, 0xDEADBEEFL));
        assertThat(packet).hasSize(98).isEqualTo(bytes(
                hex("0102030405060708 00000001 cafebabe"),
                Wire.HASH.bytes(), Wire.PEER_ID,
                hex("00000000000007d0"), // downloaded
                hex("0000000000000bb8"), // left
                hex("00000000000003e8"), // uploaded
                hex("00000002"), // event: started
                hex("00000000"), // IP: the sender's
                hex("deadbeef"), // key
                hex("00000032"), // num_want
                hex("1ae1"))); // port
    }

    @Test
    void announceRequestDefaultsAndEventCodes() {
        for (AnnounceRequest.Event e : AnnounceRequest.Event.values()) {
            byte[] packet = UdpTrackerCodec.announceRequest(CID, TID, Wire.request(e, -1, null));
            assertThat(java.nio.ByteBuffer.wrap(packet).getInt(80)).isEqualTo(switch (e) {
                case NONE -> 0;
                case COMPLETED -> 1;
                case STARTED -> 2;
                case STOPPED -> 3;
            });
            assertThat(java.util.Arrays.copyOfRange(packet, 84, 96)).isEqualTo(hex("00000000 00000000 ffffffff"));
        }
    }

    @Test
    void scrapeRequestBytes() {
        InfoHash other = InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff");
        assertThat(UdpTrackerCodec.scrapeRequest(CID, TID, List.of(Wire.HASH, other))).isEqualTo(bytes(
                hex("0102030405060708 00000002 cafebabe"), Wire.HASH.bytes(), other.bytes()));
        assertThatThrownBy(() -> UdpTrackerCodec.scrapeRequest(CID, TID, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UdpTrackerCodec.scrapeRequest(CID, TID,
                java.util.Collections.nCopies(UdpTrackerCodec.MAX_SCRAPE_HASHES + 1, Wire.HASH)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectAnswer() {
        assertThat(UdpTrackerCodec.parseConnect(hex("00000000 cafebabe 1122334455667788"), TID))
                .isEqualTo(0x1122334455667788L);
        // BEP 15 says "at least 16 bytes": more is fine
        assertThat(UdpTrackerCodec.parseConnect(hex("00000000 cafebabe 1122334455667788 ff"), TID))
                .isEqualTo(0x1122334455667788L);
    }

    @Test
    void announceAnswerOverIpv4() {
        AnnounceResponse r = codec.parseAnnounce(hex("00000001 cafebabe 00000708 00000003 00000005"
                + "7f000001 1ae1 0a000002 0000 c0a80101 c8d5"), TID, false);
        assertThat(r.interval()).isEqualTo(1800);
        assertThat(r.incomplete()).isEqualTo(3);
        assertThat(r.complete()).isEqualTo(5);
        assertThat(r.minInterval()).isNull();
        assertThat(r.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 6881),
                new InetSocketAddress("192.168.1.1", 51413));
    }

    @Test
    void announceAnswerOverIpv6HasEighteenBytePeers() {
        AnnounceResponse r = codec.parseAnnounce(hex("00000001 cafebabe 0000003c 00000000 00000001"
                + "20010db8000000000000000000000001 1ae1"), TID, true);
        assertThat(r.peers()).containsExactly(new InetSocketAddress("2001:db8::1", 6881));
        // the family is the tracker's, not guessed from the length: read as IPv4 these are three
        // entries, two of them with port 0
        assertThat(codec.parseAnnounce(hex("00000001 cafebabe 0000003c 00000000 00000001"
                + "20010db8000000000000000000000001 1ae1"), TID, false).peers())
                .containsExactly(new InetSocketAddress("0.0.0.1", 6881));
        malformed(() -> codec.parseAnnounce(hex("00000001 cafebabe 0000003c 00000000 00000001 7f000001 1ae1"),
                TID, true), "tracker: 'peers6' is 6 bytes, not a multiple of 18");
    }

    @Test
    void hugeCountsAreLeftOutAndHugeIntervalsRejected() {
        AnnounceResponse r = codec.parseAnnounce(hex("00000001 cafebabe 7fffffff ffffffff 80000000"), TID, false);
        assertThat(r.interval()).isEqualTo(Integer.MAX_VALUE);
        assertThat(r.complete()).isNull();
        assertThat(r.incomplete()).isNull();
        malformed(() -> codec.parseAnnounce(hex("00000001 cafebabe 80000000 00000000 00000000"), TID, false),
                "tracker: interval out of range: 2147483648");
    }

    @Test
    void wrongTransactionIdIsRejected() {
        malformed(() -> UdpTrackerCodec.parseConnect(hex("00000000 cafebabf 1122334455667788"), TID),
                "tracker: transaction id 0xcafebabf where 0xcafebabe was sent");
        malformed(() -> codec.parseAnnounce(hex("00000001 00000000 00000708 00000003 00000005"), TID, false),
                "tracker: transaction id 0x0 where 0xcafebabe was sent");
    }

    @Test
    void wrongActionIsRejected() {
        malformed(() -> UdpTrackerCodec.parseConnect(hex("00000001 cafebabe 1122334455667788"), TID),
                "tracker: action 1 in answer to action 0");
        malformed(() -> codec.parseAnnounce(hex("00000000 cafebabe 1122334455667788 00000000"), TID, false),
                "tracker: action 0 in answer to action 1");
        malformed(() -> codec.parseAnnounce(hex("ffffffff cafebabe 1122334455667788 00000000"), TID, false),
                "tracker: action 4294967295 in answer to action 1");
    }

    @Test
    void shortPacketsAreRejected() {
        malformed(() -> UdpTrackerCodec.parseConnect(hex("00000000 cafebabe 11223344556677"), TID),
                "tracker: action 0 answer of 15 bytes, less than 16");
        malformed(() -> codec.parseAnnounce(hex("00000001 cafebabe 00000708 00000003 000000"), TID, false),
                "tracker: action 1 answer of 19 bytes, less than 20");
        malformed(() -> UdpTrackerCodec.parseConnect(hex("00000000 cafeba"), TID), "tracker: answer of 7 bytes");
        malformed(() -> UdpTrackerCodec.parseConnect(new byte[0], TID), "tracker: answer of 0 bytes");
    }

    @Test
    void errorPacketIsARefusalWithItsMessage() {
        byte[] packet = bytes(hex("00000003 cafebabe"), "Requested download is not authorized for use with this tracker.");
        for (Runnable parse : List.<Runnable>of(() -> UdpTrackerCodec.parseConnect(packet, TID),
                () -> codec.parseAnnounce(packet, TID, false),
                () -> UdpTrackerCodec.parseScrape(packet, TID, List.of(Wire.HASH)))) {
            assertThatThrownBy(parse::run).isInstanceOfSatisfying(TrackerException.class, e -> {
                assertThat(e.kind()).isEqualTo(TrackerException.Kind.REFUSED);
                assertThat(e.getMessage()).isEqualTo(
                        "tracker: error: Requested download is not authorized for use with this tracker.");
            });
        }
    }

    @Test
    void bareAnnounceHeaderIsOpentrackersRefusal() {
        // what opentracker sends for a hash off its whitelist (seen on the wire from 2021's build)
        assertThatThrownBy(() -> codec.parseAnnounce(hex("00000001 cafebabe"), TID, false))
                .isInstanceOfSatisfying(TrackerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TrackerException.Kind.REFUSED);
                    assertThat(e.getMessage()).isEqualTo(
                            "tracker: announce answered with a bare header (the torrent is not tracked there)");
                });
    }

    @Test
    void errorPacketTextIsMadeSafe() {
        byte[] packet = bytes(hex("00000003 cafebabe"), "line1\nline2\u0000", hex("ff fe"), "x".repeat(5000));
        assertThatThrownBy(() -> UdpTrackerCodec.parseConnect(packet, TID)).isInstanceOfSatisfying(
                TrackerException.class, e -> assertThat(e.getMessage())
                        .startsWith("tracker: error: line1?line2?\ufffd\ufffdxxx").endsWith("...")
                        .hasSizeLessThan(TrackerText.MAX_REASON_CHARS + 20));
        // an error packet for another transaction is not ours to report
        malformed(() -> UdpTrackerCodec.parseConnect(bytes(hex("00000003 00000001"), "no"), TID),
                "tracker: transaction id 0x1 where 0xcafebabe was sent");
        assertThatThrownBy(() -> UdpTrackerCodec.parseConnect(hex("00000003 cafebabe"), TID))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("tracker: error: "));
    }

    @Test
    void scrapeAnswerIsMatchedInOrder() {
        InfoHash other = InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff");
        Map<InfoHash, ScrapeStats> stats = UdpTrackerCodec.parseScrape(hex("00000002 cafebabe"
                + "00000005 00000032 0000000a" + "00000000 00000001 00000002"), TID, List.of(Wire.HASH, other));
        assertThat(stats).containsExactly(Map.entry(Wire.HASH, new ScrapeStats(5, 50, 10)),
                Map.entry(other, new ScrapeStats(0, 1, 2)));
        // fewer entries than asked: the ones given
        assertThat(UdpTrackerCodec.parseScrape(hex("00000002 cafebabe 00000001 00000002 00000003"), TID,
                List.of(Wire.HASH, other))).containsOnlyKeys(Wire.HASH);
        malformed(() -> UdpTrackerCodec.parseScrape(hex("00000002 cafebabe 00000001 00000002 000000"), TID,
                List.of(Wire.HASH)), "tracker: scrape answer of 19 bytes for 1 torrents");
        malformed(() -> UdpTrackerCodec.parseScrape(hex("00000002 cafebabe 00000001 00000002 00000003"
                + "00000001 00000002 00000003"), TID, List.of(Wire.HASH)), "tracker: scrape answer of 32 bytes for 1 torrents");
        malformed(() -> UdpTrackerCodec.parseScrape(hex("00000002 cafebabe 80000000 00000002 00000003"), TID,
                List.of(Wire.HASH)), "tracker: scrape count out of range");
    }

    @Test
    void transactionIdPeek() {
        assertThat(UdpTrackerCodec.transactionId(hex("00000001 cafebabe"))).hasValue(TID);
        assertThat(UdpTrackerCodec.transactionId(hex("00000001 cafeba"))).isEmpty();
    }

    private static void malformed(Runnable parse, String message) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(TrackerException.class, e -> {
            assertThat(e.kind()).isEqualTo(TrackerException.Kind.MALFORMED);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
