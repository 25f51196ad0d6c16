package io.lodestone.metainfo;

import java.util.List;

/**
 * What the command line and the HTTP API show of a torrent.
 *
 * @param infoHash   40 hex digits: the v1 info-hash, or the v2 one truncated for a v2-only torrent
 *                   (the hash the DHT and peers know it by)
 * @param infoHashV2 64 hex digits, or null for a v1-only torrent
 * @param totalSize  bytes, pad files left out
 * @param files      pad files left out, torrent order
 * @param version    "v1", "v2" or "hybrid"
 */
public record TorrentSummary(String infoHash, String infoHashV2, String name, long totalSize, long pieceLength,
                             int pieceCount, boolean isPrivate, List<FileEntry> files, String version) {

    public TorrentSummary {
        files = List.copyOf(files);
    }

    /** A file as shown: path joined with '/', size in bytes. */
    public record FileEntry(String path, long size) {
    }
}
