package io.lodestone.tracker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted UDP tracker on loopback: every datagram it receives is recorded and handed to a
 * function whose replies are sent back to the sender. Closing it stops its thread.
 */
final class FakeUdpTracker implements AutoCloseable {

    private final DatagramChannel channel;
    private final Thread thread;
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private volatile Function<byte[], List<byte[]>> script;

    FakeUdpTracker(InetAddress loopback, Function<byte[], List<byte[]>> script) throws IOException {
        this.script = script;
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(loopback, 0));
        this.thread = Thread.ofVirtual().name("fake-udp-tracker").start(this::serve);
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        try {
            while (true) {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                byte[] packet = Arrays.copyOf(buffer.array(), buffer.position());
                received.add(packet);
                for (byte[] reply : script.apply(packet)) {
                    channel.send(ByteBuffer.wrap(reply), from);
                }
            }
        } catch (ClosedChannelException e) {
            // closed: done
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void script(Function<byte[], List<byte[]>> s) {
        script = s;
    }

    String url() {
        InetSocketAddress a = (InetSocketAddress) localAddress();
        String host = a.getAddress().getHostAddress();
        return "udp://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort() + "/announce";
    }

    private SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<byte[]> received() {
        return List.copyOf(received);
    }

    /** How many received datagrams were of {@code action} (connect requests carry it at 8, others too). */
    long count(int action) {
        return received.stream().filter(p -> p.length >= 12 && ByteBuffer.wrap(p).getInt(8) == action).count();
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ answers

    static int tid(byte[] request) {
        return ByteBuffer.wrap(request).getInt(12);
    }

    static int action(byte[] request) {
        return ByteBuffer.wrap(request).getInt(8);
    }

    static byte[] connected(int tid, long connectionId) {
        return ByteBuffer.allocate(16).putInt(UdpTrackerCodec.ACTION_CONNECT).putInt(tid).putLong(connectionId).array();
    }

    static byte[] announced(int tid, int interval, byte[] peers) {
        return ByteBuffer.allocate(20 + peers.length).putInt(UdpTrackerCodec.ACTION_ANNOUNCE).putInt(tid)
                .putInt(interval).putInt(1).putInt(2).put(peers).array();
    }

    static byte[] error(int tid, String message) {
        byte[] m = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + m.length).putInt(UdpTrackerCodec.ACTION_ERROR).putInt(tid).put(m).array();
    }
}
