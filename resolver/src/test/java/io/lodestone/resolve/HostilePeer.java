package io.lodestone.resolve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A scripted misbehaving peer on loopback that takes every connection made to it (up to
 * {@link #MAX_CONNECTIONS}) and runs its script on each, recording how each connection ended: so a
 * test sees both how often the resolver came back and that it hung up every time.
 */
final class HostilePeer implements AutoCloseable {

    /** More than any resolution may ever try one peer; a bug that retries endlessly shows as this many. */
    static final int MAX_CONNECTIONS = 16;
    /** A script's reads give up after this: the resolver should have hung up long before. */
    static final int READ_TIMEOUT_MS = 30_000;

    /**
     * How one connection ended.
     *
     * @param closedByResolver the resolver hung up (end of stream or reset seen by the script)
     * @param metadataRequests ut_metadata requests it sent on this connection
     * @param problem          what went wrong in the script instead, or null
     */
    record Session(boolean closedByResolver, int metadataRequests, String problem) {
    }

    private final String name;
    private final FakePeer.Script script;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Session>> sessions = new CopyOnWriteArrayList<>();

    private HostilePeer(String name, FakePeer.Script script) throws IOException {
        this.name = name;
        this.script = script;
        this.server = new ServerSocket(0, MAX_CONNECTIONS, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("hostile-peer " + name).start(this::acceptLoop);
    }

    static HostilePeer start(String name, FakePeer.Script script) throws IOException {
        return new HostilePeer(name, script);
    }

    String name() {
        return name;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** Connections the resolver made to this peer so far. */
    int connections() {
        return sessions.size();
    }

    /** Every connection's end, waiting up to {@code bound} for those still running. */
    List<Session> sessions(Duration bound) throws Exception {
        long until = System.nanoTime() + bound.toNanos();
        List<Session> out = new java.util.ArrayList<>();
        for (CompletableFuture<Session> s : sessions) {
            long left = Math.max(1, until - System.nanoTime());
            out.add(s.get(left, TimeUnit.NANOSECONDS));
        }
        return out;
    }

    private void acceptLoop() {
        while (sessions.size() < MAX_CONNECTIONS) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException closed) {
                return;
            }
            sockets.add(s);
            CompletableFuture<Session> session = new CompletableFuture<>();
            sessions.add(session);
            Thread.ofVirtual().name("hostile-peer " + name + " conn").start(() -> session.complete(run(s)));
        }
    }

    private Session run(Socket s) {
        FakePeer.Conn c = null;
        try (s) {
            s.setSoTimeout(READ_TIMEOUT_MS);
            c = new FakePeer.Conn(s);
            script.run(c);
            return new Session(c.awaitClose(), c.metadataRequests, null);
        } catch (SocketTimeoutException e) {
            return new Session(false, c == null ? 0 : c.metadataRequests, "the resolver kept the connection open");
        } catch (IOException e) {
            // the resolver hung up while the script was still talking to it
            return new Session(true, c == null ? 0 : c.metadataRequests, null);
        } catch (Exception | AssertionError e) {
            return new Session(false, c == null ? 0 : c.metadataRequests, "script failed: " + e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Override
    public String toString() {
        return name + "@" + address();
    }
}
