package io.lodestone.metainfo;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One file of a torrent, pad files included.
 *
 * @param path       safe components; a multi-file torrent's name is the first one, so the path is
 *                   where the file lands under a download directory
 * @param size       bytes
 * @param pad        a BEP 47 pad file (attr 'p'): its bytes are zeros, never written or shown
 * @param piecesRoot the BEP 52 merkle root (32 bytes) for a non-empty file of a v2 or hybrid
 *                   torrent, else null. Copied in and out: the record is immutable.
 * @param offset     where the file starts: in the v1 piece space (v1, hybrid), or at its piece-aligned
 *                   start (v2-only, where every file begins a new piece)
 */
public record TorrentFile(List<String> path, long size, boolean pad, byte[] piecesRoot, long offset) {

    public TorrentFile {
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a file path has at least one component");
        }
        if (size < 0 || offset < 0) {
            throw new IllegalArgumentException("negative size or offset");
        }
        if (piecesRoot != null) {
            if (piecesRoot.length != MetainfoLimits.V2_HASH_LENGTH) {
                throw new IllegalArgumentException("a pieces root has 32 bytes, not " + piecesRoot.length);
            }
            piecesRoot = piecesRoot.clone();
        }
    }

    /** A copy of the pieces root, or null. */
    @Override
    public byte[] piecesRoot() {
        return piecesRoot == null ? null : piecesRoot.clone();
    }

    /** The path joined with '/'. */
    public String joinedPath() {
        return String.join("/", path);
    }

    /** The same file with a pieces root attached (hybrid torrents take it from the v2 tree). */
    TorrentFile withPiecesRoot(byte[] root) {
        return new TorrentFile(path, size, pad, root, offset);
    }

    /** Reads the pieces root without copying, for code in this package that does not keep it. */
    byte[] piecesRootUnsafe() {
        return piecesRoot;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorrentFile f && f.size == size && f.pad == pad && f.offset == offset
                && f.path.equals(path) && Arrays.equals(f.piecesRoot, piecesRoot);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, size, pad, offset, Arrays.hashCode(piecesRoot));
    }

    @Override
    public String toString() {
        return "TorrentFile[" + joinedPath() + ", size=" + size + (pad ? ", pad" : "") + ", offset=" + offset
                + (piecesRoot != null ? ", piecesRoot=" + HexFormat.of().formatHex(piecesRoot) : "") + "]";
    }
}
