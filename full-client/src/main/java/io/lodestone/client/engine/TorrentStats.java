package io.lodestone.client.engine;

/**
 * A torrent's numbers at one moment, safe to read from any thread.
 *
 * @param verifiedBytes   bytes of verified pieces (pad bytes included as laid out)
 * @param totalBytes      bytes of all pieces
 * @param verifiedPieces  pieces verified
 * @param pieceCount      pieces in the torrent
 * @param downloadRate    payload bytes per second received lately
 * @param uploadRate      payload bytes per second sent lately
 * @param downloaded      payload bytes received since start (wasted ones included)
 * @param uploaded        payload bytes sent since start
 * @param wasted          bytes received that were not needed or failed their hash
 * @param peers           connected peers
 * @param knownPeers      addresses known
 * @param hashFailures    pieces that failed their hash
 * @param banned          peers banned for bad data
 * @param complete        every piece verified
 */
public record TorrentStats(long verifiedBytes, long totalBytes, int verifiedPieces, int pieceCount, long downloadRate,
                           long uploadRate, long downloaded, long uploaded, long wasted, int peers, int knownPeers,
                           int hashFailures, int banned, boolean complete) {

    public static TorrentStats empty(long totalBytes, int pieceCount) {
        return new TorrentStats(0, totalBytes, 0, pieceCount, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
    }

    /** Verified over total, 0 to 1. */
    public double progress() {
        return totalBytes == 0 ? 1.0 : (double) verifiedBytes / totalBytes;
    }
}
