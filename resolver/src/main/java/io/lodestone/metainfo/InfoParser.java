package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BString;
import io.lodestone.types.InfoHash;

import java.util.ArrayList;
import java.util.List;

/**
 * The info dict: version, piece length, name and files, checked against each other the way
 * libtorrent checks them. Info-hashes are over the dict's bytes as received, never re-encoded.
 */
final class InfoParser {
    private InfoParser() {
    }

    /** What the info dict alone determines. */
    record Info(byte[] infoBytes, InfoHash infoHashV1, InfoHash infoHashV2, String name, long pieceLength,
                int pieceCount, boolean isPrivate, TorrentVersion version, List<TorrentFile> files,
                byte[] v1Pieces) {
    }

    static Info parse(BDict info) {
        TorrentVersion version = version(info);
        long pieceLength = pieceLength(info, version);
        String name = name(info);
        BInt priv = Fields.optional(info, "private", BInt.class, "info");
        boolean isPrivate = priv != null && priv.value() == 1;

        List<TorrentFile> files;
        int pieceCount;
        byte[] v1Pieces = null;
        if (version == TorrentVersion.V2) {
            files = v2Layout(V2FileTree.parse(info, name, false), pieceLength);
            if (files.size() == 1 && files.get(0).path().size() == 1) {
                // libtorrent names a single-file v2 torrent after its file-tree key, where it lands
                name = files.get(0).path().get(0);
            }
            pieceCount = checkedPieceCount(v2PieceCount(files, pieceLength));
        } else {
            files = V1Files.parse(info, name);
            if (version == TorrentVersion.HYBRID) {
                files = merge(files, V2FileTree.parse(info, name, info.get("files") != null), pieceLength);
            }
            long total = totalWithPads(files);
            if (total == 0) {
                throw new MetainfoException("the torrent has no data (total size 0)");
            }
            pieceCount = checkedPieceCount((total + pieceLength - 1) / pieceLength);
            v1Pieces = pieces(info, pieceCount, pieceLength);
        }
        if (pieceCount == 0) { // v2 with only empty files
            throw new MetainfoException("the torrent has no data (total size 0)");
        }
        SafePath.Collisions collisions = new SafePath.Collisions();
        for (TorrentFile f : files) {
            if (!f.pad()) { // pad files are never written, and several may share a name (.pad/16384)
                collisions.add(f.path());
            }
        }
        byte[] raw = info.encoded();
        InfoHash v1 = version.hasV1() ? InfoHash.v1(PieceLayerVerifier.digest("SHA-1").digest(raw)) : null;
        InfoHash v2 = version.hasV2() ? InfoHash.v2(PieceLayerVerifier.sha256().digest(raw)) : null;
        return new Info(raw, v1, v2, name, pieceLength, pieceCount, isPrivate, version, files, v1Pieces);
    }

    private static TorrentVersion version(BDict info) {
        BInt meta = Fields.optional(info, "meta version", BInt.class, "info");
        if (meta == null || meta.value() == 1) {
            if (info.get("file tree") != null) {
                throw new MetainfoException("info.file tree needs info.meta version 2");
            }
            return TorrentVersion.V1;
        }
        if (meta.value() != 2) {
            throw new MetainfoException("info.meta version " + meta.value() + " is not supported (only 2 is)");
        }
        if (info.get("files") != null || info.get("length") != null) {
            return TorrentVersion.HYBRID;
        }
        if (info.get("pieces") != null) {
            throw new MetainfoException("info.pieces without v1 files or length in a v2 torrent");
        }
        return TorrentVersion.V2;
    }

    private static long pieceLength(BDict info, TorrentVersion version) {
        long v = Fields.required(info, "piece length", BInt.class, "info").value();
        if (v <= 0) {
            throw new MetainfoException("info.piece length must be positive, got " + v);
        }
        if (v > MetainfoLimits.MAX_PIECE_LENGTH) {
            throw new MetainfoException("info.piece length of " + v + " exceeds the limit of "
                    + MetainfoLimits.MAX_PIECE_LENGTH);
        }
        // v1 torrents in the wild use odd piece lengths; BEP 52 pins v2 ones to aligned blocks
        if (version.hasV2() && (v < MetainfoLimits.MIN_V2_PIECE_LENGTH || Long.bitCount(v) != 1)) {
            throw new MetainfoException("info.piece length must be a power of two >= "
                    + MetainfoLimits.MIN_V2_PIECE_LENGTH + ", got " + v);
        }
        return v;
    }

