package io.lodestone.client.storage;

import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.TorrentFile;
import io.lodestone.metainfo.TorrentVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The piece space of a torrent: how long each piece is and which bytes are pad.
 *
 * <p>Piece {@code p} starts at {@code p * pieceLength}. For v1 and hybrid torrents the piece space is
 * the v1 byte stream (BEP 47 pad files included), one section from 0 to {@link #totalSize()}, so
 * only the last piece is short. For v2-only torrents every file starts a new piece (BEP 52), so
 * each non-empty file is its own section and each file's last piece may be short; the gaps between
 * sections hold no data.
 *
 * @param pieceLength the nominal piece length
 * @param pieceCount  pieces in the torrent
 * @param totalSize   bytes in all pieces together: the data plus pad files as laid out
 * @param sections    stretches of the piece space that hold data, sorted, disjoint, each starting on a piece
 * @param pads        pad files, sorted: their bytes are zeros, never requested or written
 */
public record TorrentLayout(long pieceLength, int pieceCount, long totalSize, List<Extent> sections,
                            List<Extent> pads) {

    /** The request size every client uses, and the v2 merkle leaf size. */
    public static final int BLOCK_SIZE = 16 * 1024;

    /** A half-open byte range {@code [start, end)} of the piece space. */
    public record Extent(long start, long end) {
        public Extent {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad extent [" + start + ", " + end + ")");
            }
        }

        public long length() {
            return end - start;
        }
    }

    public TorrentLayout {
        Objects.requireNonNull(sections, "sections");
        Objects.requireNonNull(pads, "pads");
        sections = List.copyOf(sections);
        pads = List.copyOf(pads);
        if (pieceLength < 1 || pieceLength > Integer.MAX_VALUE || pieceCount < 1) {
            throw new IllegalArgumentException("piece length " + pieceLength + " or count " + pieceCount + " out of range");
        }
        long pieces = 0;
        long bytes = 0;
        long previousEnd = 0;
        for (Extent s : sections) {
            if (s.start() < previousEnd || s.start() % pieceLength != 0 || s.length() == 0) {
                throw new IllegalArgumentException("sections must be sorted, disjoint, non-empty and start on a piece");
            }
            if (s.start() / pieceLength != pieces) {
                throw new IllegalArgumentException("section at " + s.start() + " does not follow the previous one's pieces");
            }
            pieces += ceilDiv(s.length(), pieceLength);
            bytes += s.length();
            previousEnd = s.end();
        }
        if (pieces != pieceCount || bytes != totalSize) {
            throw new IllegalArgumentException("sections hold " + pieces + " pieces and " + bytes
                    + " bytes, not " + pieceCount + " and " + totalSize);
        }
        previousEnd = 0;
        for (Extent p : pads) {
            if (p.start() < previousEnd) {
                throw new IllegalArgumentException("pads must be sorted and disjoint");
            }
            previousEnd = p.end();
        }
    }

    /** The layout of a parsed torrent. */
    public static TorrentLayout of(Metainfo m) {
        List<Extent> sections = new ArrayList<>();
        List<Extent> pads = new ArrayList<>();
        long total = 0;
        if (m.version() == TorrentVersion.V2) {
            for (TorrentFile f : m.files()) {
                if (f.size() > 0 && !f.pad()) {
                    sections.add(new Extent(f.offset(), f.offset() + f.size()));
                    total += f.size();
                }
            }
        } else {
            for (TorrentFile f : m.files()) {
                if (f.pad() && f.size() > 0) {
                    pads.add(new Extent(f.offset(), f.offset() + f.size()));
                }
                total = Math.max(total, f.offset() + f.size());
            }
            sections.add(new Extent(0, total));
        }
        return new TorrentLayout(m.pieceLength(), m.pieceCount(), total, sections, pads);
    }

    /** Where piece {@code piece} starts in the piece space. */
    public long pieceOffset(int piece) {
        checkPiece(piece);
        return piece * pieceLength;
    }

    /** Bytes in a piece: the piece length, less at the end of a section. */
    public int pieceSize(int piece) {
        long start = pieceOffset(piece);
        Extent s = sections.get(sectionIndex(start));
        return (int) Math.min(pieceLength, s.end() - start);
    }

    public int blockCount(int piece) {
        return (int) ceilDiv(pieceSize(piece), BLOCK_SIZE);
    }

    public int blockSize(int piece, int block) {
        int size = pieceSize(piece);
        long begin = (long) block * BLOCK_SIZE;
        if (block < 0 || begin >= size) {
            throw new IllegalArgumentException("piece " + piece + " has no block " + block);
        }
        return (int) Math.min(BLOCK_SIZE, size - begin);
    }

    /** Whether a block lies wholly inside pad files: it is zeros by definition and never requested. */
    public boolean isPadBlock(int piece, int block) {
        if (pads.isEmpty()) {
            return false;
        }
        long start = pieceOffset(piece) + (long) block * BLOCK_SIZE;
        long end = start + blockSize(piece, block);
        int i = floorIndex(pads, start);
        return i >= 0 && pads.get(i).end() >= end;
    }

    private int sectionIndex(long offset) {
        int i = floorIndex(sections, offset);
        if (i < 0 || sections.get(i).end() <= offset) {
            throw new IllegalStateException("offset " + offset + " lies outside every section"); // constructor prevents it
        }
        return i;
    }

    /** The last extent starting at or before {@code offset}, or -1. */
    private static int floorIndex(List<Extent> extents, long offset) {
        int lo = 0;
        int hi = extents.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (extents.get(mid).start() <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void checkPiece(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount);
        }
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
