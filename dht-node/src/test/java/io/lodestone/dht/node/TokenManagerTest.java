package io.lodestone.dht.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.Token;
import io.lodestone.time.VirtualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenManagerTest {

    private final VirtualClock clock = new VirtualClock();
    private final TokenManager tokens = new TokenManager(clock, new SplittableRandom(1), Duration.ofMinutes(5));
    private final InetAddress a = NodeFixture.ip(1);
    private final InetAddress b = NodeFixture.ip(2);

    @Test
    void aTokenIsEightBytesBoundToTheIp() {
        Token t = tokens.token(a);
        assertThat(t.length()).isEqualTo(TokenManager.TOKEN_LENGTH);
        assertThat(tokens.token(a)).isEqualTo(t); // stable within a period: nothing stored per requester
        assertThat(tokens.isValid(t, a)).isTrue();
        assertThat(tokens.isValid(t, b)).isFalse();
        assertThat(tokens.token(b)).isNotEqualTo(t);
        assertThat(tokens.isValid(Token.of(new byte[] {1, 2, 3, 4}), a)).isFalse();
    }

    @Test
    void aTokenLivesFiveToTenMinutes() {
        Token early = tokens.token(a);
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        Token late = tokens.token(a); // issued just before the first rotation
        assertThat(late).isEqualTo(early);
        clock.advance(Duration.ofSeconds(1)); // 5:00, rotated once
        assertThat(tokens.isValid(early, a)).isTrue();
        Token fresh = tokens.token(a);
        assertThat(fresh).isNotEqualTo(early);
        clock.advance(Duration.ofMinutes(5)); // 10:00, rotated twice
        assertThat(tokens.isValid(early, a)).isFalse();
        assertThat(tokens.isValid(fresh, a)).isTrue(); // fresh is 5 minutes old
        clock.advance(Duration.ofMinutes(5));
        assertThat(tokens.isValid(fresh, a)).isFalse();
    }

    @Test
    void aLongSilenceRetiresBothSecrets() {
        Token t = tokens.token(a);
        clock.advance(Duration.ofHours(3));
        assertThat(tokens.isValid(t, a)).isFalse();
        Token u = tokens.token(a);
        clock.advance(Duration.ofMinutes(9)); // rotations stay in phase: u was issued at a period start
        assertThat(tokens.isValid(u, a)).isTrue();
    }

    @Test
    void anIpv4MappedRequesterGetsTheIpv4Token() throws Exception {
        byte[] m = new byte[16];
        m[10] = (byte) 0xff;
        m[11] = (byte) 0xff;
        System.arraycopy(a.getAddress(), 0, m, 12, 4);
        InetAddress mapped = java.net.Inet6Address.getByAddress(null, m, -1);
        assertThat(tokens.isValid(tokens.token(mapped), a)).isTrue();
    }
}