    /** name.utf-8 when it is UTF-8, else name; either way one safe path component. */
    private static String name(BDict info) {
        BString utf8 = Fields.optional(info, "name.utf-8", BString.class, "info");
        BString plain = Fields.optional(info, "name", BString.class, "info");
        if (utf8 != null && (utf8.isValidUtf8() || plain == null)) {
            return SafePath.component(utf8.bytes(), "info.name.utf-8");
        }
        if (plain == null) {
            throw new MetainfoException("info.name is missing");
        }
        return SafePath.component(plain.bytes(), "info.name");
    }

    private static int checkedPieceCount(long pieces) {
        if (pieces > MetainfoLimits.MAX_PIECES) {
            throw new MetainfoException("the torrent has " + pieces + " pieces, more than the limit of "
                    + MetainfoLimits.MAX_PIECES);
        }
        return (int) pieces;
    }

    private static byte[] pieces(BDict info, int pieceCount, long pieceLength) {
        BString pieces = Fields.required(info, "pieces", BString.class, "info");
        if (pieces.length() % MetainfoLimits.V1_PIECE_HASH_LENGTH != 0) {
            throw new MetainfoException("info.pieces has " + pieces.length() + " bytes, not a multiple of 20");
        }
        int hashes = pieces.length() / MetainfoLimits.V1_PIECE_HASH_LENGTH;
        if (hashes != pieceCount) {
            throw new MetainfoException("info.pieces has " + hashes + " hashes but the files fill " + pieceCount
                    + " pieces of " + pieceLength + " bytes");
        }
        return pieces.bytes();
    }

    private static long totalWithPads(List<TorrentFile> files) {
        long total = 0;
        for (TorrentFile f : files) {
            total += f.size(); // V1Files bounds the sum by MAX_TOTAL_SIZE
        }
        return total;
    }

    /** v2-only: every file starts a new piece, so the offset is its first piece times the piece length. */
    private static List<TorrentFile> v2Layout(List<V2FileTree.V2File> tree, long pieceLength) {
        List<TorrentFile> out = new ArrayList<>(tree.size());
        long piece = 0;
        for (V2FileTree.V2File f : tree) {
            out.add(new TorrentFile(f.path(), f.size(), false, f.piecesRoot(), piece * pieceLength));
            piece += (f.size() + pieceLength - 1) / pieceLength;
            checkedPieceCount(piece); // also keeps piece * pieceLength far from overflow
        }
        return out;
    }

    private static long v2PieceCount(List<TorrentFile> files, long pieceLength) {
        long pieces = 0;
        for (TorrentFile f : files) {
            if (!f.pad()) {
                pieces += (f.size() + pieceLength - 1) / pieceLength;
            }
        }
        return pieces;
    }

    /**
     * Hybrid: the v1 list (with its pad files) and the v2 tree must be the same files in the same
     * order, and every non-empty file must start a piece, so both piece spaces line up.
     */
    private static List<TorrentFile> merge(List<TorrentFile> v1, List<V2FileTree.V2File> v2, long pieceLength) {
        List<TorrentFile> out = new ArrayList<>(v1.size());
        int j = 0;
        for (TorrentFile f : v1) {
            if (f.pad()) {
                out.add(f);
                continue;
            }
            if (j >= v2.size()) {
                throw new MetainfoException("hybrid: v1 file " + Fields.quote(f.joinedPath())
                        + " is not in the v2 file tree");
            }
            V2FileTree.V2File g = v2.get(j++);
            if (!g.path().equals(f.path())) {
                throw new MetainfoException("hybrid: v1 file " + Fields.quote(f.joinedPath())
                        + " stands where the v2 file tree has " + Fields.quote(String.join("/", g.path())));
            }
            if (g.size() != f.size()) {
                throw new MetainfoException("hybrid: " + Fields.quote(f.joinedPath()) + " has " + f.size()
                        + " bytes in v1 but " + g.size() + " in v2");
            }
            if (f.size() > 0 && f.offset() % pieceLength != 0) {
                throw new MetainfoException("hybrid: " + Fields.quote(f.joinedPath()) + " starts at offset "
                        + f.offset() + ", not on a piece boundary (missing pad file)");
            }
            out.add(f.withPiecesRoot(g.piecesRoot()));
        }
        if (j < v2.size()) {
            throw new MetainfoException("hybrid: v2 file " + Fields.quote(String.join("/", v2.get(j).path()))
                    + " is not in the v1 file list");
        }
        long v1Pieces = (totalWithPads(v1) + pieceLength - 1) / pieceLength;
        long v2Pieces = v2PieceCount(out, pieceLength);
        if (v1Pieces != v2Pieces) {
            throw new MetainfoException("hybrid: the v1 files fill " + v1Pieces + " pieces but the v2 files "
                    + v2Pieces + " (pad files too large)");
        }
        return out;
    }
}
