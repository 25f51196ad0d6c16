package io.lodestone.client.holepunch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.client.holepunch.HolepunchMessage.Connect;
import io.lodestone.client.holepunch.HolepunchMessage.ErrorCode;
import io.lodestone.client.holepunch.HolepunchMessage.Rendezvous;
import io.lodestone.client.holepunch.HolepunchPolicy.Action;
import io.lodestone.client.holepunch.HolepunchPolicy.PeerView;
import io.lodestone.time.VirtualClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The relay, initiator and target sides of BEP 55 on a virtual clock, peers named by strings. */
class HolepunchPolicyTest {

    private static final InetSocketAddress SELF = new InetSocketAddress("10.0.0.1", 6881);
    private static final InetSocketAddress A = new InetSocketAddress("10.0.0.2", 6881);
    private static final InetSocketAddress C = new InetSocketAddress("10.0.0.3", 6881);

    private final VirtualClock clock = new VirtualClock();
    private final HolepunchPolicy<String> policy = new HolepunchPolicy<>(HolepunchConfig.defaults(), clock, SELF);
    private final Map<InetSocketAddress, PeerView<String>> connected = new HashMap<>();

    private HolepunchPolicy.Peers<String> peers() {
        return e -> Optional.ofNullable(connected.get(e));
    }

    private PeerView<String> connect(String name, InetSocketAddress at, boolean holepunch) {
        PeerView<String> v = new PeerView<>(name, at, holepunch);
        connected.put(at, v);
        return v;
    }

    @Test
    void aRelayConnectedToBothSendsConnectToEach() {
        PeerView<String> a = connect("a", A, true);
        connect("c", C, true);
        assertThat(policy.onRendezvous(a, C, peers())).containsExactly(
                new Action.Send<>("c", new Connect(A)), new Action.Send<>("a", new Connect(C)));
    }

    @Test
    void aRelayAnswersEachImpossibleRendezvousWithItsError() {
        PeerView<String> a = connect("a", A, true);
        assertThat(policy.onRendezvous(a, C, peers()))
                .containsExactly(new Action.Send<>("a", new HolepunchMessage.Error(C, ErrorCode.NOT_CONNECTED)));
        connect("c", C, false);
        assertThat(policy.onRendezvous(a, C, peers()))
                .containsExactly(new Action.Send<>("a", new HolepunchMessage.Error(C, ErrorCode.NO_SUPPORT)));
        assertThat(policy.onRendezvous(a, SELF, peers()))
                .containsExactly(new Action.Send<>("a", new HolepunchMessage.Error(SELF, ErrorCode.NO_SELF)));
        assertThat(policy.onRendezvous(a, A, peers()))
                .containsExactly(new Action.Send<>("a", new HolepunchMessage.Error(A, ErrorCode.NO_SUCH_PEER)));
    }

    @Test
    void aPeerFloodingRendezvousIsIgnoredPastItsBudgetUntilTheMinuteTurns() {
        PeerView<String> a = connect("a", A, true);
        connect("c", C, true);
        int limit = HolepunchConfig.defaults().rendezvousPerMinute();
        for (int i = 0; i < limit; i++) {
            assertThat(policy.onRendezvous(a, C, peers())).hasSize(2);
        }
        assertThat(policy.onRendezvous(a, C, peers())).isEmpty();
        clock.advance(Duration.ofSeconds(61));
        assertThat(policy.onRendezvous(a, C, peers())).hasSize(2);
    }

    @Test
    void aConnectDialsOnceAndNeverOurselvesOrAConnectedPeer() {
        assertThat(policy.onConnect(C, peers())).containsExactly(new Action.Dial<>(C));
        assertThat(policy.onConnect(SELF, peers())).isEmpty();
        connect("c", C, true);
        assertThat(policy.onConnect(C, peers())).isEmpty();
    }

    @Test
    void connectsAreBoundedPerMinute() {
        int limit = HolepunchConfig.defaults().connectsPerMinute();
        for (int i = 0; i < limit; i++) {
            assertThat(policy.onConnect(new InetSocketAddress("10.1.0." + (i + 1), 7000), peers())).hasSize(1);
        }
        assertThat(policy.onConnect(new InetSocketAddress("10.2.0.1", 7000), peers())).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(policy.onConnect(new InetSocketAddress("10.2.0.1", 7000), peers())).hasSize(1);
    }

    @Test
    void anInitiatorAsksARelayOnceUntilTheRetryTime() {
        PeerView<String> relay = connect("r", A, true);
        assertThat(policy.onUnreachable(C, relay)).containsExactly(new Action.Send<>("r", new Rendezvous(C)));
        assertThat(policy.onUnreachable(C, relay)).isEmpty();
        clock.advance(HolepunchConfig.defaults().retryAfter());
        assertThat(policy.onUnreachable(C, relay)).hasSize(1);
        // a relay without the extension is not asked
        assertThat(policy.onUnreachable(new InetSocketAddress("10.0.0.9", 1), connect("x", C, false))).isEmpty();
    }

    @Test
    void aRelaysErrorPostponesTheNextAsk() {
        PeerView<String> relay = connect("r", A, true);
        policy.onError(new HolepunchMessage.Error(C, ErrorCode.NOT_CONNECTED));
        assertThat(policy.onUnreachable(C, relay)).isEmpty();
        clock.advance(HolepunchConfig.defaults().retryAfter());
        assertThat(policy.onUnreachable(C, relay)).isEqualTo(List.of(new Action.Send<>("r", new Rendezvous(C))));
    }
}
