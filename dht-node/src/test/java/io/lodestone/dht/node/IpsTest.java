package io.lodestone.dht.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpsTest {

    @Test
    void publicMeansWhatPublicClientsTalkTo() {
        for (String s : List.of("1.2.3.4", "20.0.0.1", "203.0.113.5", "2001:db8::1", "2a00::1")) {
            assertThat(Ips.isPublic(NodeFixture.addr(s, 1).getAddress())).as(s).isTrue();
        }
        for (String s : List.of("0.0.0.0", "0.1.2.3", "10.1.2.3", "127.0.0.1", "169.254.1.1", "172.16.0.1",
                "192.168.0.1", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "fc00::1",
                "fd12::1", "fec0::1", "ff02::1")) {
            assertThat(Ips.isPublic(NodeFixture.addr(s, 1).getAddress())).as(s).isFalse();
        }
    }

    @Test
    void mappedAddressesAreUnmapped() throws Exception {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        b[12] = 10;
        b[15] = 1;
        Inet6Address mapped = Inet6Address.getByAddress(null, b, -1);
        assertThat(Ips.isMapped(mapped)).isTrue();
        assertThat(Ips.unmapped(mapped)).isEqualTo(NodeFixture.ipv4(10, 0, 0, 1));
        assertThat(Ips.isPublic(mapped)).isFalse(); // judged as the 10.0.0.1 it carries
        assertThat(Ips.family(mapped)).isEqualTo(StandardProtocolFamily.INET);
        assertThat(Ips.normalize(new InetSocketAddress(mapped, 5))).isEqualTo(
                new InetSocketAddress(NodeFixture.ipv4(10, 0, 0, 1), 5));
        InetSocketAddress plain = NodeFixture.addr(1);
        assertThat(Ips.normalize(plain)).isSameAs(plain);
        assertThat(Ips.isEndpoint(InetSocketAddress.createUnresolved("x", 1))).isFalse();
        assertThat(Ips.isEndpoint(new InetSocketAddress(NodeFixture.ip(1), 0))).isFalse();
    }
}
