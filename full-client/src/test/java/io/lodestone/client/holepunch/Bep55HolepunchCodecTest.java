package io.lodestone.client.holepunch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.client.holepunch.HolepunchMessage.Connect;
import io.lodestone.client.holepunch.HolepunchMessage.ErrorCode;
import io.lodestone.client.holepunch.HolepunchMessage.Rendezvous;
import io.lodestone.wire.WireFormatException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** BEP 55's message layout as byte vectors, every malformed length, and a seeded fuzz. */
class Bep55HolepunchCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void rendezvousOverIpv4() throws Exception {
        // msg_type 0, addr_type 0, 1.2.3.4, port 6881 (0x1ae1), err_code 0
        byte[] wire = HEX.parseHex("00" + "00" + "01020304" + "1ae1" + "00000000");
        assertThat(HolepunchCodec.encode(new Rendezvous(at("1.2.3.4", 6881)))).isEqualTo(wire);
        assertThat(HolepunchCodec.decode(wire)).isEqualTo(new Rendezvous(at("1.2.3.4", 6881)));
    }

    @Test
    void connectOverIpv6() throws Exception {
        byte[] wire = HEX.parseHex("01" + "01" + "20010db8000000000000000000000001" + "c8d5" + "00000000");
        assertThat(HolepunchCodec.encode(new Connect(at("2001:db8::1", 51413)))).isEqualTo(wire);
        assertThat(HolepunchCodec.decode(wire)).isEqualTo(new Connect(at("2001:db8::1", 51413)));
    }

    @Test
    void errorCarriesItsCode() throws Exception {
        for (ErrorCode code : new ErrorCode[] {ErrorCode.NO_SUCH_PEER, ErrorCode.NOT_CONNECTED, ErrorCode.NO_SUPPORT,
                ErrorCode.NO_SELF}) {
            byte[] wire = HolepunchCodec.encode(new HolepunchMessage.Error(at("10.0.0.7", 7000), code));
            assertThat(wire[0]).isEqualTo((byte) 0x02);
            assertThat(wire[wire.length - 1]).isEqualTo((byte) code.wire());
            assertThat(HolepunchCodec.decode(wire)).isEqualTo(new HolepunchMessage.Error(at("10.0.0.7", 7000), code));
        }
        byte[] future = HEX.parseHex("02" + "00" + "0a000007" + "1b58" + "00000063");
        assertThat(((HolepunchMessage.Error) HolepunchCodec.decode(future)).code()).isEqualTo(ErrorCode.UNKNOWN);
    }

    @Test
    void malformedMessagesAreRefused() {
        String v4 = "00" + "00" + "01020304" + "1ae1" + "00000000";
        assertThatThrownBy(() -> HolepunchCodec.decode(new byte[0])).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> HolepunchCodec.decode(HEX.parseHex("00"))).isInstanceOf(WireFormatException.class);
        // a byte short, a byte over, an IPv6 type with an IPv4 body
        assertThatThrownBy(() -> HolepunchCodec.decode(HEX.parseHex(v4.substring(2)))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> HolepunchCodec.decode(HEX.parseHex(v4 + "00"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> HolepunchCodec.decode(HEX.parseHex("0001" + v4.substring(4))))
                .isInstanceOf(WireFormatException.class);
        // unknown message and address types, port 0, an error without a code
        assertThatThrownBy(() -> HolepunchCodec.decode(HEX.parseHex("03" + v4.substring(2))))
                .hasMessageContaining("message type 3");
        assertThatThrownBy(() -> HolepunchCodec.decode(HEX.parseHex("0002" + v4.substring(4))))
                .hasMessageContaining("address type 2");
        assertThatThrownBy(() -> HolepunchCodec.decode(HEX.parseHex("0000010203040000" + "00000000")))
                .hasMessageContaining("port 0");
        assertThatThrownBy(() -> HolepunchCodec.decode(HEX.parseHex("02" + v4.substring(2))))
                .hasMessageContaining("without an error code");
    }

    /** Random bytes of every length up to a little past the longest message: decoded or refused, never more. */
    @Test
    void seededFuzzDecodesOrRefuses() {
        SplittableRandom random = new SplittableRandom(55);
        int decoded = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[random.nextInt(HolepunchCodec.MAX_LENGTH + 4)];
            random.nextBytes(b);
            if (random.nextBoolean() && b.length > 1) { // valid types half the time, to reach past the header
                b[0] = (byte) random.nextInt(3);
                b[1] = (byte) random.nextInt(2);
            }
            try {
                HolepunchMessage m = HolepunchCodec.decode(b);
                assertThat(HolepunchCodec.encode(m)).hasSize(b.length);
                decoded++;
            } catch (WireFormatException expected) {
                assertThat(expected.getMessage()).startsWith("ut_holepunch");
            }
        }
        assertThat(decoded).isPositive();
    }
}
