package io.lodestone.client.session;

import io.lodestone.metainfo.Metainfo;
import io.lodestone.wire.FrameDecoder;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.PeerId;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.PeerMessageCodec;
import io.lodestone.wire.ReservedBit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile seeder for tests: says it has every piece, unchokes whoever is interested and
 * answers every request from a single-file torrent's real data, with one byte flipped in every
 * block it serves. Speaks plain BEP 3 through resolver's codecs; one virtual thread per
 * connection; stops when closed.
 */
final class LyingSeeder implements AutoCloseable {

    private final ServerSocket server;
    private final Metainfo meta;
    private final Path file;
    private final AtomicLong blocksServed = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    /** Handshakes received, by the sender's peer id (hex): other peers may learn of us by PEX. */
    private final java.util.Map<String, Integer> handshakesFrom = new java.util.concurrent.ConcurrentHashMap<>();

    private LyingSeeder(ServerSocket server, Metainfo meta, Path file) {
        this.server = server;
        this.meta = meta;
        this.file = file;
    }

    static LyingSeeder start(Metainfo meta, Path singleFile) throws IOException {
        ServerSocket s = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        LyingSeeder seeder = new LyingSeeder(s, meta, singleFile);
        Thread.ofVirtual().name("lying-seeder").start(seeder::accept);
        return seeder;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    long blocksServed() {
        return blocksServed.get();
    }

    long connections() {
        return connections.get();
    }

    /** Connections that sent a handshake with {@code peerId}. */
    int connectionsFrom(byte[] peerId) {
        return handshakesFrom.getOrDefault(java.util.HexFormat.of().formatHex(peerId), 0);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; RandomAccessFile data = new RandomAccessFile(file.toFile(), "r")) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            out.write(Handshake.of(meta.dhtInfoHash(), PeerId.generate()).encode());
            Handshake theirs = Handshake.decode(in.readNBytes(Handshake.LENGTH));
            handshakesFrom.merge(java.util.HexFormat.of().formatHex(theirs.peerId()), 1, Integer::sum);
            byte[] bits = new byte[(meta.pieceCount() + 7) / 8];
            for (int i = 0; i < meta.pieceCount(); i++) {
                bits[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
            out.write(PeerMessageCodec.encode(new PeerMessage.Bitfield(bits)));
            FrameDecoder frames = new FrameDecoder();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (PeerMessage m : frames.feed(buf, 0, n)) {
                    if (m instanceof PeerMessage.Interested) {
                        out.write(PeerMessageCodec.encode(new PeerMessage.Unchoke()));
                    } else if (m instanceof PeerMessage.Request r) {
                        byte[] block = new byte[r.length()];
                        data.seek((long) r.piece() * meta.pieceLength() + r.begin());
                        data.readFully(block);
                        block[block.length / 2] ^= 0x5A;
                        out.write(PeerMessageCodec.encode(new PeerMessage.Piece(r.piece(), r.begin(), block)));
                        blocksServed.incrementAndGet();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client hung up on us, as it should once it bans us
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
