package io.lodestone.wire.utp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One uTP connection seen as a blocking {@link Socket}, so code written for TCP sockets (the
 * resolver's metadata fetch) runs over uTP unchanged: {@code connect} sends the SYN and waits for
 * the answer, the streams block on the connection's buffers, {@code setSoTimeout} bounds reads with
 * a {@link SocketTimeoutException} as TCP's does, and {@code close} from any thread ends every
 * wait. Only what a stream user needs is implemented; the rest of {@link Socket} does not apply.
 */
public final class UtpSocket extends Socket {

    /** After close, how long the FIN may wait for its ack before the connection is reset. */
    static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final UtpSocketManager manager;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private UtpSocketManager.Key key;
    private UtpConnection conn;
    private volatile int soTimeout;
    private boolean closedByUs;
    private long lingerUntil = Long.MAX_VALUE;
    private volatile Runnable listener;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    UtpSocket(UtpSocketManager manager) throws SocketException {
        super((SocketImpl) null);
        this.manager = manager;
    }

    void bind(UtpSocketManager.Key key) {
        this.key = key;
    }

    void accepted(UtpConnection c) {
        lock.lock();
        try {
            conn = c;
            flushOut();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeoutMillis) throws IOException {
        if (!(endpoint instanceof InetSocketAddress peer) || peer.isUnresolved()) {
            throw new IllegalArgumentException("uTP needs a resolved address: " + endpoint);
        }
        lock.lock();
        try {
            if (closedByUs) {
                throw new SocketException("Socket is closed");
            }
            if (conn != null) {
                throw new SocketException("already connected");
            }
            conn = manager.open(peer, this);
            flushOut();
            long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis)
                    : Long.MAX_VALUE;
            while (conn.state() == UtpConnection.State.SYN_SENT) {
                if (closedByUs) {
                    throw new SocketException("Socket closed while connecting");
                }
                if (!await(deadline)) {
                    conn.abort("connect timed out");
                    flushOut();
                    manager.forget(key, this);
                    throw new SocketTimeoutException("no uTP answer from " + peer + " within " + timeoutMillis + " ms");
                }
            }
            if (conn.state() == UtpConnection.State.CLOSED) {
                manager.forget(key, this);
                throw new ConnectException("uTP connect to " + peer + " failed: " + conn.error());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a change until the deadline (System.nanoTime); false when the deadline passed. */
    private boolean await(long deadline) {
        long left = deadline == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(1) : deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            changed.awaitNanos(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closedByUs = true;
        }
        return true;
    }

    void onPacket(UtpPacket p) {
        lock.lock();
        try {
            conn.onPacket(p);
            afterEvent();
        } finally {
            lock.unlock();
        }
    }

    void tick() {
        lock.lock();
        try {
            if (conn == null) {
                return;
            }
            conn.tick();
            if (System.nanoTime() >= lingerUntil) {
                conn.abort("FIN not acknowledged after close");
            }
            afterEvent();
        } finally {
            lock.unlock();
        }
    }

    void abort(String why) {
        lock.lock();
        try {
            closedByUs = true;
            if (conn != null) {
                conn.abort(why);
                afterEvent();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void afterEvent() {
        flushOut();
        changed.signalAll();
        Runnable l = listener;
        if (l != null) {
            l.run();
        }
        if (conn.state() == UtpConnection.State.CLOSED) {
            manager.forget(key, this);
        }
    }

    /**
     * For non-blocking users (a Netty channel): {@code l} runs on the uTP thread, under this
     * socket's lock, after every packet and tick; it must only hand work off.
     */
    public void onEvent(Runnable l) {
        this.listener = l;
    }

    /** Reads what is there without waiting: bytes read, 0 for none yet, -1 at the end of the stream. */
    public int readNow(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            int n = conn.read(b, off, len);
            if (n > 0) {
                flushOut();
                return n;
            }
            if (conn.atEof()) {
                return -1;
            }
            if (conn.state() == UtpConnection.State.CLOSED || closedByUs) {
                throw new SocketException("uTP connection ended: " + (closedByUs ? "closed" : conn.error()));
            }
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** Queues what the send buffer has room for, without waiting; returns how many bytes it took. */
    public int writeNow(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            if (closedByUs || conn.state() == UtpConnection.State.CLOSED) {
                throw new SocketException("uTP connection ended: " + (closedByUs ? "closed" : conn.error()));
            }
            int n = conn.write(b, off, len);
            flushOut();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Room in the send buffer now. */
    public int writable() {
        lock.lock();
        try {
            return conn == null || conn.state() == UtpConnection.State.CLOSED ? 0 : conn.writable();
        } finally {
            lock.unlock();
        }
    }

    private void flushOut() {
        manager.send(key.peer(), conn.drain());
    }

    private final class In extends InputStream {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            lock.lock();
            try {
                int timeout = soTimeout;
                long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout) : Long.MAX_VALUE;
                while (true) {
                    if (conn == null) {
                        throw new SocketException("Socket is not connected");
                    }
                    int n = conn.read(b, off, len);
                    if (n > 0) {
                        flushOut(); // a reopened window is announced at once
                        return n;
                    }
                    if (conn.atEof()) {
                        return -1;
                    }
                    if (closedByUs) {
                        throw new SocketException("Socket closed");
                    }
                    if (conn.state() == UtpConnection.State.CLOSED) {
                        throw new SocketException("uTP connection ended: " + conn.error());
                    }
                    if (!await(deadline)) {
                        throw new SocketTimeoutException("Read timed out");
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return conn == null ? 0 : conn.available();
            } finally {
                lock.unlock();
            }
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                while (len > 0) {
                    if (closedByUs) {
                        throw new SocketException("Socket closed");
                    }
                    if (conn == null) {
                        throw new SocketException("Socket is not connected");
                    }
                    if (conn.state() == UtpConnection.State.CLOSED) {
                        throw new SocketException("uTP connection ended: " + conn.error());
                    }
                    int n = conn.write(b, off, len);
                    flushOut();
                    off += n;
                    len -= n;
                    if (n == 0) {
                        await(Long.MAX_VALUE);
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public void setSoTimeout(int timeout) {
        this.soTimeout = timeout;
    }

    @Override
    public int getSoTimeout() {
        return soTimeout;
    }

    /** uTP has no Nagle switch of its own: small writes wait only while earlier data is in flight. */
    @Override
    public void setTcpNoDelay(boolean on) {
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closedByUs) {
                return;
            }
            closedByUs = true;
            if (conn != null && conn.state() != UtpConnection.State.CLOSED) {
                conn.close();
                lingerUntil = System.nanoTime() + LINGER_NANOS;
                flushOut();
            } else if (key != null) {
                manager.forget(key, this);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        lock.lock();
        try {
            return closedByUs;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isConnected() {
        lock.lock();
        try {
            return conn != null && conn.state() != UtpConnection.State.SYN_SENT;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return key == null ? null : key.peer();
    }

    @Override
    public InetAddress getInetAddress() {
        return key == null ? null : key.peer().getAddress();
    }

    @Override
    public int getPort() {
        return key == null ? 0 : key.peer().getPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return manager.localAddress();
    }

    @Override
    public String toString() {
        return "UtpSocket[" + (key == null ? "unconnected" : key.peer() + " id " + key.recvId()) + "]";
    }
}
