package io.lodestone.metainfo;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * How {@link TorrentCreator} makes a torrent.
 *
 * @param format       v1 (BEP 3), v2 (BEP 52) or hybrid (both, files padded to piece boundaries)
 * @param pieceLength  a power of two from {@link #MIN_PIECE_LENGTH} to {@link #MAX_PIECE_LENGTH}, or
 *                     {@link #AUTO_PIECE_LENGTH} to pick one from the total size
 * @param name         the torrent's name; null means the file or directory name
 * @param trackers     announce URLs, each its own tier, tried in this order; duplicates dropped
 * @param isPrivate    BEP 27: peers only from the trackers
 * @param createdBy    written as {@code created by}; null omits it
 * @param creationDate seconds since the epoch; null omits it, so the output is reproducible
 * @param comment      written as {@code comment}; null or empty omits it
 */
public record CreateOptions(Format format, int pieceLength, String name, List<String> trackers, boolean isPrivate,
                            String createdBy, Long creationDate, String comment) {

    public enum Format { V1, V2, HYBRID }

    public static final int AUTO_PIECE_LENGTH = 0;
    /** BEP 52's block size; v1 could go lower, but nothing gains from pieces that small. */
    public static final int MIN_PIECE_LENGTH = 16 * 1024;
    /** The largest piece qBittorrent offers, and the largest our parser accepts. */
    public static final int MAX_PIECE_LENGTH = 256 * 1024 * 1024;
    /** The largest piece the automatic choice makes: libtorrent's limit too. */
    public static final int MAX_AUTO_PIECE_LENGTH = 16 * 1024 * 1024;
    public static final String DEFAULT_CREATED_BY = "Lodestone";

    /**
     * libtorrent's automatic piece sizes: the i-th entry is the largest total size that gets
     * {@code 16 KiB << i}, where a piece list of {@code 2 * sqrt(total)} bytes of SHA-1 hashes
     * is the target, i.e. {@code round((pieceLength / 10)^2)}. Larger totals get 16 MiB.
     */
    private static final long[] AUTO_PIECE_THRESHOLDS = {
            2_684_355L, 10_737_418L, 42_949_673L, 171_798_692L, 687_194_767L,
            2_748_779_069L, 10_995_116_278L, 43_980_465_111L, 175_921_860_444L, 703_687_441_777L};

    public CreateOptions {
        if (format == null) {
            throw new IllegalArgumentException("format is required");
        }
        if (pieceLength != AUTO_PIECE_LENGTH && (pieceLength < MIN_PIECE_LENGTH || pieceLength > MAX_PIECE_LENGTH
                || Integer.bitCount(pieceLength) != 1)) {
            throw new IllegalArgumentException("piece length must be 0 (automatic) or a power of two from "
                    + MIN_PIECE_LENGTH + " to " + MAX_PIECE_LENGTH + ", not " + pieceLength);
        }
        if (name != null) {
            checkName(name);
        }
        trackers = trackers == null ? List.of() : List.copyOf(new LinkedHashSet<>(trackers));
        for (String t : trackers) {
            if (t.isBlank() || !t.equals(t.strip())) {
                throw new IllegalArgumentException("a tracker URL must not be blank or padded: '" + t + "'");
            }
        }
        if (creationDate != null && creationDate < 0) {
            throw new IllegalArgumentException("creation date must not be negative: " + creationDate);
        }
    }

    /** Hybrid, automatic piece length, no trackers, public, "Lodestone", no date, no comment. */
    public static CreateOptions defaults() {
        return new CreateOptions(Format.HYBRID, AUTO_PIECE_LENGTH, null, List.of(), false, DEFAULT_CREATED_BY, null, null);
    }

    public CreateOptions withFormat(Format f) {
        return new CreateOptions(f, pieceLength, name, trackers, isPrivate, createdBy, creationDate, comment);
    }

    public CreateOptions withPieceLength(int p) {
        return new CreateOptions(format, p, name, trackers, isPrivate, createdBy, creationDate, comment);
    }

    public CreateOptions withName(String n) {
        return new CreateOptions(format, pieceLength, n, trackers, isPrivate, createdBy, creationDate, comment);
    }

    public CreateOptions withTrackers(List<String> t) {
        return new CreateOptions(format, pieceLength, name, t, isPrivate, createdBy, creationDate, comment);
    }

    public CreateOptions withPrivate(boolean p) {
        return new CreateOptions(format, pieceLength, name, trackers, p, createdBy, creationDate, comment);
    }

    public CreateOptions withCreatedBy(String c) {
        return new CreateOptions(format, pieceLength, name, trackers, isPrivate, c, creationDate, comment);
    }

    public CreateOptions withCreationDate(Long d) {
        return new CreateOptions(format, pieceLength, name, trackers, isPrivate, createdBy, d, comment);
    }

    public CreateOptions withComment(String c) {
        return new CreateOptions(format, pieceLength, name, trackers, isPrivate, createdBy, creationDate, c);
    }

    /** The piece length libtorrent 2.0 picks for {@code totalBytes}: 16 KiB up to 16 MiB. */
    public static int autoPieceLength(long totalBytes) {
        int i = 0;
        while (i < AUTO_PIECE_THRESHOLDS.length && AUTO_PIECE_THRESHOLDS[i] < totalBytes) {
            i++;
        }
        return Math.min(MIN_PIECE_LENGTH << i, MAX_AUTO_PIECE_LENGTH);
    }

    /** The piece length to use for {@code totalBytes}. */
    public int pieceLengthFor(long totalBytes) {
        return pieceLength == AUTO_PIECE_LENGTH ? autoPieceLength(totalBytes) : pieceLength;
    }

    /** A torrent name is one path component: a peer saves the torrent under it. */
    static void checkName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a torrent name must be one non-empty path component"
                    + " without '/', '\\' or NUL, not '" + name + "'");
        }
    }
}
