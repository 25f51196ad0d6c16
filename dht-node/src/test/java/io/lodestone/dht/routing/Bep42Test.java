package io.lodestone.dht.routing;

import static io.lodestone.dht.routing.Nodes.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.types.NodeId;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Bep42Test {

    /** BEP 42's table of example ids: IP, salt (the last byte), id. */
    private record Vector(String ip, int salt, String id) {
    }

    private static final List<Vector> VECTORS = List.of(
            new Vector("124.31.75.21", 1, "5fbfbff10c5d6a4ec8a88e4c6ab4c28b95eee401"),
            new Vector("21.75.31.124", 86, "5a3ce9c14e7a08645677bbd1cfe7d8f956d53256"),
            new Vector("65.23.51.170", 22, "a5d43220bc8f112a3d426c84764f8c2a1150e616"),
            new Vector("84.124.73.14", 65, "1b0321dd1bb1fe518101ceef99462b947a01ff41"),
            new Vector("43.213.53.83", 90, "e56f6cbf5b7c4be0237986d5243b87aa6d51305a"));

    private final SplittableRandom rnd = new SplittableRandom(42);

    @Test
    void generatedIdsMatchTheBepTableInTheFirst21BitsAndTheLastByte() {
        for (Vector v : VECTORS) {
            byte[] expected = NodeId.fromHex(v.id()).bytes();
            for (int i = 0; i < 20; i++) {
                byte[] got = NodeIdSecurity.generate(address(v.ip()), v.salt(), rnd).bytes();
                assertThat(got[0]).as(v.ip()).isEqualTo(expected[0]);
                assertThat(got[1]).as(v.ip()).isEqualTo(expected[1]);
                assertThat(got[2] & 0xf8).as(v.ip()).isEqualTo(expected[2] & 0xf8);
                assertThat(got[19] & 0xff).as(v.ip()).isEqualTo(v.salt());
            }
        }
    }

    @Test
    void theBepTableIdsAreValidForTheirAddressesOnly() {
        for (int i = 0; i < VECTORS.size(); i++) {
            Vector v = VECTORS.get(i);
            NodeId id = NodeId.fromHex(v.id());
            assertThat(NodeIdSecurity.isValid(id, address(v.ip()))).as(v.ip()).isTrue();
            Vector other = VECTORS.get((i + 1) % VECTORS.size());
            assertThat(NodeIdSecurity.isValid(id, address(other.ip()))).as(v.ip()).isFalse();
        }
    }

    @Test
    void onlyTheFirst21BitsAndTheSaltsLowBitsAreChecked() {
        Vector v = VECTORS.getFirst();
        InetAddress ip = address(v.ip());
        NodeId id = NodeId.fromHex(v.id());
        for (int bit = 0; bit < 21; bit++) {
            assertThat(NodeIdSecurity.isValid(flip(id, bit), ip)).as("bit %d", bit).isFalse();
        }
        for (int bit = 21; bit < NodeId.BITS - 3; bit++) {
            assertThat(NodeIdSecurity.isValid(flip(id, bit), ip)).as("bit %d", bit).isTrue();
        }
        // the last 3 bits are the salt r: a different r gives a different CRC
        for (int bit = NodeId.BITS - 3; bit < NodeId.BITS; bit++) {
            assertThat(NodeIdSecurity.isValid(flip(id, bit), ip)).as("bit %d", bit).isFalse();
        }
    }

    @Test
    void generatedIdsAreValidForRandomPublicAddressesOfBothFamilies() throws UnknownHostException {
        for (int i = 0; i < 2_000; i++) {
            byte[] raw = new byte[i % 2 == 0 ? 4 : 16];
            rnd.nextBytes(raw);
            raw[0] = (byte) (i % 2 == 0 ? 45 : 0x2a); // 45/8 is public; 2a00::/8 is global unicast
            InetAddress ip = InetAddress.getByAddress(raw);
            NodeId id = NodeIdSecurity.generate(ip, rnd);
            assertThat(NodeIdSecurity.isExempt(ip)).isFalse();
            assertThat(NodeIdSecurity.isValid(id, ip)).as(ip.toString()).isTrue();
            assertThat(NodeIdSecurity.isValid(NodeId.random(rnd), ip)).isFalse(); // 2^-21 odds of a fluke
        }
    }

    @Test
    void ipv6UsesOnlyTheMaskedFirst64Bits() {
        InetAddress ip = address("2a01:4f8:10a:1:2:3:4:5");
        NodeId id = NodeIdSecurity.generate(ip, rnd);
        assertThat(NodeIdSecurity.isValid(id, address("2a01:4f8:10a:1:ffff:ffff:ffff:ffff"))).isTrue();
        // the mask 01 03 07 0f 1f 3f 7f ff drops the high bits of each byte: 0x2a -> 0x00 in byte 0
        assertThat(NodeIdSecurity.isValid(id, address("2b01:4f8:10a:1::"))).isFalse(); // 0x01 bit kept
        assertThat(NodeIdSecurity.isValid(id, address("2a01:4f8:10a:2::"))).isFalse();
    }

    @Test
    void privateAndLocalAddressesAreExempt() {
        for (String exempt : List.of("10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.9.9",
                "127.0.0.1", "127.1.2.3", "::1", "fe80::1", "febf::1", "fc00::1", "fd12:3456::1")) {
            assertThat(NodeIdSecurity.isExempt(address(exempt))).as(exempt).isTrue();
            assertThat(NodeIdSecurity.isValid(NodeId.random(rnd), address(exempt))).as(exempt).isTrue();
        }
        for (String global : List.of("172.15.0.1", "172.32.0.1", "192.169.0.1", "11.0.0.1", "8.8.8.8",
                "2001:db8::1", "fec0::1", "fe00::1", "2a00::1")) {
            assertThat(NodeIdSecurity.isExempt(address(global))).as(global).isFalse();
        }
    }

    @Test
    void ipv4MappedAddressesAreJudgedAsIpv4() throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 124;
        mapped[13] = 31;
        mapped[14] = 75;
        mapped[15] = 21;
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(v6).isInstanceOf(Inet6Address.class);
        assertThat(NodeIdSecurity.isValid(NodeId.fromHex(VECTORS.getFirst().id()), v6)).isTrue();
        mapped[12] = 10;
        assertThat(NodeIdSecurity.isExempt(Inet6Address.getByAddress(null, mapped, -1))).isTrue();
    }

    private static NodeId flip(NodeId id, int bit) {
        byte[] b = id.bytes();
        b[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
        return NodeId.of(b);
    }
}
