package io.lodestone.tracker;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

import static io.lodestone.tracker.Wire.bytes;
import static io.lodestone.tracker.Wire.hex;
import static io.lodestone.tracker.Wire.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BEP 23 compact peer lists and BEP 7 {@code peers6} in HTTP tracker answers. */
class Bep23TrackerTest {

    private final HttpTrackerCodec codec = new HttpTrackerCodec(TrackerConfig.defaults());

    @Test
    void compactPeersAreSixBytesEachBigEndianPort() {
        AnnounceResponse r = codec.parseAnnounce(bytes("d8:intervali1800e5:peers",
                str(hex("c0a80001 0050 ffffffff ffff 00000000 0001")), "e"));
        assertThat(r.peers()).containsExactly(new InetSocketAddress("192.168.0.1", 80),
                new InetSocketAddress("255.255.255.255", 65535), new InetSocketAddress("0.0.0.0", 1));
    }

    @Test
    void emptyCompactListIsNoPeers() {
        assertThat(codec.parseAnnounce(bytes("d8:intervali1800e5:peers0:e")).peers()).isEmpty();
        assertThat(codec.parseAnnounce(bytes("d8:intervali1800ee")).peers()).isEmpty();
    }

    @Test
    void entriesWithPortZeroAreDropped() {
        AnnounceResponse r = codec.parseAnnounce(bytes("d8:intervali1e5:peers",
                str(hex("0a000001 0000 0a000002 1ae1")), "e"));
        assertThat(r.peers()).containsExactly(new InetSocketAddress("10.0.0.2", 6881));
    }

    @Test
    void lengthNotAMultipleOfSixIsMalformed() {
        assertThatThrownBy(() -> codec.parseAnnounce(bytes("d8:intervali1e5:peers", str(hex("0a000001 1ae1 0a")), "e")))
                .isInstanceOfSatisfying(TrackerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TrackerException.Kind.MALFORMED);
                    assertThat(e.getMessage()).isEqualTo("tracker: 'peers' is 7 bytes, not a multiple of 6");
                });
    }

    @Test
    void peers6AreEighteenBytesEachAndFollowTheV4Peers() throws Exception {
        AnnounceResponse r = codec.parseAnnounce(bytes("d8:intervali1e5:peers", str(hex("7f000001 1ae1")),
                "6:peers6", str(hex("20010db8000000000000000000000001 c8d5 00000000000000000000ffff0a000001 0001")),
                "e"));
        assertThat(r.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 6881),
                new InetSocketAddress("2001:db8::1", 51413),
                new InetSocketAddress(Inet6Address.getByAddress(null, hex("00000000000000000000ffff0a000001"), -1), 1));
        // an IPv4-mapped entry in peers6 stays an IPv6 address, as the tracker sent it
        assertThat(r.peers().get(2).getAddress()).isInstanceOf(Inet6Address.class);
    }

    @Test
    void peers6LengthIsChecked() {
        assertThatThrownBy(() -> codec.parseAnnounce(bytes("d8:intervali1e6:peers6", str(new byte[17]), "e")))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("tracker: 'peers6' is 17 bytes, not a multiple of 18"));
    }

    @Test
    void peerLimitCountsBothFamiliesAndDropsTheRestUnread() {
        HttpTrackerCodec small = new HttpTrackerCodec(TrackerConfig.defaults().withLimits(5, 1 << 20, 3));
        byte[] v4 = new byte[6 * 2];
        byte[] v6 = new byte[18 * 4];
        for (int i = 0; i < 2; i++) {
            v4[6 * i] = 10;
            v4[6 * i + 5] = (byte) (i + 1);
        }
        for (int i = 0; i < 4; i++) {
            v6[18 * i] = 0x20;
            v6[18 * i + 17] = (byte) (i + 1);
        }
        AnnounceResponse r = small.parseAnnounce(bytes("d8:intervali1e5:peers", str(v4), "6:peers6", str(v6), "e"));
        assertThat(r.peers()).hasSize(3);
        assertThat(r.peers().get(2).getPort()).isEqualTo(1);
        assertThat(r.peers().get(2).getAddress()).isInstanceOf(Inet6Address.class);
    }

    @Test
    void dictFormPeerListHonoursTheLimitToo() {
        HttpTrackerCodec small = new HttpTrackerCodec(TrackerConfig.defaults().withLimits(5, 1 << 20, 1));
        AnnounceResponse r = small.parseAnnounce(bytes("d8:intervali1e5:peersl",
                "d2:ip7:1.1.1.14:porti1ee", "d2:ip7:2.2.2.24:porti2ee", "ee"));
        assertThat(r.peers()).containsExactly(new InetSocketAddress("1.1.1.1", 1));
    }

    @Test
    void responseSizeLimitAppliesToTheDecoder() {
        HttpTrackerCodec tiny = new HttpTrackerCodec(TrackerConfig.defaults().withLimits(5, 20, 10));
        assertThatThrownBy(() -> tiny.parseAnnounce(bytes("d8:intervali1e5:peers6:abcdefe")))
                .isInstanceOfSatisfying(TrackerException.class,
                        e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.MALFORMED));
    }
}
