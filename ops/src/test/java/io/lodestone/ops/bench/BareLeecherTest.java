package io.lodestone.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bench's yardstick leecher against a seeder of our own on loopback, kind and unkind. */
@Timeout(30)
class BareLeecherTest {

    static final int PIECE = 32 * 1024;
    /** Four pieces, the last one short and not a multiple of the O_DIRECT alignment. */
    static final int SIZE = 3 * PIECE + 1696;

    @TempDir
    Path dir;

    /** How the test seeder treats its leecher. */
    enum Manner { REVERSED, CORRUPT, SILENT, OTHER_TORRENT }

    @Test
    void keepsEveryByteWhenBlocksComeOutOfOrder() throws Exception {
        byte[] content = content();
        Metainfo meta = torrent(content);
        BareLeecher leecher = new BareLeecher(meta);
        try (TestSeeder seeder = new TestSeeder(meta, content, Manner.REVERSED)) {
            leecher.download(seeder.address(), dir.resolve("out/bench.bin"), 10_000);
        }
        assertThat(Files.readAllBytes(dir.resolve("out/bench.bin"))).isEqualTo(content);
        assertThat(leecher.verified()).isEqualTo(SIZE);
    }

    @Test
    void aCorruptBlockFailsItsPiece() throws Exception {
        assertThat(failureAgainst(Manner.CORRUPT, 10_000)).isInstanceOf(IOException.class)
                .hasMessageContaining("piece 2 failed its hash");
    }

    @Test
    void aSeederThatNeverSendsIsGivenUpAtTheDeadline() throws Exception {
        assertThat(failureAgainst(Manner.SILENT, 1_500)).isInstanceOf(IOException.class)
                .hasMessageContaining("timed out with 0 of 4 pieces");
    }

    @Test
    void aSeederOfAnotherTorrentIsRefused() throws Exception {
        assertThat(failureAgainst(Manner.OTHER_TORRENT, 10_000)).isInstanceOf(IOException.class)
                .hasMessageContaining("another torrent");
    }

    /** What a download from a seeder of this manner threw; nothing of the torrent counts as verified past it. */
    private Throwable failureAgainst(Manner manner, long timeoutMillis) throws Exception {
        byte[] content = content();
        Metainfo meta = torrent(content);
        BareLeecher leecher = new BareLeecher(meta);
        try (TestSeeder seeder = new TestSeeder(meta, content, manner)) {
            Throwable thrown = catchThrowable(() -> leecher.download(seeder.address(), dir.resolve("out/bench.bin"),
                    timeoutMillis));
            assertThat(leecher.verified()).isLessThan(SIZE);
            return thrown;
        }
    }

    @Test
    void takesOnlySingleFileV1Torrents() throws Exception {
        Files.createDirectories(dir.resolve("two"));
        Files.write(dir.resolve("two/a"), new byte[100]);
        Files.write(dir.resolve("two/b"), new byte[100]);
        Metainfo two = MetainfoParser.parseTorrent(TorrentCreator.create(dir.resolve("two"),
                CreateOptions.defaults().withFormat(CreateOptions.Format.V1).withPieceLength(PIECE)));
        assertThatThrownBy(() -> new BareLeecher(two)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] content() {
        byte[] b = new byte[SIZE];
        new SplittableRandom(7).nextBytes(b);
        return b;
    }

    private Metainfo torrent(byte[] content) throws Exception {
        Path file = dir.resolve("bench.bin");
        Files.write(file, content);
        return MetainfoParser.parseTorrent(TorrentCreator.create(file,
                CreateOptions.defaults().withFormat(CreateOptions.Format.V1).withPieceLength(PIECE)));
    }

    /**
     * One connection's seeder: answers the handshake, sends a bitfield and unchoke, then serves each
     * batch of requests that arrived together, in the order its manner says.
     */
    static final class TestSeeder implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;
        private final Metainfo meta;
        private final byte[] content;
        private final Manner manner;

        TestSeeder(Metainfo meta, byte[] content, Manner manner) throws IOException {
            this.meta = meta;
            this.content = content;
            this.manner = manner;
            this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            this.thread = Thread.ofPlatform().daemon().start(this::serve);
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        }

        private void serve() {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                byte[] handshake = in.readNBytes(68);
                if (manner == Manner.OTHER_TORRENT) {
                    handshake[28] ^= 1;
                }
                out.write(handshake);
                out.writeInt(2);
                out.write(new byte[] {5, (byte) 0xf0});
                out.writeInt(1);
                out.write(1);
                out.flush();
                List<int[]> batch = new ArrayList<>();
                while (true) {
                    int length = in.readInt();
                    int id = in.read();
                    if (id == 6) {
                        batch.add(new int[] {in.readInt(), in.readInt(), in.readInt()});
                    } else {
                        in.skipNBytes(length - 1);
                    }
                    if (in.available() == 0 && manner != Manner.SILENT) {
                        for (int i = batch.size() - 1; i >= 0; i--) {
                            int[] r = batch.get(i);
                            byte[] block = java.util.Arrays.copyOfRange(content, r[0] * PIECE + r[1],
                                    r[0] * PIECE + r[1] + r[2]);
                            if (manner == Manner.CORRUPT && r[0] == 2) {
                                block[0] ^= 1;
                            }
                            out.writeInt(9 + r[2]);
                            out.write(7);
                            out.writeInt(r[0]);
                            out.writeInt(r[1]);
                            out.write(block);
                        }
                        out.flush();
                        batch.clear();
                    }
                }
            } catch (IOException e) {
                // the leecher is done, or gave up
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.interrupt();
            thread.join(5_000);
        }
    }
}
