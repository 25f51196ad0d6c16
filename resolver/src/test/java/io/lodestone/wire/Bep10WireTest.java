package io.lodestone.wire;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.types.InfoHash;
import io.lodestone.wire.PeerMessage.Extended;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static io.lodestone.wire.WireFixtures.ascii;
import static io.lodestone.wire.WireFixtures.concat;
import static io.lodestone.wire.WireFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BEP 10, the extension protocol: its reserved bit, the extended message and the handshake dict. */
class Bep10WireTest {

    private static final byte[] MICRO_UTF8 = hex("c2 b5");

    @Test
    void reservedBitIsBit20FromTheRight() {
        Handshake h = Handshake.of(InfoHash.fromHex("c12fe1c06bba254a9dc9f519b335aa7c1367a88a"),
                ascii("-LS0001-abcdefghijkl"), ReservedBit.EXTENSION_PROTOCOL);

        // "(reserved_byte[5] & 0x10)"
        assertThat(h.reserved()).isEqualTo(hex("00 00 00 00 00 10 00 00"));
        assertThat(Handshake.decode(h.encode()).supportsExtensionProtocol()).isTrue();
    }

    @Test
    void extendedMessageIsId20ThenTheExtendedId() {
        Extended e = new Extended(3, ascii("d1:xi1ee"));

        assertThat(PeerMessageCodec.encode(e)).isEqualTo(concat(hex("0000000a 14 03"), ascii("d1:xi1ee")));
        assertThat(PeerMessageCodec.decodeFrame(PeerMessageCodec.encode(e))).isEqualTo(e);
        assertThat(PeerMessageCodec.decodeFrame(hex("00000002 14 00"))).isEqualTo(new Extended(0, new byte[0]));
        assertThatThrownBy(() -> PeerMessageCodec.decodeFrame(hex("00000001 14")))
                .isInstanceOf(WireFormatException.class).hasMessage("extended message without an extended id");
        assertThatThrownBy(() -> new Extended(256, new byte[0])).isInstanceOf(WireFormatException.class);
    }

    @Test
    void bep10ExampleHandshakeDecodes() {
        // BEP 10's example verbatim: "6:µT_PEX" only adds up with µ as one byte, Latin-1 0xB5,
        // so that name is not UTF-8 and is dropped; v is UTF-8 "µTorrent 1.2"
        byte[] example = concat(ascii("d1:md11:LT_metadatai1e6:"), hex("b5"), ascii("T_PEXi2ee1:pi6881e1:v13:"),
                MICRO_UTF8, ascii("Torrent 1.2e"));

        ExtensionHandshake h = ExtensionHandshake.decode(example);

        assertThat(h.messages()).containsExactly(Map.entry("LT_metadata", 1));
        assertThat(h.listenPort()).isEqualTo(6881);
        assertThat(h.clientVersion()).isEqualTo("µTorrent 1.2");
        assertThat(h.metadataSize()).isNull();
        assertThat(h.extra().size()).isZero();
    }

    @Test
    void bep10ExampleAsLibtorrentDocumentsItRoundTripsByteForByte() {
        byte[] example = ascii("d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v12:uTorrent 1.2e");

        ExtensionHandshake h = ExtensionHandshake.decode(example);

        assertThat(h.messages()).containsExactly(Map.entry("LT_metadata", 1), Map.entry("ut_pex", 2));
        assertThat(h.extensionId(ExtensionHandshake.UT_PEX)).isEqualTo(2);
        assertThat(h.supports(ExtensionHandshake.UT_METADATA)).isFalse();
        assertThat(h.encode()).isEqualTo(example);
    }

