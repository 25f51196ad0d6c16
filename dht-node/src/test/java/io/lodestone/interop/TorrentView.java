package io.lodestone.interop;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;

/**
 * libtorrent's view of a .torrent file ({@code create} / {@code info}). BEP 47 pad files are left
 * out of {@link #files()} and of {@link #totalSize()}.
 *
 * @param infoHash             v1 info-hash (40 hex), null for a v2-only torrent
 * @param infoHashV2           v2 info-hash (64 hex), null for a v1-only torrent
 * @param dhtInfoHashes        what the torrent is announced under in the DHT: the v1 hash and/or
 *                             the v2 hash truncated to 20 bytes (40 hex each)
 * @param version              "v1", "v2" or "hybrid"
 * @param name                 the info dict's name
 * @param totalSize            sum of the real files' sizes
 * @param totalSizeWithPadding libtorrent's total_size(), pad files included
 * @param pieceLength          piece length in bytes
 * @param pieceCount           number of pieces
 * @param lastPieceSize        size of the last piece
 * @param isPrivate            BEP 27 private flag
 * @param files                real files in libtorrent's file_storage order; a single-file
 *                             torrent's only path is its name, otherwise "name/dir/file"
 * @param padFiles             number of pad files libtorrent sees
 * @param trackers             announce URLs
 * @param metadataSize         size of the bencoded info dict (what BEP 9 transfers)
 * @param magnet               libtorrent's magnet link (btih and/or btmh, dn, tr)
 * @param comment              comment, or null
 * @param creator              "created by", or null
 * @param torrentFile          absolute path of the .torrent file
 * @param torrentSize          size of the .torrent file in bytes
 */
public record TorrentView(
        String infoHash,
        String infoHashV2,
        List<String> dhtInfoHashes,
        String version,
        String name,
        long totalSize,
        long totalSizeWithPadding,
        int pieceLength,
        int pieceCount,
        int lastPieceSize,
        @JsonProperty("private") boolean isPrivate,
        List<FileEntry> files,
        int padFiles,
        List<String> trackers,
        int metadataSize,
        String magnet,
        String comment,
        String creator,
        String torrentFile,
        long torrentSize) {

    public TorrentView {
        dhtInfoHashes = List.copyOf(dhtInfoHashes);
        files = List.copyOf(files);
        trackers = List.copyOf(trackers);
    }

    /** One real (non-pad) file. {@code offset} is its byte offset in the torrent, pads included. */
    public record FileEntry(String path, long size, long offset) {
    }

    public boolean hasV1() {
        return infoHash != null;
    }

    public boolean hasV2() {
        return infoHashV2 != null;
    }

    public Path torrentPath() {
        return Path.of(torrentFile);
    }

    /** The file paths in order. */
    public List<String> paths() {
        return files.stream().map(FileEntry::path).toList();
    }
}
