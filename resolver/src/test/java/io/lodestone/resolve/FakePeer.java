package io.lodestone.resolve;

import io.lodestone.types.InfoHash;
import io.lodestone.wire.ExtensionHandshake;
import io.lodestone.wire.FrameDecoder;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.MetadataCodec;
import io.lodestone.wire.MetadataMessage;
import io.lodestone.wire.PeerId;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.PeerMessageCodec;
import io.lodestone.wire.ReservedBit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scripted peer on loopback for one connection: the test says what it sends, honest or not,
 * with the wire codecs. Reads time out, so a script never hangs a test.
 */
final class FakePeer implements AutoCloseable {

    /** ut_metadata id the fake peer asks us to use. */
    static final int PEER_UT_METADATA_ID = 3;
    static final int READ_TIMEOUT_MS = 10_000;

    @FunctionalInterface
    interface Script {
        void run(Conn c) throws Exception;
    }

    private final ServerSocket server;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile Socket socket;

    private FakePeer(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fake-peer").start(() -> {
            try (Socket s = server.accept()) {
                socket = s;
                s.setSoTimeout(READ_TIMEOUT_MS);
                script.run(new Conn(s));
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
    }

    static FakePeer start(Script script) throws IOException {
        return new FakePeer(script);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** Completes when the script has run to its end (or failed). */
    CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket s = socket;
        if (s != null) {
            s.close();
        }
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the script's own failure is not the test's concern once the fetch result is checked
        }
    }

    /** The honest seeder: both handshakes, then every requested piece of {@code info}. */
    static Script honest(byte[] info, InfoHash hash) {
        return c -> {
            c.handshakeAndExtension(hash, info.length);
            c.serveUntilClosed(info);
        };
    }

    static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final FrameDecoder decoder = new FrameDecoder();
        private final Deque<PeerMessage> queued = new ArrayDeque<>();
        /** The ut_metadata id the fetcher asked for, from its extension handshake. */
        int fetcherMetadataId;
        Handshake fetcherHandshake;
        /** ut_metadata requests the fetcher sent so far. */
        int metadataRequests;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        Handshake readHandshake() throws IOException {
            fetcherHandshake = Handshake.decode(in.readNBytes(Handshake.LENGTH));
            return fetcherHandshake;
        }

        void sendHandshake(InfoHash hash, ReservedBit... bits) throws IOException {
            sendRaw(Handshake.of(hash, PeerId.generate(), bits).encode());
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void send(PeerMessage m) throws IOException {
            sendRaw(PeerMessageCodec.encode(m));
        }

        void sendExtensionHandshake(Long metadataSize) throws IOException {
            send(new ExtensionHandshake(Map.of(ExtensionHandshake.UT_METADATA, PEER_UT_METADATA_ID), metadataSize,
                    "FakePeer 1.0", 250, null, null, null).toMessage());
        }

        /** Reads the fetcher's handshake, answers it like libtorrent and exchanges extension handshakes. */
        void handshakeAndExtension(InfoHash hash, long metadataSize) throws IOException {
            readHandshake();
            sendHandshake(hash, ReservedBit.EXTENSION_PROTOCOL, ReservedBit.FAST_EXTENSION, ReservedBit.DHT);
            sendExtensionHandshake(metadataSize);
            send(new PeerMessage.HaveAll());
        }

        /** The next message, or null at end of stream. */
        PeerMessage next() throws IOException {
            byte[] buf = new byte[8192];
            while (queued.isEmpty()) {
                int n = in.read(buf);
                if (n < 0) {
                    return null;
                }
                queued.addAll(decoder.feed(buf, 0, n));
            }
            return queued.poll();
        }

        /** The next ut_metadata message from the fetcher (learning its id on the way), or null at end. */
        MetadataMessage nextMetadata() throws IOException {
            for (PeerMessage m = next(); m != null; m = next()) {
                if (m instanceof PeerMessage.Extended e && e.isHandshake()) {
                    fetcherMetadataId = ExtensionHandshake.decode(e.payload()).extensionId(ExtensionHandshake.UT_METADATA);
                } else if (m instanceof PeerMessage.Extended e && e.extendedId() == PEER_UT_METADATA_ID) {
                    MetadataMessage decoded = MetadataCodec.decode(e.payload());
                    if (decoded instanceof MetadataMessage.Request) {
                        metadataRequests++;
                    }
                    return decoded;
                }
            }
            return null;
        }

        /**
         * Reads whatever the fetcher still sends until it hangs up: true once it has (end of stream or
         * a reset); a read timeout (the fetcher kept the connection open) is thrown.
         */
        boolean awaitClose() throws IOException {
            try {
                while (nextMetadata() != null) {
                    // a request or reject more: still talking
                }
                return true;
            } catch (java.net.SocketTimeoutException stillOpen) {
                throw stillOpen;
            } catch (IOException reset) {
                return true;
            }
        }

        void sendMetadata(MetadataMessage m) throws IOException {
            send(MetadataCodec.toMessage(fetcherMetadataId, m));
        }

        /** Answers every request with its piece of {@code info} until the fetcher hangs up. */
        void serveUntilClosed(byte[] info) throws IOException {
            try {
                for (MetadataMessage m = nextMetadata(); m != null; m = nextMetadata()) {
                    if (m instanceof MetadataMessage.Request r) {
                        sendMetadata(piece(info, r.piece()));
                    }
                }
            } catch (IOException closedByFetcher) {
                // the fetcher closes as soon as it has verified the metadata
            }
        }

        static MetadataMessage.Data piece(byte[] info, int piece) {
            int from = piece * MetadataMessage.PIECE_SIZE;
            int to = Math.min(info.length, from + MetadataMessage.PIECE_SIZE);
            return new MetadataMessage.Data(piece, info.length, Arrays.copyOfRange(info, from, to));
        }
    }
}
