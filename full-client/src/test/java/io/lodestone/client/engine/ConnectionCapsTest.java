package io.lodestone.client.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The global and per-IP connection caps, and the handshake timeout of incoming connections, on loopback. */
@Timeout(60)
class ConnectionCapsTest {

    @Test
    void capsCountBothDirectionsAndGiveSlotsBack() throws Exception {
        ConnectionCaps caps = new ConnectionCaps(3, 2);
        InetAddress a = InetAddress.getByName("127.0.0.2");
        InetAddress b = InetAddress.getByName("127.0.0.3");
        assertThat(caps.tryIncoming(a)).isTrue();
        assertThat(caps.tryIncoming(a)).isTrue();
        assertThat(caps.tryIncoming(a)).as("per-IP cap").isFalse();
        assertThat(caps.tryOutgoing()).isTrue();
        assertThat(caps.tryIncoming(b)).as("global cap").isFalse();
        assertThat(caps.tryOutgoing()).isFalse();
        caps.closedIncoming(a);
        assertThat(caps.room()).isEqualTo(1);
        assertThat(caps.tryIncoming(b)).isTrue();
        assertThat(caps.refused()).isEqualTo(3);
        caps.closedIncoming(a);
        caps.closedIncoming(b);
        caps.closedOutgoing();
        assertThat(caps.open()).isZero();
    }

    @Test
    void incomingConnectionsAreCappedPerIpAndClosedWithoutAHandshake() throws Exception {
        EngineConfig config = EngineConfig.defaults().withAllowPrivate(true)
                .withListen(InetAddress.getLoopbackAddress(), 0)
                .withConnectionCaps(50, 3).withHandshakeTimeout(Duration.ofSeconds(1));
        PeerNetwork net = PeerNetwork.start(config);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), net.port()), 5_000);
                s.setSoTimeout(15_000);
                sockets.add(s);
            }
            int closed = 0;
            for (Socket s : sockets) {
                if (closedByPeer(s)) { // the over-cap ones at once, the others at the handshake timeout
                    closed++;
                }
            }
            assertThat(closed).isEqualTo(6);
            assertThat(net.caps().refused()).isEqualTo(3);
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (net.caps().open() > 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(net.caps().open()).as("every slot is given back").isZero();
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            net.close();
        }
    }

    private static boolean closedByPeer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
