package io.lodestone.client.storage;

/**
 * How pieces are kept on disk.
 *
 * @param openFiles        file channels kept open at once, least recently used closed first
 *                         (libtorrent file_pool_size 40)
 * @param fullLengthAtOpen extend every file to its full length when the store opens. Java cannot
 *                         reserve blocks, so this still leaves holes where the file system supports
 *                         them; it only makes sizes final up front. Off by default: files grow as
 *                         blocks land, sparse (libtorrent's default storage_mode_sparse), and a
 *                         resume check skips whatever lies past a file's end without reading it.
 * @param writeBehindBytes once this many bytes are written, a background pass forces them to the
 *                         device, so the force that completes a download finds little left
 *                         (libtorrent does not force at all); 0 leaves it all to that last force
 * @param directPieceBytes memory for whole pieces gathered before one direct (O_DIRECT) write each,
 *                         once they verify (see {@link PieceAssembly}); 0 writes every block as it
 *                         comes, through the page cache
 * @param directPieceBytesTotal the same memory over every store that shares one {@link PieceMemory}
 *                         (a serve's downloads): a store gathers a piece only while both its own
 *                         share and this one have room
 */
public record StorageConfig(int openFiles, boolean fullLengthAtOpen, long writeBehindBytes, long directPieceBytes,
                            long directPieceBytesTotal) {

    public static final int DEFAULT_OPEN_FILES = 40;
    /** A floor so a striped multi-file piece never thrashes the cache. */
    public static final int MIN_OPEN_FILES = 4;
    /** Small enough that the last pass is quick, large enough that passes stay few (32 per GiB). */
    public static final long DEFAULT_WRITE_BEHIND_BYTES = 32L << 20;
    /** Some 32 pieces of 1 MiB: what one fast peer's pipeline and the disk queue hold in flight. */
    public static final long DEFAULT_DIRECT_PIECE_BYTES = 32L << 20;
    /** Four fast downloads at once; slower ones keep writing block by block through the page cache. */
    public static final long DEFAULT_DIRECT_PIECE_BYTES_TOTAL = 128L << 20;

    public StorageConfig {
        if (openFiles < MIN_OPEN_FILES) {
            throw new IllegalArgumentException("openFiles must be at least " + MIN_OPEN_FILES + ", not " + openFiles);
        }
        if (writeBehindBytes < 0 || directPieceBytes < 0 || directPieceBytesTotal < 0) {
            throw new IllegalArgumentException(
                    "writeBehindBytes, directPieceBytes and directPieceBytesTotal must not be negative");
        }
    }

    public static StorageConfig defaults() {
        return new StorageConfig(DEFAULT_OPEN_FILES, false, DEFAULT_WRITE_BEHIND_BYTES, DEFAULT_DIRECT_PIECE_BYTES,
                DEFAULT_DIRECT_PIECE_BYTES_TOTAL);
    }

    /** The same settings with {@code bytes} per store for whole pieces written directly (0: none). */
    public StorageConfig withDirectPieceBytes(long bytes) {
        return new StorageConfig(openFiles, fullLengthAtOpen, writeBehindBytes, bytes, directPieceBytesTotal);
    }

    /** The same settings with {@code bytes} over every store sharing a {@link PieceMemory}. */
    public StorageConfig withDirectPieceBytesTotal(long bytes) {
        return new StorageConfig(openFiles, fullLengthAtOpen, writeBehindBytes, directPieceBytes, bytes);
    }
}
