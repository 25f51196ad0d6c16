package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeEncoder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes .torrent files from a file or a directory, v1 (BEP 3), v2 (BEP 52) or hybrid, the way
 * libtorrent 2.0's {@code create_torrent} does, so that libtorrent accepts them and, for the same
 * files and piece length, a v1 torrent gets the same info-hash.
 *
 * <ul>
 *   <li>The info dict holds only what libtorrent writes by default: no mtime, no per-file SHA-1,
 *       no {@code attr} for executable or hidden files (libtorrent marks executable files
 *       {@code x}; a torrent of one would differ).</li>
 *   <li>Each file is read once, streaming, feeding SHA-1 pieces and the SHA-256 merkle tree in
 *       the same pass; memory is a read buffer plus the hashes, whatever the file sizes.</li>
 *   <li>Problems with the files (missing, empty, changed while read) are {@link IOException}s;
 *       options that cannot work for them (too many pieces) are {@link IllegalArgumentException}s.</li>
 * </ul>
 */
public final class TorrentCreator {

    /** Most pieces: libtorrent's default load_torrent_limits.max_pieces, which our parser shares. */
    public static final int MAX_PIECES = 0x200000;
    /** Largest total size, pad files included: what our parser accepts. */
    public static final long MAX_TOTAL_SIZE = 1L << 50;
    /** Bytes read from a file at a time. */
    private static final int READ_BUFFER_BYTES = 1 << 20;
    /** BEP 47: pad files live under this directory and carry this attribute. */
    private static final String PAD_DIRECTORY = ".pad";
    private static final String PAD_ATTRIBUTE = "p";
    private static final int META_VERSION = 2;

    private TorrentCreator() {
    }

    /** The whole .torrent file for {@code fileOrDirectory}. */
    public static byte[] create(Path fileOrDirectory, CreateOptions options) throws IOException {
        CreateFileList list = CreateFileList.scan(fileOrDirectory, options.name());
        boolean v1 = options.format() != CreateOptions.Format.V2;
        boolean v2 = options.format() != CreateOptions.Format.V1;
        int pieceLength = options.pieceLengthFor(list.totalLength());
        List<CreateFileList.Slot> layout = list.layout(pieceLength, options.format() == CreateOptions.Format.HYBRID);
        checkSize(list, layout, pieceLength, v1, v2);

        CreatePieceHasher pieces = v1 ? new CreatePieceHasher(pieceLength) : null;
        List<MerkleFileHasher.FileHashes> fileHashes = new ArrayList<>();
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        for (CreateFileList.Slot slot : layout) {
            if (slot.isPad()) {
                pieces.zeros(slot.length());
            } else {
                MerkleFileHasher merkle = v2 ? new MerkleFileHasher(pieceLength) : null;
                hashFile(slot.file(), buffer, pieces, merkle);
                if (merkle != null) {
                    fileHashes.add(merkle.finish());
                }
            }
        }

        BDict.Builder info = BDict.builder()
                .put("name", list.name())
                .put("piece length", pieceLength);
        if (options.isPrivate()) {
            info.put("private", 1);
        }
        if (v1) {
            if (list.singleFile()) {
                info.put("length", list.totalLength());
            } else {
                info.put("files", v1Files(layout));
            }
            info.put("pieces", pieces.finish());
        }
        BDict.Builder torrent = BDict.builder();
        if (v2) {
            info.put("meta version", META_VERSION);
            info.put("file tree", fileTree(list.files(), fileHashes));
            torrent.put("piece layers", pieceLayers(fileHashes));
        }
        torrent.put("info", info.build());
        if (!options.trackers().isEmpty()) {
            torrent.put("announce", options.trackers().get(0));
        }
        if (options.trackers().size() > 1) {
            // BEP 12: one tracker per tier, so they are tried in the order given
            torrent.put("announce-list", BList.of(options.trackers().stream().map(t -> BList.of(BString.of(t))).toList()));
        }
        if (options.comment() != null && !options.comment().isEmpty()) {
            torrent.put("comment", options.comment());
        }
        if (options.createdBy() != null && !options.createdBy().isEmpty()) {
            torrent.put("created by", options.createdBy());
        }
        if (options.creationDate() != null) {
            torrent.put("creation date", options.creationDate());
        }
        return BencodeEncoder.encode(torrent.build());
    }

