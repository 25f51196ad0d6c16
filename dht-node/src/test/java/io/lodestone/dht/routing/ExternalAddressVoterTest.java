package io.lodestone.dht.routing;

import static io.lodestone.dht.routing.Nodes.address;
import static io.lodestone.dht.routing.Nodes.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ExternalAddressVoterTest {

    private static final InetAddress A = address("81.2.3.4");
    private static final InetAddress B = address("91.5.6.7");

    @Test
    void decidesAfterThreeDistinctVoters() {
        ExternalAddressVoter v = new ExternalAddressVoter();
        assertThat(v.vote(ip(1), A)).isFalse();
        assertThat(v.vote(ip(1), A)).isFalse(); // one vote per voter IP
        assertThat(v.vote(ip(1), A)).isFalse();
        assertThat(v.externalAddress()).isEmpty();
        assertThat(v.vote(ip(2), A)).isFalse();
        assertThat(v.vote(ip(3), A)).isTrue();
        assertThat(v.externalAddress()).contains(A);
        assertThat(v.vote(ip(4), A)).isFalse(); // unchanged
        assertThat(v.votesFor(A)).isEqualTo(4);
    }

    @Test
    void needsMoreThanHalfOfTheVotes() {
        ExternalAddressVoter v = new ExternalAddressVoter();
        InetAddress c = address("101.0.0.1");
        v.vote(ip(50), c);
        v.vote(ip(51), c);
        for (int i = 0; i < 3; i++) {
            v.vote(ip(i), A);
            v.vote(ip(100 + i), B);
        }
        assertThat(v.externalAddress()).isEmpty(); // 3 of 8 is the most, but no majority
        assertThat(v.vote(ip(3), A)).isFalse(); // 4 of 9
        assertThat(v.vote(ip(4), A)).isFalse(); // 5 of 10
        assertThat(v.vote(ip(5), A)).isTrue(); // 6 of 11
        assertThat(v.externalAddress()).contains(A);
    }

    @Test
    void aVoterChangingItsMindMovesItsSingleVote() {
        ExternalAddressVoter v = new ExternalAddressVoter();
        v.vote(ip(1), A);
        v.vote(ip(2), A);
        v.vote(ip(1), B);
        assertThat(v.votesFor(A)).isEqualTo(1);
        assertThat(v.votesFor(B)).isEqualTo(1);
        assertThat(v.voters()).isEqualTo(2);
    }

    @Test
    void followsAChangedAddressOnceNewVotersOutnumberTheOld() {
        ExternalAddressVoter v = new ExternalAddressVoter();
        for (int i = 0; i < 200; i++) {
            v.vote(ip(i), A);
        }
        assertThat(v.voters()).isEqualTo(ExternalAddressVoter.DEFAULT_WINDOW);
        int changes = 0;
        int switchedAt = -1;
        for (int i = 0; i < 200; i++) {
            if (v.vote(ip(1000 + i), B)) {
                changes++;
                switchedAt = i;
            }
        }
        assertThat(changes).isEqualTo(1);
        assertThat(switchedAt).isEqualTo(ExternalAddressVoter.DEFAULT_WINDOW / 2); // 26 of 50
        assertThat(v.externalAddress()).contains(B);
    }

    @Test
    void ignoresUnreachableAddressesAndTheOtherFamily() {
        ExternalAddressVoter v = new ExternalAddressVoter(1, 10);
        assertThat(v.vote(ip(1), address("0.0.0.0"))).isFalse();
        assertThat(v.vote(ip(2), address("224.0.0.1"))).isFalse();
        assertThat(v.vote(ip(3), address("2a00::1"))).isFalse();
        assertThat(v.voters()).isZero();
        assertThat(v.vote(ip(4), A)).isTrue();
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThatThrownBy(() -> new ExternalAddressVoter(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExternalAddressVoter(6, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
