package io.lodestone.wire.utp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The UDP multiplexer and the blocking socket over real loopback datagrams. */
@Timeout(60)
class UtpSocketManagerTest {

    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private UtpSocketManager a;
    private UtpSocketManager b;

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void eightMebibytesBothWaysOnOnePortWithGarbageInBetween() throws Exception {
        a = UtpSocketManager.bind(ANY, UtpConfig.defaults(), 16);
        b = UtpSocketManager.bind(ANY, UtpConfig.defaults(), 16);
        BlockingQueue<UtpSocket> incoming = new ArrayBlockingQueue<>(4);
        b.onAccept(incoming::add);
        byte[] data = new byte[8 << 20];
        new Random(1).nextBytes(data);
        // datagrams that are not uTP, or uTP for no connection, are dropped and counted
        try (DatagramSocket junk = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (byte[] d : new byte[][] {"d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe".getBytes(),
                    new byte[3], new byte[] {0x21, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}) {
                junk.send(new DatagramPacket(d, d.length, b.localAddress()));
            }
        }
        UtpSocket out = a.newSocket();
        out.connect(b.localAddress(), 5000);
        UtpSocket in = incoming.poll(5, TimeUnit.SECONDS);
        assertThat(in).isNotNull();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                out.getOutputStream().write(data);
                in.getOutputStream().write(data, 0, 1 << 20);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(sha(in.getInputStream(), data.length)).isEqualTo(sha(data, data.length));
        assertThat(sha(out.getInputStream(), 1 << 20)).isEqualTo(sha(data, 1 << 20));
        writer.join(10_000);
        out.close(); // FIN: the other side reads the end of the stream
        in.setSoTimeout(5000);
        assertThat(in.getInputStream().read()).isEqualTo(-1);
        assertThat(b.dropped()).isGreaterThanOrEqualTo(3);
        assertThat(b.acceptedCount()).isEqualTo(1);
        in.close();
    }

    @Test
    void aPortNobodyAcceptsOnTimesOutTheConnect() throws Exception {
        a = UtpSocketManager.bind(ANY, UtpConfig.defaults(), 16);
        b = UtpSocketManager.bind(ANY, UtpConfig.defaults(), 16); // no acceptor: SYNs are dropped
        UtpSocket s = a.newSocket();
        assertThatThrownBy(() -> s.connect(b.localAddress(), 1500)).isInstanceOf(SocketTimeoutException.class);
        assertThat(a.connections()).isZero();
    }

    @Test
    void aReadTimesOutAsTcpsDoesAndCloseFromAnotherThreadEndsIt() throws Exception {
        a = UtpSocketManager.bind(ANY, UtpConfig.defaults(), 16);
        b = UtpSocketManager.bind(ANY, UtpConfig.defaults(), 16);
        b.onAccept(s -> { });
        UtpSocket s = a.newSocket();
        s.connect(b.localAddress(), 5000);
        s.setSoTimeout(100);
        assertThatThrownBy(() -> s.getInputStream().read(new byte[10])).isInstanceOf(SocketTimeoutException.class);
        s.setSoTimeout(0);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                return;
            }
            s.close();
        });
        assertThatThrownBy(() -> s.getInputStream().read(new byte[10])).hasMessageContaining("closed");
    }

    /** Reads up to {@code max} bytes or to the end, and hashes them. */
    private static String sha(InputStream in, int max) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[32 * 1024];
        int total = 0;
        int n;
        while (total < max && (n = in.read(buf, 0, Math.min(buf.length, max - total))) > 0) {
            md.update(buf, 0, n);
            total += n;
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static String sha(byte[] d, int len) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(d, 0, len);
        return java.util.HexFormat.of().formatHex(md.digest());
    }
}
