package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DialPolicyTest {

    private static final long SECOND = 1_000_000_000L;
    private final InetSocketAddress a = new InetSocketAddress("127.1.0.1", 6881);
    private final InetSocketAddress a2 = new InetSocketAddress("127.1.0.1", 6882);
    private final InetSocketAddress b = new InetSocketAddress("127.1.0.2", 6881);

    private static FetchResult.Failure fail(InetSocketAddress p, FetchResult.Reason r) {
        return new FetchResult.Failure(r, "test", p, Duration.ofSeconds(1));
    }

    @Test
    void aPeerThatTimedOutIsDeadForItsTtlThenDialledAgain() {
        DialPolicy p = new DialPolicy(new DialConfig(10, Duration.ofMinutes(30), 100, 0, 1));
        p.ended(fail(a, FetchResult.Reason.CONNECT_TIMEOUT), 0);
        assertThat(p.check(a, SECOND)).isInstanceOf(DialPolicy.Dead.class);
        assertThat(p.check(a2, SECOND)).as("another port of the same IP").isInstanceOf(DialPolicy.Allow.class);
        assertThat(p.check(a, 30 * 60 * SECOND)).isInstanceOf(DialPolicy.Allow.class);
        assertThat(p.deadPeers()).isZero();
    }

    @Test
    void onlyPeerWideFailuresMakeAPeerDead() {
        DialPolicy p = new DialPolicy(new DialConfig(10, Duration.ofMinutes(30), 100, 0, 1));
        for (FetchResult.Reason r : new FetchResult.Reason[] {FetchResult.Reason.REJECTED,
                FetchResult.Reason.WRONG_INFO_HASH, FetchResult.Reason.CANCELLED, FetchResult.Reason.CLOSED}) {
            p.ended(fail(a, r), 0);
        }
        assertThat(p.check(a, 1)).isInstanceOf(DialPolicy.Allow.class);
        for (FetchResult.Reason r : new FetchResult.Reason[] {FetchResult.Reason.CONNECT_FAILED,
                FetchResult.Reason.HANDSHAKE_TIMEOUT, FetchResult.Reason.HASH_MISMATCH, FetchResult.Reason.TOO_SLOW}) {
            InetSocketAddress peer = new InetSocketAddress("127.2.0." + (r.ordinal() + 1), 1);
            p.ended(fail(peer, r), 0);
            assertThat(p.check(peer, 1)).as(r.name()).isInstanceOf(DialPolicy.Dead.class);
        }
    }

    @Test
    void deadPeersAreBoundedOldestForgottenFirst() {
        DialPolicy p = new DialPolicy(new DialConfig(10, Duration.ofMinutes(30), 3, 0, 1));
        for (int i = 1; i <= 5; i++) {
            p.ended(fail(new InetSocketAddress("127.3.0." + i, 1), FetchResult.Reason.CONNECT_FAILED), i);
        }
        assertThat(p.deadPeers()).isEqualTo(3);
        assertThat(p.check(new InetSocketAddress("127.3.0.1", 1), 10)).isInstanceOf(DialPolicy.Allow.class);
        assertThat(p.check(new InetSocketAddress("127.3.0.5", 1), 10)).isInstanceOf(DialPolicy.Dead.class);
    }

    @Test
    void anIpGetsItsBurstThenItsRate() {
        DialPolicy p = new DialPolicy(new DialConfig(10, Duration.ZERO, 1, 2, 3));
        for (int i = 0; i < 3; i++) {
            assertThat(p.check(a, 0)).isInstanceOf(DialPolicy.Allow.class);
            p.dialed(i % 2 == 0 ? a : a2, 0);
        }
        DialPolicy.Verdict v = p.check(a, 0);
        assertThat(v).isInstanceOf(DialPolicy.Wait.class);
        assertThat(((DialPolicy.Wait) v).atNanos()).isEqualTo(SECOND / 2);
        assertThat(p.check(b, 0)).as("another IP").isInstanceOf(DialPolicy.Allow.class);
        assertThat(p.check(a, SECOND / 2)).isInstanceOf(DialPolicy.Allow.class);
    }

    @Test
    void theDialerNeverLetsMoreThanItsCapOpen() {
        AtomicLong now = new AtomicLong();
        PeerDialer d = new PeerDialer(new DialConfig(2, Duration.ofMinutes(1), 10, 0, 1), now::get);
        assertThat(d.tryDial(a)).isEqualTo(PeerDialer.Decision.DIALED);
        assertThat(d.tryDial(b)).isEqualTo(PeerDialer.Decision.DIALED);
        assertThat(d.tryDial(a2)).isEqualTo(PeerDialer.Decision.FULL);
        assertThat(d.tryDial(a)).as("a dial to it is under way").isEqualTo(PeerDialer.Decision.BUSY);
        d.ended(a, fail(a, FetchResult.Reason.CONNECT_TIMEOUT));
        assertThat(d.tryDial(a)).isEqualTo(PeerDialer.Decision.DEAD);
        assertThat(d.tryDial(a2)).isEqualTo(PeerDialer.Decision.DIALED);
        assertThat(d.open()).isEqualTo(2);
        assertThat(d.peak()).isEqualTo(2);
        assertThat(d.deadPeers()).isEqualTo(1);
        assertThat(d.deadSkipped()).isEqualTo(1);
    }
}
