package io.lodestone.wire.utp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A socket that reaches a peer over uTP or TCP, preferring uTP as libtorrent does: the uTP SYN
 * goes first, and when no answer came within a head start (or uTP failed outright) a TCP connect
 * races it; the first connection up wins and the other is closed. Past {@code connect} it is
 * whichever won; {@link #transport()} says which.
 */
public final class UtpFirstSocket extends Socket {

    private final UtpSocketManager utp;
    private final long headStartMillis;
    private volatile Socket active;
    private volatile UtpSocket utpTry;
    private volatile Socket tcpTry;
    private volatile boolean closed;
    private int soTimeout;

    public UtpFirstSocket(UtpSocketManager utp, long headStartMillis) throws SocketException {
        super((SocketImpl) null);
        this.utp = utp;
        this.headStartMillis = headStartMillis;
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeoutMillis) throws IOException {
        InetSocketAddress peer = (InetSocketAddress) endpoint;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis > 0 ? timeoutMillis : 60_000);
        utpTry = utp.newSocket();
        CompletableFuture<Socket> viaUtp = attempt(utpTry, peer, timeoutMillis);
        Socket won = await(viaUtp, Math.min(headStartMillis, left(deadline)));
        if (won == null) {
            tcpTry = new Socket();
            if (closed) {
                tcpTry.close();
            }
            CompletableFuture<Socket> viaTcp = attempt(tcpTry, peer, (int) Math.max(1, left(deadline)));
            won = await(CompletableFuture.anyOf(success(viaUtp), success(viaTcp)).thenApply(Socket.class::cast)
                    .exceptionally(e -> null), left(deadline));
            if (won == null) {
                won = await(viaTcp, 0); // both failed (or time ran out): TCP's reason is the one to give
                if (won == null) {
                    quiet(utpTry);
                    quiet(tcpTry);
                    throw failure(viaTcp, viaUtp, peer);
                }
            }
        }
        active = won;
        quiet(won == utpTry ? tcpTry : utpTry); // the loser, if it was tried at all
        if (closed) {
            won.close();
            throw new SocketException("Socket closed while connecting");
        }
        won.setSoTimeout(soTimeout);
    }

    private static CompletableFuture<Socket> attempt(Socket s, InetSocketAddress peer, int timeoutMillis) {
        CompletableFuture<Socket> f = new CompletableFuture<>();
        Thread.ofVirtual().name("connect " + peer).start(() -> {
            try {
                s.connect(peer, timeoutMillis);
                f.complete(s);
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Never completes when {@code f} fails, so {@code anyOf} waits for the other. */
    private static CompletableFuture<Socket> success(CompletableFuture<Socket> f) {
        CompletableFuture<Socket> s = new CompletableFuture<>();
        f.thenAccept(s::complete);
        return s;
    }

    /** The socket, or null when it failed or is not there within {@code millis}. */
    private static Socket await(CompletableFuture<Socket> f, long millis) {
        try {
            return f.get(Math.max(0, millis), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static IOException failure(CompletableFuture<Socket> tcp, CompletableFuture<Socket> utp,
                                       InetSocketAddress peer) {
        Throwable t = cause(tcp);
        String both = "TCP: " + (t == null ? "no connection in time" : t.getMessage()) + "; uTP: "
                + (cause(utp) == null ? "no answer in time" : cause(utp).getMessage());
        return t instanceof SocketTimeoutException || t == null ? new SocketTimeoutException(both)
                : new java.net.ConnectException(both);
    }

    private static Throwable cause(CompletableFuture<Socket> f) {
        try {
            f.getNow(null);
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        }
    }

    private static long left(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private static void quiet(Socket s) {
        try {
            if (s != null) {
                s.close();
            }
        } catch (IOException ignored) {
            // a failed attempt: nothing to tell
        }
    }

    /** "uTP" or "TCP" once connected, null before. */
    public String transport() {
        Socket s = active;
        return s == null ? null : s instanceof UtpSocket ? "uTP" : "TCP";
    }

    private Socket connected() throws SocketException {
        Socket s = active;
        if (s == null) {
            throw new SocketException("Socket is not connected");
        }
        return s;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return connected().getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return connected().getOutputStream();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        soTimeout = timeout;
        if (active != null) {
            active.setSoTimeout(timeout);
        }
    }

    @Override
    public int getSoTimeout() {
        return soTimeout;
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        if (active != null) {
            active.setTcpNoDelay(on);
        }
    }

    @Override
    public void close() {
        closed = true;
        quiet(utpTry);
        quiet(tcpTry);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isConnected() {
        return active != null;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        Socket s = active;
        return s == null ? null : s.getRemoteSocketAddress();
    }

    @Override
    public String toString() {
        return "UtpFirstSocket[" + transport() + " " + getRemoteSocketAddress() + "]";
    }
}
