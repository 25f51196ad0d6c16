package io.lodestone.wire;

import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentFile;
import io.lodestone.types.InfoHash;
import io.lodestone.wire.HashMessage.HashReject;
import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BEP 52 hash messages against a real libtorrent seeder of v2-only torrents on loopback: we connect
 * as a v2 peer, ask for every file's piece layer in the slices {@link PieceLayerAssembler} plans,
 * and the layers assembled from libtorrent's answers must be exactly the .torrent's. Requests with
 * shorter proofs, above the piece layer and for an unknown root check the rest of the layout:
 * libtorrent's answers must be byte for byte what {@link PieceLayerTree} answers, and a request it
 * cannot serve comes back as a hash reject.
 */
@Timeout(120)
class Bep52HashesIT {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** Bound on waiting for one frame from a loopback seeder. */
    private static final int READ_TIMEOUT_MS = 15_000;
    /** Bound on frames read in one exchange; libtorrent sends a few of its own besides the answers. */
    private static final int MAX_FRAMES = 10_000;

    private static Testnet net;

    @BeforeAll
    static void start() {
        Libtorrent lt = Libtorrent.require();
        // 24 MiB in 16 KiB pieces: 1536 piece hashes, three slices of 512; a multi-file torrent
        // with 64 KiB pieces whose files are of several sizes
        net = lt.startTestnet(TestnetOptions.defaults()
                .withNodes(2).withTorrents(2).withSeeders(1)
                .withFormats("v2").withLayouts("single", "multi")
                .withSizes("24M", "5M").withPieceSizes("16K", "64K")
                .withNoUtp(true).withSeed(52)
                .withDuration(Duration.ofMinutes(3)));
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void pieceLayersFetchedFromLibtorrentAreTheTorrentsLayers() throws IOException {
        int layers = 0;
        for (TestnetManifest.Torrent t : net.torrents()) {
            Metainfo meta = MetainfoParser.parseTorrent(Files.readAllBytes(t.torrentPath()));
            Map<String, PieceLayerAssembler> assemblers = new HashMap<>();
            List<HashRequest> requests = new ArrayList<>();
            for (TorrentFile f : meta.files()) {
                if (!f.pad() && PieceLayerAssembler.needsLayer(f.size(), (int) meta.pieceLength())) {
                    PieceLayerAssembler a = new PieceLayerAssembler(f.piecesRoot(), f.size(), (int) meta.pieceLength());
                    if (assemblers.putIfAbsent(WireFixtures.HEX.formatHex(f.piecesRoot()), a) == null) {
                        requests.addAll(a.missingRequests());
                    }
                }
            }
            assertThat(assemblers).as("torrent %d has files of several pieces", t.index()).isNotEmpty();

            List<HashMessage> answers = exchange(t, requests);

            for (HashMessage m : answers) {
                assertThat(m).as("libtorrent answers %s", m.request()).isInstanceOf(Hashes.class);
                PieceLayerAssembler a = assemblers.get(WireFixtures.HEX.formatHex(m.request().piecesRoot()));
                assertThat(a.accept((Hashes) m)).isInstanceOfAny(PieceLayerAssembler.Stored.class,
                        PieceLayerAssembler.Complete.class);
            }
            for (PieceLayerAssembler a : assemblers.values()) {
                assertThat(a.layer()).as("torrent %d file of %d bytes", t.index(), a.fileLength())
                        .hasValue(meta.pieceLayer(a.piecesRoot()));
                layers++;
            }
        }
        System.out.printf("Bep52HashesIT: %d piece layers assembled from libtorrent's hashes%n", layers);
    }

    @Test
    void libtorrentAnswersAsPieceLayerTreeDoes() throws IOException {
        Random r = new Random(52);
        int compared = 0;
        for (TestnetManifest.Torrent t : net.torrents()) {
            Metainfo meta = MetainfoParser.parseTorrent(Files.readAllBytes(t.torrentPath()));
            int pieceLength = (int) meta.pieceLength();
            Map<HashRequest, Optional<Hashes>> expected = new HashMap<>();
            for (TorrentFile f : meta.files()) {
                if (f.pad() || !PieceLayerAssembler.needsLayer(f.size(), pieceLength)) {
                    continue;
                }
                PieceLayerTree tree = PieceLayerTree.fromLayer(f.piecesRoot(), f.size(), pieceLength, meta.pieceLayer(f.piecesRoot()));
                for (int i = 0; i < 12; i++) {
                    // a random aligned range at or above the piece layer, with any proof layers
                    int base = tree.pieceLayer() + r.nextInt(Math.min(3, tree.treeHeight() - tree.pieceLayer()));
                    int width = 1 << (tree.treeHeight() - base);
                    if (width < 2) {
                        continue;
                    }
                    int length = Math.min(width, 2 << r.nextInt(6));
                    int index = length * r.nextInt(width / length);
                    HashRequest req = new HashRequest(f.piecesRoot(), base, index, length,
                            r.nextInt(tree.treeHeight() - base));
                    expected.put(req, tree.answer(req));
                }
            }
            byte[] unknownRoot = new byte[32];
            unknownRoot[0] = 1;
            HashRequest unknown = new HashRequest(unknownRoot, 0, 0, 2, 0);
            List<HashRequest> requests = new ArrayList<>(expected.keySet());
            requests.add(unknown);

            List<HashMessage> answers = exchange(t, requests);

            for (HashMessage m : answers) {
                if (m.request().equals(unknown)) {
                    assertThat(m).isEqualTo(new HashReject(unknown));
                } else {
                    assertThat(expected.get(m.request())).as("%s", m.request()).isPresent();
                    assertThat(m).as("%s", m.request()).isEqualTo(expected.get(m.request()).orElseThrow());
                    compared++;
                }
            }
        }
        System.out.printf("Bep52HashesIT: %d libtorrent answers identical to PieceLayerTree's%n", compared);
        assertThat(compared).isGreaterThan(10);
    }

    /**
     * Connects to the torrent's seeder as a v2 peer, sends every request at once and returns one
     * answer (hashes or hash reject) per request, in the order they came; other messages are skipped.
     */
    private static List<HashMessage> exchange(TestnetManifest.Torrent t, List<HashRequest> requests) throws IOException {
        InetSocketAddress seeder = t.seederAddresses().getFirst();
        InfoHash hash = InfoHash.fromHex(t.infoHashV2()).truncated();
        try (Socket s = new Socket()) {
            s.connect(seeder, CONNECT_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(Handshake.of(hash, PeerId.generate(new Random(t.index())), ReservedBit.FAST_EXTENSION).encode());
            for (HashRequest r : requests) {
                out.write(HashMessageCodec.encodeFrame(r));
            }
            out.flush();
            Handshake theirs = Handshake.decode(in.readNBytes(Handshake.LENGTH));
            assertThat(theirs.infoHash()).isEqualTo(hash);

            List<HashMessage> answers = new ArrayList<>();
            FrameDecoder frames = new FrameDecoder();
            byte[] buffer = new byte[1 << 16];
            int seen = 0;
            while (answers.size() < requests.size()) {
                int n = in.read(buffer);
                assertThat(n).as("the seeder hung up after %d of %d answers", answers.size(), requests.size())
                        .isPositive();
                for (PeerMessage m : frames.feed(buffer, 0, n)) {
                    assertThat(++seen).isLessThan(MAX_FRAMES);
                    if (m instanceof PeerMessage.UnknownMessage u) {
                        HashMessageCodec.fromUnknown(u).ifPresent(answers::add);
                    }
                }
            }
            assertThat(answers).extracting(HashMessage::request).containsExactlyInAnyOrderElementsOf(requests);
            return answers;
        }
    }
}
