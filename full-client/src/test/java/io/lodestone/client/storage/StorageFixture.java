package io.lodestone.client.storage;

import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.CreateOptions.Format;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import io.lodestone.metainfo.TorrentFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A torrent made at run time with resolver's {@link TorrentCreator} from random files in a temp
 * directory, and its piece space as bytes ({@link #space}) to write and compare against.
 *
 * @param files relative path (under the torrent name) to content, in creation order
 */
record StorageFixture(Path source, Metainfo metainfo, Map<String, byte[]> files, byte[] space, boolean single) {

    /** Files of awkward sizes: unaligned, an empty one, one over several pieces, nested directories. */
    static Map<String, Integer> awkwardFiles() {
        Map<String, Integer> f = new LinkedHashMap<>();
        f.put("a.bin", 40_000);
        f.put("dir/b.bin", 3 * 16_384 + 5);
        f.put("dir/empty", 0);
        f.put("dir/sub/c.bin", 100);
        f.put("z.bin", 70_000);
        return f;
    }

    static StorageFixture multi(Path tmp, Format format, int pieceLength, Map<String, Integer> sizes, long seed)
            throws IOException {
        Path root = tmp.resolve("source").resolve("payload");
        Random rnd = new Random(seed);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            byte[] content = new byte[e.getValue()];
            rnd.nextBytes(content);
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            files.put(e.getKey(), content);
        }
        return make(root, format, pieceLength, files, false);
    }

    static StorageFixture single(Path tmp, Format format, int pieceLength, int size, long seed) throws IOException {
        Path file = tmp.resolve("source").resolve("single.bin");
        Files.createDirectories(file.getParent());
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        Files.write(file, content);
        return make(file, format, pieceLength, Map.of("single.bin", content), true);
    }

    private static StorageFixture make(Path source, Format format, int pieceLength, Map<String, byte[]> files,
                                       boolean single) throws IOException {
        byte[] torrent = TorrentCreator.create(source, CreateOptions.defaults().withFormat(format).withPieceLength(pieceLength));
        Metainfo m = MetainfoParser.parseTorrent(torrent);
        TorrentLayout layout = TorrentLayout.of(m);
        long spaceEnd = layout.sections().getLast().end();
        byte[] space = new byte[Math.toIntExact(spaceEnd)];
        for (TorrentFile f : m.files()) {
            if (!f.pad()) {
                String key = single ? "single.bin" : String.join("/", f.path().subList(1, f.path().size()));
                byte[] content = files.get(key);
                System.arraycopy(content, 0, space, (int) f.offset(), content.length);
            }
        }
        return new StorageFixture(source, m, files, space, single);
    }

    TorrentLayout layout() {
        return TorrentLayout.of(metainfo);
    }

    /** Where a file lands under the download directory. */
    Path target(Path downloadDir, String relative) {
        return single ? downloadDir.resolve(metainfo.name()) : downloadDir.resolve(metainfo.name()).resolve(relative);
    }

    /** Every block of the torrent (pad-only blocks included: the store drops their bytes). */
    List<int[]> blocks() {
        TorrentLayout l = layout();
        List<int[]> out = new ArrayList<>();
        for (int p = 0; p < l.pieceCount(); p++) {
            for (int b = 0; b < l.blockCount(p); b++) {
                out.add(new int[] {p, b});
            }
        }
        return out;
    }

    List<int[]> shuffledBlocks(long seed) {
        List<int[]> out = blocks();
        Collections.shuffle(out, new Random(seed));
        return out;
    }

    /** The bytes of a block as a buffer, taken from the piece space. */
    ByteBuffer blockData(int piece, int block) {
        TorrentLayout l = layout();
        long at = l.pieceOffset(piece) + (long) block * TorrentLayout.BLOCK_SIZE;
        return ByteBuffer.wrap(space, (int) at, l.blockSize(piece, block)).slice();
    }

    void writePiece(PieceStore store, int piece) throws IOException {
        for (int b = 0; b < layout().blockCount(piece); b++) {
            store.writeBlock(piece, b * TorrentLayout.BLOCK_SIZE, blockData(piece, b));
        }
    }
}