    private static void checkSize(CreateFileList list, List<CreateFileList.Slot> layout, int pieceLength,
                                  boolean v1, boolean v2) {
        long streamLength = layout.stream().mapToLong(CreateFileList.Slot::length).sum();
        if (streamLength > MAX_TOTAL_SIZE) {
            throw new IllegalArgumentException("total size " + streamLength + " is over the limit of " + MAX_TOTAL_SIZE);
        }
        long count = 0;
        if (v1) {
            count = ceilDiv(streamLength, pieceLength);
        }
        if (v2) {
            // every v2 file starts a new piece
            count = Math.max(count, list.files().stream().mapToLong(f -> ceilDiv(f.length(), pieceLength)).sum());
        }
        if (count > MAX_PIECES) {
            throw new IllegalArgumentException("piece length " + pieceLength + " makes " + count
                    + " pieces, over the limit of " + MAX_PIECES + "; use a larger piece length");
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static void hashFile(CreateFileList.Entry file, byte[] buffer, CreatePieceHasher pieces,
                                 MerkleFileHasher merkle) throws IOException {
        try (InputStream in = Files.newInputStream(file.source())) {
            long remaining = file.length();
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new IOException(file.source() + " shrank while being hashed");
                }
                if (pieces != null) {
                    pieces.update(buffer, 0, n);
                }
                if (merkle != null) {
                    merkle.update(buffer, 0, n);
                }
                remaining -= n;
            }
            if (in.read() >= 0) {
                throw new IOException(file.source() + " grew while being hashed");
            }
        }
    }

    private static BList v1Files(List<CreateFileList.Slot> layout) {
        List<BValue> files = new ArrayList<>(layout.size());
        for (CreateFileList.Slot slot : layout) {
            if (slot.isPad()) {
                String size = Long.toString(slot.length());
                files.add(BDict.builder()
                        .put("attr", PAD_ATTRIBUTE)
                        .put("length", slot.length())
                        .put("path", BList.of(BString.of(PAD_DIRECTORY), BString.of(size)))
                        .build());
            } else {
                files.add(BDict.builder()
                        .put("length", slot.length())
                        .put("path", BList.of(slot.file().path().stream().map(BString::of).toList()))
                        .build());
            }
        }
        return BList.of(files);
    }

    /** Nested dictionaries, one level per path component; a file is {@code {"": {length, pieces root}}}. */
    private static BDict fileTree(List<CreateFileList.Entry> files, List<MerkleFileHasher.FileHashes> hashes) {
        Map<String, Object> root = new TreeMap<>();
        for (int i = 0; i < files.size(); i++) {
            Map<String, Object> node = root;
            for (String component : files.get(i).path()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(component, k -> new TreeMap<String, Object>());
                node = child;
            }
            MerkleFileHasher.FileHashes h = hashes.get(i);
            BDict.Builder leaf = BDict.builder().put("length", h.length());
            if (h.piecesRoot() != null) {
                leaf.put("pieces root", h.piecesRoot());
            }
            node.put("", leaf.build());
        }
        return toDict(root);
    }

    private static BDict toDict(Map<String, Object> node) {
        BDict.Builder b = BDict.builder();
        for (Map.Entry<String, Object> e : node.entrySet()) {
            if (e.getValue() instanceof BDict leaf) {
                b.put(e.getKey(), leaf);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) e.getValue();
                b.put(e.getKey(), toDict(child));
            }
        }
        return b.build();
    }

    /** Piece layers of the files longer than one piece, keyed by pieces root. */
    private static BDict pieceLayers(List<MerkleFileHasher.FileHashes> hashes) {
        BDict.Builder b = BDict.builder();
        for (MerkleFileHasher.FileHashes h : hashes) {
            if (h.pieceLayer().length > 0) {
                b.put(BString.of(h.piecesRoot()), BString.of(h.pieceLayer()));
            }
        }
        return b.build();
    }
}
