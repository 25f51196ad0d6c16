package io.lodestone.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @Test
    void ipv4Literal() throws Exception {
        HostPort hp = HostPort.parse("1.2.3.4:6881");
        assertThat(hp).isEqualTo(new HostPort("1.2.3.4", 6881));
        assertThat(hp.isLiteral()).isTrue();
        InetSocketAddress a = hp.toSocketAddress();
        assertThat(a.isUnresolved()).isFalse();
        assertThat(a.getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(a.getAddress().getAddress()).containsExactly(1, 2, 3, 4);
        assertThat(a.getPort()).isEqualTo(6881);
        assertThat(hp.toString()).isEqualTo("1.2.3.4:6881");
    }

    @Test
    void namesStayUnresolved() {
        for (String s : new String[] {"router.bittorrent.com:6881", "dht.transmissionbt.com:6881", "localhost:1",
                "a-b.example.:65535", "x1.y2:80"}) {
            HostPort hp = HostPort.parse(s);
            assertThat(hp.isLiteral()).as(s).isFalse();
            InetSocketAddress a = hp.toSocketAddress();
            assertThat(a.isUnresolved()).as(s).isTrue(); // no DNS was done
            assertThat(a.getHostString() + ":" + a.getPort()).isEqualTo(s);
        }
    }

    @Test
    void bracketedIpv6() {
        HostPort hp = HostPort.parse("[2001:db8::1]:51413");
        assertThat(hp.host()).isEqualTo("2001:db8::1");
        assertThat(hp.port()).isEqualTo(51413);
        assertThat(hp.isLiteral()).isTrue();
        InetAddress a = hp.toSocketAddress().getAddress();
        assertThat(a).isInstanceOf(Inet6Address.class);
        assertThat(a.getAddress()[0]).isEqualTo((byte) 0x20);
        assertThat(a.getAddress()[15]).isEqualTo((byte) 1);
        assertThat(hp.toString()).isEqualTo("[2001:db8::1]:51413");
        assertThat(HostPort.parse(hp.toString())).isEqualTo(hp);
        assertThat(HostPort.parse("[::1]:1").toSocketAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void surroundingWhitespaceIsTrimmed() {
        assertThat(HostPort.parse("  example.org:80 \n")).isEqualTo(new HostPort("example.org", 80));
    }

    @Test
    void fromSocketAddress() {
        InetSocketAddress a = InetSocketAddress.createUnresolved("example.org", 443);
        assertThat(HostPort.of(a)).isEqualTo(new HostPort("example.org", 443));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:-1", "1.2.3.4:99999999999", "1.2.3.4:+80",
            "1.2.3.4:8o", "1.2.3.4: 80", "1.2.3.4:\u0668\u0660", // Arabic-Indic digits
            "1.2.3.4", "example.org", "1.2.3.4:", "[::1]", "[::1]:", ":80", // missing parts
            "", "   ", ":", "[]:80", "[::1", "::1:80", "[::1]80", "[::1]:80:90", "[::1%eth0]:80",
            "[example.org]:80", "[1.2.3.4]:80", "[gggg::1]:80", "[1::2::3]:80",
            "exa mple.org:80", "ex_ample.org:80", "host/path:80", "user@host:80", "h\u00e9st:80",
            "a..b:80", ".a:80", "-a.b:80", "a-.b:80",   // empty labels, hyphens at label ends
            "1.2.3.256:80", "300.1.1.1:80", "1.2.3:80", // numbers that are not IPv4 addresses
            "1.2.3.4.5:80",
    })
    void rejects(String s) {
        assertThatThrownBy(() -> HostPort.parse(s)).as(s).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longLabelsAndNamesAreRejected() {
        String label63 = "a".repeat(63);
        assertThat(HostPort.parse(label63 + ".com:80").host()).startsWith("aaa");
        assertThatThrownBy(() -> HostPort.parse("a".repeat(64) + ".com:80"))
                .isInstanceOf(IllegalArgumentException.class);
        String name254 = (label63 + ".").repeat(3) + "a".repeat(62); // 254 characters
        assertThatThrownBy(() -> HostPort.parse(name254 + ":80")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorChecks() {
        assertThatThrownBy(() -> new HostPort("", 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostPort(null, 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostPort("a", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostPort("a", 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostPort.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