    @Test
    void fullHandshakeAsRealClientsSendItRoundTrips() throws Exception {
        // the keys libtorrent and Transmission send, sorted as they send them
        byte[] sorted = concat(ascii("d12:complete_agoi-1e1:ei0e4:ipv44:"), hex("0a000001"),
                ascii("1:md11:lt_donthavei7e10:share_modei8e11:upload_onlyi3e12:ut_holepunchi4e"
                        + "11:ut_metadatai2e6:ut_pexi1ee13:metadata_sizei1234567e1:pi51413e4:reqqi500e"
                        + "11:upload_onlyi0e1:v17:libtorrent 2.0.10"),
                ascii("6:yourip4:"), hex("c0000201"), ascii("e"));
        // the same with "p" moved after "reqq", as a client that does not sort might send it
        byte[] unsorted = concat(ascii("d12:complete_agoi-1e1:ei0e4:ipv44:"), hex("0a000001"),
                ascii("1:md11:lt_donthavei7e10:share_modei8e11:upload_onlyi3e12:ut_holepunchi4e"
                        + "11:ut_metadatai2e6:ut_pexi1ee13:metadata_sizei1234567e4:reqqi500e1:pi51413e"
                        + "11:upload_onlyi0e1:v17:libtorrent 2.0.10"),
                ascii("6:yourip4:"), hex("c0000201"), ascii("e"));
        assertThatThrownBy(() -> ExtensionHandshake.decode(unsorted))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("keys not sorted (\"p\" after \"reqq\")");

        ExtensionHandshake h = ExtensionHandshake.decode(sorted);

        assertThat(h.extensionId("ut_metadata")).isEqualTo(2);
        assertThat(h.messages()).hasSize(6);
        assertThat(h.metadataSize()).isEqualTo(1_234_567L);
        assertThat(h.requestQueue()).isEqualTo(500);
        assertThat(h.listenPort()).isEqualTo(51413);
        assertThat(h.clientVersion()).isEqualTo("libtorrent 2.0.10");
        assertThat(h.yourIp()).isEqualTo(InetAddress.getByName("192.0.2.1"));
        assertThat(h.extra().entries().keySet().stream().map(Object::toString))
                .containsExactly("\"complete_ago\"", "\"e\"", "\"ipv4\"", "\"upload_only\"");
        assertThat(h.encode()).isEqualTo(sorted);
        assertThat(ExtensionHandshake.decode(h.encode())).isEqualTo(h);
    }

    @Test
    void unsortedKeysAreReportedPlainly() {
        assertThatThrownBy(() -> ExtensionHandshake.decode(ascii("d1:v1:x1:md11:ut_metadatai1eee")))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("extension handshake is not strict bencode: dictionary keys not sorted (\"m\" after \"v\") at offset 7");
    }

    @Test
    void yourIpIsFourOrSixteenBytesAndIpv4MappedStaysIpv6() throws Exception {
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        ExtensionHandshake h = new ExtensionHandshake(Map.of(), null, null, null, v6, null, null);
        assertThat(ExtensionHandshake.decode(h.encode()).yourIp()).isEqualTo(v6);

        byte[] mapped = concat(ascii("d1:mde6:yourip16:"), hex("00000000000000000000ffffc0000201"), ascii("e"));
        ExtensionHandshake m = ExtensionHandshake.decode(mapped);
        assertThat(m.yourIp().getAddress()).hasSize(16);
        assertThat(m.encode()).isEqualTo(mapped);
    }

    @Test
    void badHintsReadAsAbsent() {
        ExtensionHandshake h = ExtensionHandshake.decode(concat(
                ascii("d1:md11:LT_metadatai256e11:ut_metadatai2e6:ut_pex1:xe1:pi0e4:reqqi-5e1:vi3e6:yourip5:"),
                hex("0102030405"), ascii("e")));

        assertThat(h.messages()).containsExactly(Map.entry("ut_metadata", 2));
        assertThat(h.listenPort()).isNull();
        assertThat(h.requestQueue()).isNull();
        assertThat(h.clientVersion()).isNull();
        assertThat(h.yourIp()).isNull();
        assertThat(ExtensionHandshake.decode(ascii("d1:pi65536ee")).listenPort()).isNull();
        assertThat(ExtensionHandshake.decode(ascii("d1:pi65535ee")).listenPort()).isEqualTo(65535);
    }

    @Test
    void zeroDisablesAnExtension() {
        // BEP 10's run-time disable, inside "m"
        ExtensionHandshake h = ExtensionHandshake.decode(ascii("d1:md11:LT_metadatai0eee"));

        assertThat(h.messages()).containsExactly(Map.entry("LT_metadata", 0));
        assertThat(h.supports("LT_metadata")).isFalse();
        assertThat(h.encode()).isEqualTo(ascii("d1:md11:LT_metadatai0eee"));
    }

