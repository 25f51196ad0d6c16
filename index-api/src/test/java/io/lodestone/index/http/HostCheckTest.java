package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.time.VirtualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the guard: Host allow-list, same-origin, token buckets on a virtual clock. */
class HostCheckTest {

    final HostCheck hosts = new HostCheck(List.of("Index.Example.org"));

    @Test
    void hostsAreIpLiteralsLocalhostOrConfiguredNames() {
        assertThat(hosts.allows("127.0.0.1:8080")).isTrue();
        assertThat(hosts.allows("10.1.2.3")).isTrue();
        assertThat(hosts.allows("[::1]:8080")).isTrue();
        assertThat(hosts.allows("localhost")).isTrue();
        assertThat(hosts.allows("app.localhost:3000")).isTrue();
        assertThat(hosts.allows("index.example.org.")).isTrue();
        assertThat(hosts.allows(null)).as("HTTP/1.0 without Host").isTrue();
        assertThat(hosts.allows("evil.example")).isFalse();
        assertThat(hosts.allows("127.0.0.1.evil.example")).isFalse();
        assertThat(hosts.allows("localhost.evil.example")).isFalse();
        assertThat(hosts.allows("999.1.1.1")).isFalse();
        assertThat(hosts.allows("[::1")).isFalse();
        assertThat(hosts.allows("127.0.0.1:port")).isFalse();
        assertThat(hosts.allows("")).isFalse();
        assertThat(hosts.allows("a".repeat(300))).isFalse();
    }

    @Test
    void sameOriginComparesHostAndPortNotScheme() {
        assertThat(HostCheck.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(HostCheck.sameOrigin("https://index.example.org", "index.example.org")).isTrue();
        assertThat(HostCheck.sameOrigin("http://index.example.org", "index.example.org:80")).isTrue();
        assertThat(HostCheck.sameOrigin("http://127.0.0.1:9999", "127.0.0.1:8080")).isFalse();
        assertThat(HostCheck.sameOrigin("null", "127.0.0.1:8080")).isFalse();
        assertThat(HostCheck.sameOrigin("http://127.0.0.1:8080@evil", "127.0.0.1:8080")).isFalse();
        assertThat(HostCheck.sameOrigin("ftp://127.0.0.1:8080", "127.0.0.1:8080")).isFalse();
        assertThat(HostCheck.sameOrigin("http://127.0.0.1:8080", null)).isFalse();
    }

    @Test
    void bucketsRefillAtTheirRateAndSayHowLongToWait() {
        VirtualClock clock = new VirtualClock();
        TokenBuckets b = new TokenBuckets(clock, new HttpConfig.Rate(2, 3), 2);
        assertThat(b.take("a")).isZero();
        assertThat(b.take("a")).isZero();
        assertThat(b.take("a")).isZero();
        long wait = b.take("a");
        assertThat(wait).isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(TokenBuckets.retryAfterSeconds(wait)).isEqualTo(1);
        assertThat(b.take("b")).as("another client has its own bucket").isZero();
        clock.advance(Duration.ofMillis(500));
        assertThat(b.take("a")).isZero();
        assertThat(b.take("a")).isPositive();
        // bounded: a third client evicts the least recently seen, which starts full again
        b.take("c");
        b.take("d");
        assertThat(b.take("a")).isZero();
    }
}
