package io.lodestone.ops.bench;

import io.lodestone.wire.utp.UtpConfig;
import io.lodestone.wire.utp.UtpSocket;
import io.lodestone.wire.utp.UtpSocketManager;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Our own byte stream, this process to itself on loopback, over uTP (two {@link UtpSocketManager}s)
 * and over TCP: the same seeded bytes one way, hashed on both ends, timed.
 */
final class UtpStreamBench {

    private static final int CHUNK = 64 * 1024;
    private static final int CONNECT_TRIES = 3;
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final long bytes;
    private final Duration timeout;

    UtpStreamBench(long bytes, Duration timeout) {
        this.bytes = bytes;
        this.timeout = timeout;
    }

    BenchDownloadPeers.Run utp() throws Exception {
        try (UtpSocketManager a = UtpSocketManager.bind(LOOPBACK, UtpConfig.defaults(), 4);
             UtpSocketManager b = UtpSocketManager.bind(LOOPBACK, UtpConfig.defaults(), 4)) {
            BlockingQueue<UtpSocket> accepted = new ArrayBlockingQueue<>(CONNECT_TRIES);
            b.onAccept(accepted::offer);
            UtpSocket out = connect(a, b.localAddress());
            // a try whose answer was lost left an accepted socket too: the connected one came last
            UtpSocket in = accepted.poll(5, TimeUnit.SECONDS);
            for (UtpSocket later; (later = accepted.poll()) != null; in = later) {
                in.close();
            }
            if (in == null) {
                return new BenchDownloadPeers.Run("our uTP stream", 0, 0, false, "no connection");
            }
            BenchDownloadPeers.Run r = time("our uTP stream", out, in);
            in.close();
            return r;
        }
    }

    /**
     * A few tries, as a client retries a peer: under heavy loss the SYN and its answer may both
     * be lost through every resend within one connect timeout, and the connect is not what is measured.
     */
    private static UtpSocket connect(UtpSocketManager from, InetSocketAddress to) throws java.io.IOException {
        java.io.IOException last = null;
        for (int attempt = 0; attempt < CONNECT_TRIES; attempt++) {
            UtpSocket s = from.newSocket();
            try {
                s.connect(to, 5000);
                return s;
            } catch (java.io.IOException e) {
                last = e;
                s.close();
            }
        }
        throw last;
    }

    BenchDownloadPeers.Run tcp() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket out = new Socket()) {
            out.connect(server.getLocalSocketAddress(), 5000);
            try (Socket in = server.accept()) {
                return time("our TCP stream", out, in);
            }
        }
    }

    private BenchDownloadPeers.Run time(String name, Socket out, Socket in) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        CompletableFuture<byte[]> sent = CompletableFuture.supplyAsync(() -> send(out));
        in.setSoTimeout((int) timeout.toMillis());
        byte[] got = receive(in.getInputStream());
        double seconds = (System.nanoTime() - start) / 1e9;
        byte[] want = sent.get(timeout.toSeconds(), TimeUnit.SECONDS);
        boolean same = Arrays.equals(got, want);
        return new BenchDownloadPeers.Run(name, seconds, (os.getProcessCpuTime() - cpu0) / 1e9, same,
                same ? "verified" : "content differs");
    }

    private byte[] send(Socket s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            SplittableRandom random = new SplittableRandom(bytes);
            byte[] buf = new byte[CHUNK];
            OutputStream o = s.getOutputStream();
            for (long left = bytes; left > 0; left -= CHUNK) {
                int n = (int) Math.min(CHUNK, left);
                random.nextBytes(buf);
                md.update(buf, 0, n);
                o.write(buf, 0, n);
            }
            o.flush();
            s.close(); // FIN after the last byte
            return md.digest();
        } catch (Exception e) {
            throw new IllegalStateException("sending failed: " + e.getMessage(), e);
        }
    }

    private byte[] receive(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[CHUNK];
        long total = 0;
        int n;
        while (total < bytes && (n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
            total += n;
        }
        return total == bytes ? md.digest() : new byte[0];
    }
}