    @Test
    void whatTheHandshakeIsForMustBeRight() {
        assertRejected("d1:mi1ee", "extension handshake key 'm' is not a dictionary");
        assertRejected("d13:metadata_size3:abce", "metadata_size is not an integer");
        assertRejected("d13:metadata_sizei0ee", "metadata_size 0 is not positive");
        assertRejected("d13:metadata_sizei-1ee", "metadata_size -1 is not positive");
        assertRejected("d13:metadata_sizei31457281ee", "metadata_size 31457281 exceeds the limit of 31457280");
        assertRejected("le", "extension handshake is not a bencoded dictionary");
        assertRejected("d1:mdee1:x", "extension handshake has 3 bytes after its dictionary");
        assertRejected("d1:mde", "extension handshake is not strict bencode: unterminated dictionary at offset 0");
        assertRejected("", "extension handshake is not strict bencode: unexpected end of input at offset 0");
    }

    @Test
    void metadataSizeLimitIsInclusiveAndConfigurable() {
        assertThat(ExtensionHandshake.decode(ascii("d13:metadata_sizei31457280ee")).metadataSize())
                .isEqualTo((long) MetadataMessage.DEFAULT_MAX_METADATA_SIZE);
        // acceptance needs metadata over 1 MiB to work
        assertThat(ExtensionHandshake.decode(ascii("d13:metadata_sizei2000000ee")).metadataSize()).isEqualTo(2_000_000L);
        assertThatThrownBy(() -> ExtensionHandshake.decode(ascii("d13:metadata_sizei2000000ee"), 1 << 20))
                .isInstanceOf(WireFormatException.class).hasMessage("metadata_size 2000000 exceeds the limit of 1048576");
        // beyond an int: a caller that refuses large sizes itself still learns the number
        assertThat(ExtensionHandshake.decode(ascii("d13:metadata_sizei2147483648ee"), Long.MAX_VALUE).metadataSize())
                .isEqualTo(1L << 31);
        assertThatThrownBy(() -> ExtensionHandshake.decode(ascii("d13:metadata_sizei2147483648ee"), Integer.MAX_VALUE))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("metadata_size 2147483648 exceeds the limit of 2147483647");
    }

    @Test
    void oversizedPayloadIsRejectedBeforeDecoding() {
        byte[] big = concat(ascii("d1:x65530:"), new byte[65530], ascii("e"));
        assertThat(big.length).isGreaterThan(ExtensionHandshake.MAX_PAYLOAD_LENGTH);

        assertThatThrownBy(() -> ExtensionHandshake.decode(big))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("extension handshake of 65541 bytes exceeds the limit of 65536");
    }

    @Test
    void ourHandshakeEncodesCanonically() {
        ExtensionHandshake ours = new ExtensionHandshake(Map.of("ut_metadata", 1, "ut_pex", 2), 40_000L,
                "Lodestone 0.1", 250, null, 6881, BDict.builder().put("upload_only", BInt.of(1)).build());
        Extended m = ours.toMessage();

        assertThat(m.extendedId()).isZero();
        assertThat(new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "d1:md11:ut_metadatai1e6:ut_pexi2ee13:metadata_sizei40000e1:pi6881e4:reqqi250e"
                        + "11:upload_onlyi1e1:v13:Lodestone 0.1e");
        assertThat(ExtensionHandshake.decode(m.payload())).isEqualTo(ours);
    }

    @Test
    void recordsRefuseValuesTheWireCannotCarry() {
        assertThatThrownBy(() -> ExtensionHandshake.of(Map.of("x", 256))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> new ExtensionHandshake(Map.of(), 0L, null, null, null, null, null))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> new ExtensionHandshake(Map.of(), null, null, null, null, 0, null))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> new ExtensionHandshake(Map.of(), null, null, null, null, null,
                BDict.builder().put("m", BInt.of(1)).build())).isInstanceOf(WireFormatException.class);
    }

    @Test
    void handshakeTravelsThroughTheFrameDecoder() {
        ExtensionHandshake ours = ExtensionHandshake.of(Map.of("ut_metadata", 3));
        List<PeerMessage> got = new FrameDecoder().feed(PeerMessageCodec.encode(ours.toMessage()));

        assertThat(got).hasSize(1);
        Extended e = (Extended) got.getFirst();
        assertThat(e.isHandshake()).isTrue();
        assertThat(ExtensionHandshake.decode(e.payload())).isEqualTo(ours);
    }

    private static void assertRejected(String payload, String message) {
        assertThatThrownBy(() -> ExtensionHandshake.decode(ascii(payload)))
                .as(payload).isInstanceOf(WireFormatException.class).hasMessage(message);
    }
}
