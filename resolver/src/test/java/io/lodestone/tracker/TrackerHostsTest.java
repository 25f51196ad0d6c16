package io.lodestone.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tracker hosts on loopback, private or link-local addresses are refused unless allowed. */
class TrackerHostsTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Map<String, List<InetAddress>> DNS = Map.of(
            "public.example", List.of(ip("198.51.100.7")),
            "lan.example", List.of(ip("192.168.1.10")),
            "mixed.example", List.of(ip("198.51.100.7"), ip("10.0.0.1")),
            "v6.example", List.of(ip("fd00::1")));

    private static TrackerHosts hosts(boolean allowPrivate) {
        return new TrackerHosts(allowPrivate, h -> {
            List<InetAddress> a = DNS.get(h);
            if (a != null) {
                return a.toArray(InetAddress[]::new);
            }
            if (Character.isDigit(h.charAt(0)) || h.contains(":")) {
                return new InetAddress[] {ip(h)};
            }
            throw new UnknownHostException(h);
        });
    }

    @Test
    void nonPublicAddressesAreRefused() {
        TrackerHosts strict = hosts(false);
        for (String h : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.1.1", "0.0.0.0",
                "[::1]", "fe80::1", "lan.example", "mixed.example", "v6.example")) {
            assertThatThrownBy(() -> strict.check(h)).as(h).isInstanceOfSatisfying(TrackerException.class,
                    e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.BAD_URL));
        }
        assertThat(strict.check("public.example")).isEqualTo(ip("198.51.100.7"));
        assertThat(strict.check("203.0.113.9")).isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void allowPrivateLetsThemThrough() {
        TrackerHosts loose = hosts(true);
        assertThat(loose.check("127.0.0.1")).isEqualTo(ip("127.0.0.1"));
        assertThat(loose.check("lan.example")).isEqualTo(ip("192.168.1.10"));
    }

    @Test
    void unknownHostsAreATransportError() {
        assertThatThrownBy(() -> hosts(false).check("nowhere.example")).isInstanceOfSatisfying(TrackerException.class,
                e -> assertThat(e.kind()).isEqualTo(TrackerException.Kind.TRANSPORT));
        assertThatThrownBy(() -> hosts(false).check("")).isInstanceOf(TrackerException.class);
    }

    @Test
    void theUdpClientChecksTheAddressItSendsTo() {
        assertThatThrownBy(() -> UdpTrackerClient.resolve("udp://127.0.0.1:6969/announce", hosts(false)))
                .isInstanceOf(TrackerException.class).hasMessageContaining("refused without --allow-private");
        assertThat(UdpTrackerClient.resolve("udp://127.0.0.1:6969/announce", hosts(true)).getPort()).isEqualTo(6969);
    }

    @Test
    void trackersPerTorrentAreCapped() {
        try (TrackerClient c = new TrackerClient(TrackerConfig.defaults().withCaps(3, 2))) {
            assertThat(c.capped(List.of("udp://a:1", "udp://b:1", "udp://c:1", "udp://d:1")))
                    .containsExactly("udp://a:1", "udp://b:1", "udp://c:1");
            assertThat(c.inFlight()).isZero();
        }
    }
}
