package io.lodestone.resolve;

import io.lodestone.wire.mse.EncryptionPolicy;
import io.lodestone.wire.mse.MseReceiver;
import io.lodestone.wire.mse.MseSession;
import io.lodestone.wire.mse.MseStep;
import io.lodestone.wire.mse.SkeyDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * A loopback peer that speaks MSE/PE in front of a plaintext peer: each connection runs
 * {@link MseReceiver} with a policy, then relays the decrypted stream to {@code backend} and the
 * backend's answers back encrypted. With {@code require} it is a client that forces encryption.
 * A null backend makes a peer that closes every connection at once, whatever it opens with.
 * {@link #startMisreading} makes one that, as libtorrent 2.0 before May 2026 does, cannot find the
 * torrent when the shared secret has a leading zero byte, and closes.
 */
final class MseFront implements AutoCloseable {

    private final ServerSocket server;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger plainHandshakes = new AtomicInteger();
    final AtomicInteger encryptedHandshakes = new AtomicInteger();
    /** Handshakes closed because their secret was one an older libtorrent misreads. */
    final AtomicInteger misreadCloses = new AtomicInteger();
    private final boolean misreading;
    /** Every connection's receiver draws its key and pad from this, in the order they come. */
    private final RandomGenerator random;

    private MseFront(ServerSocket server, boolean misreading, RandomGenerator random) {
        this.server = server;
        this.misreading = misreading;
        this.random = random;
    }

    static MseFront start(EncryptionPolicy policy, SkeyDirectory torrents, InetSocketAddress backend)
            throws IOException {
        return start(policy, torrents, backend, false, new SecureRandom());
    }

    /** A misreading peer whose receivers take their keys from {@code random}: a seeded one fixes its secrets. */
    static MseFront startMisreading(EncryptionPolicy policy, SkeyDirectory torrents, InetSocketAddress backend,
                                    RandomGenerator random) throws IOException {
        return start(policy, torrents, backend, true, random);
    }

    private static MseFront start(EncryptionPolicy policy, SkeyDirectory torrents, InetSocketAddress backend,
                                  boolean misreading, RandomGenerator random) throws IOException {
        MseFront f = new MseFront(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), misreading, random);
        Thread.ofVirtual().start(() -> f.accept(policy, torrents, backend));
        return f;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void accept(EncryptionPolicy policy, SkeyDirectory torrents, InetSocketAddress backend) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                if (backend == null) {
                    s.close();
                    continue;
                }
                Thread.ofVirtual().start(() -> serve(s, policy, torrents, backend));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, EncryptionPolicy policy, SkeyDirectory torrents, InetSocketAddress backend) {
        try (s; Socket b = new Socket()) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            MseReceiver mse = new MseReceiver(policy, torrents, random);
            byte[] buf = new byte[16 * 1024];
            MseStep step = new MseStep.Pending(new byte[0]);
            while (step instanceof MseStep.Pending) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                step = mse.feed(buf, 0, n);
                out.write(step.send());
                if (misreading && mse.secretMisreadByOldLibtorrent()) {
                    misreadCloses.incrementAndGet();
                    return; // it finds no torrent under the SKEY mask it computed
                }
            }
            if (!(step instanceof MseStep.Established e)) {
                return; // refused: close
            }
            (e.session().plainHandshake() ? plainHandshakes : encryptedHandshakes).incrementAndGet();
            MseSession session = e.session();
            MseDial.Streams peer = MseDial.wrap(in, out, session, e.payload());
            b.connect(backend, 2_000);
            b.getOutputStream().write(peer.payload());
            Thread up = Thread.ofVirtual().start(() -> relay(peer.in(), b));
            relay(b.getInputStream(), peer.out());
            up.join(1_000);
        } catch (IOException | InterruptedException e) {
            // the test sees the connection end
        }
    }

    private static void relay(InputStream from, Socket to) {
        try {
            relay(from, to.getOutputStream());
        } catch (IOException e) {
            // ends with the connection
        }
    }

    private static void relay(InputStream from, OutputStream to) {
        byte[] buf = new byte[16 * 1024];
        try {
            for (int n; (n = from.read(buf)) >= 0; ) {
                to.write(buf, 0, n);
            }
        } catch (IOException e) {
            // ends with the connection
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
