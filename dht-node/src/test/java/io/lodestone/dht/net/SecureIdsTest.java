package io.lodestone.dht.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.routing.NodeIdSecurity;
import io.lodestone.types.NodeId;
import java.net.InetAddress;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SecureIdsTest {
    final SplittableRandom random = new SplittableRandom(42);
    final NodeId arbitrary = NodeId.fromHex("0000000000000000000000000000000000000001");

    @Test
    void noExternalAddressNoChange() {
        assertThat(new SecureIds().check(arbitrary, Optional.empty(), 0, random)).isEmpty();
    }

    @Test
    void exemptAddressesNeverChangeTheId() throws Exception {
        SecureIds s = new SecureIds();
        assertThat(s.check(arbitrary, Optional.of(InetAddress.getByName("127.0.0.1")), 0, random)).isEmpty();
        assertThat(s.check(arbitrary, Optional.of(InetAddress.getByName("192.168.1.7")), 0, random)).isEmpty();
    }

    @Test
    void aPublicAddressGivesAnIdThatFitsIt() throws Exception {
        InetAddress external = InetAddress.getByName("124.31.75.21");
        assertThat(NodeIdSecurity.isValid(arbitrary, external)).isFalse();
        NodeId fresh = new SecureIds().check(arbitrary, Optional.of(external), 0, random).orElseThrow();
        assertThat(NodeIdSecurity.isValid(fresh, external)).isTrue();
        // and a fitting id is left alone
        assertThat(new SecureIds().check(fresh, Optional.of(external), 0, random)).isEmpty();
    }

    @Test
    void notMoreOftenThanTheMinimumInterval() throws Exception {
        SecureIds s = new SecureIds();
        InetAddress a = InetAddress.getByName("124.31.75.21");
        InetAddress b = InetAddress.getByName("21.75.31.124");
        NodeId first = s.check(arbitrary, Optional.of(a), 0, random).orElseThrow();
        long almost = SecureIds.MIN_INTERVAL.toNanos() - 1;
        assertThat(s.check(first, Optional.of(b), almost, random)).isEmpty(); // the address flapped: wait
        NodeId second = s.check(first, Optional.of(b), SecureIds.MIN_INTERVAL.toNanos(), random).orElseThrow();
        assertThat(NodeIdSecurity.isValid(second, b)).isTrue();
    }
}
