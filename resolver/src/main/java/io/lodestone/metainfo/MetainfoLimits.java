package io.lodestone.metainfo;

/**
 * Every bound the parser enforces. Input beyond these is rejected with a {@link MetainfoException}
 * instead of costing unbounded memory or time, or overflowing arithmetic further on.
 */
public final class MetainfoLimits {
    private MetainfoLimits() {
    }

    /** BEP 52: leaves of the v2 merkle tree are hashes of 16 KiB blocks. */
    public static final int BLOCK_SIZE = 16 * 1024;

    /** BEP 52: a v2 or hybrid piece length is a power of two and at least one block. */
    public static final int MIN_V2_PIECE_LENGTH = BLOCK_SIZE;

    /**
     * Largest piece length accepted. libtorrent parses up to 1 GiB but creators stop far below
     * (libtorrent at 16 MiB, qBittorrent offers up to 256 MiB); a peer has to buffer a whole
     * piece to check it, so larger pieces are a memory attack rather than a real torrent.
     */
    public static final long MAX_PIECE_LENGTH = 256L << 20;

    /** Most pieces in one torrent: libtorrent's default load_torrent_limits.max_pieces. */
    public static final int MAX_PIECES = 0x200000;

    /** Most files (pad files included) in one torrent. */
    public static final int MAX_FILES = 1_000_000;

    /** Largest total size, pad files included: 1 PiB, well above any real swarm. */
    public static final long MAX_TOTAL_SIZE = 1L << 50;

    /** Longest path component in UTF-8 bytes: NAME_MAX on Linux and most file systems. */
    public static final int MAX_COMPONENT_BYTES = 255;

    /** Most components in one file's path, the torrent name included. Real torrents stay below 20. */
    public static final int MAX_PATH_DEPTH = 64;

    /** BEP 3: one SHA-1 per piece in info.pieces. */
    public static final int V1_PIECE_HASH_LENGTH = 20;

    /** BEP 52: pieces roots and piece layer entries are SHA-256 hashes. */
    public static final int V2_HASH_LENGTH = 32;
}
