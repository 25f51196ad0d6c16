package io.lodestone.metainfo;

import io.lodestone.types.InfoHash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed torrent: the info dict as received and what it describes, plus what the .torrent file
 * carries around it (trackers, web seeds, v2 piece layers, comment).
 *
 * <p>Immutable: every byte array is copied in and copied out, so equality is by content.
 *
 * @param infoBytes    the info dict exactly as received; both info-hashes are over these bytes
 * @param infoHashV1   SHA-1 of {@code infoBytes}, null for a v2-only torrent
 * @param infoHashV2   SHA-256 of {@code infoBytes}, null for a v1-only torrent
 * @param files        all files in torrent order, pad files included
 * @param trackers     announce-list tiers, or the single announce URL as one tier; may be empty
 * @param webSeeds     BEP 19 url-list; may be empty
 * @param pieceLayers  BEP 52 piece layers, verified against their pieces roots, keyed by the root
 *                     in lowercase hex; empty for v1, for a bare info dict, or when the file has none
 * @param v1Pieces     the concatenated SHA-1 piece hashes, null for a v2-only torrent
 * @param creationDate seconds since the epoch, or null
 */
public record Metainfo(byte[] infoBytes, InfoHash infoHashV1, InfoHash infoHashV2, String name, long pieceLength,
                       int pieceCount, boolean isPrivate, TorrentVersion version, List<TorrentFile> files,
                       List<List<String>> trackers, List<String> webSeeds, Map<String, byte[]> pieceLayers,
                       byte[] v1Pieces, String comment, String createdBy, Long creationDate) {

    private static final HexFormat HEX = HexFormat.of();

    public Metainfo {
        infoBytes = Objects.requireNonNull(infoBytes, "infoBytes").clone();
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        if (version.hasV1() != (infoHashV1 != null) || version.hasV2() != (infoHashV2 != null)) {
            throw new IllegalArgumentException("info-hashes do not match version " + version.wireName());
        }
        files = List.copyOf(files);
        List<List<String>> tiers = new ArrayList<>(trackers.size());
        for (List<String> tier : trackers) {
            tiers.add(List.copyOf(tier));
        }
        trackers = Collections.unmodifiableList(tiers);
        webSeeds = List.copyOf(webSeeds);
        pieceLayers = copy(pieceLayers);
        v1Pieces = v1Pieces == null ? null : v1Pieces.clone();
    }

    /** A copy of the info dict bytes. */
    @Override
    public byte[] infoBytes() {
        return infoBytes.clone();
    }

    /** A copy of the v1 piece hashes, or null. */
    @Override
    public byte[] v1Pieces() {
        return v1Pieces == null ? null : v1Pieces.clone();
    }

    /** A copy of the piece layers. {@link #pieceLayer(byte[])} fetches one without copying the rest. */
    @Override
    public Map<String, byte[]> pieceLayers() {
        return copy(pieceLayers);
    }

    /** A copy of the piece layer under a pieces root, or null when the torrent has none for it. */
    public byte[] pieceLayer(byte[] piecesRoot) {
        byte[] layer = pieceLayers.get(HEX.formatHex(piecesRoot));
        return layer == null ? null : layer.clone();
    }

    public int infoSize() {
        return infoBytes.length;
    }

    /** The hash the DHT and peers know the torrent by: v1, else the v2 hash truncated to 20 bytes. */
    public InfoHash dhtInfoHash() {
        return infoHashV1 != null ? infoHashV1 : infoHashV2.truncated();
    }

    /** Bytes of data, pad files left out. */
    public long totalSize() {
        long total = 0;
        for (TorrentFile f : files) {
            if (!f.pad()) {
                total += f.size();
            }
        }
        return total;
    }

    public TorrentSummary summary() {
        List<TorrentSummary.FileEntry> shown = new ArrayList<>(files.size());
        for (TorrentFile f : files) {
            if (!f.pad()) {
                shown.add(new TorrentSummary.FileEntry(f.joinedPath(), f.size()));
            }
        }
        return new TorrentSummary(dhtInfoHash().hex(), infoHashV2 == null ? null : infoHashV2.hex(), name,
                totalSize(), pieceLength, pieceCount, isPrivate, shown, version.wireName());
    }

    private static Map<String, byte[]> copy(Map<String, byte[]> layers) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        layers.forEach((k, v) -> out.put(k, v.clone()));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Metainfo m)) {
            return false;
        }
        return Arrays.equals(infoBytes, m.infoBytes) && Objects.equals(infoHashV1, m.infoHashV1)
                && Objects.equals(infoHashV2, m.infoHashV2) && name.equals(m.name) && pieceLength == m.pieceLength
                && pieceCount == m.pieceCount && isPrivate == m.isPrivate && version == m.version
                && files.equals(m.files) && trackers.equals(m.trackers) && webSeeds.equals(m.webSeeds)
                && layersEqual(pieceLayers, m.pieceLayers) && Arrays.equals(v1Pieces, m.v1Pieces)
                && Objects.equals(comment, m.comment) && Objects.equals(createdBy, m.createdBy)
                && Objects.equals(creationDate, m.creationDate);
    }

    private static boolean layersEqual(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Hashes the info dict and what surrounds it; equal torrents hash alike. */
    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(infoBytes), trackers, webSeeds, pieceLayers.keySet(), comment,
                createdBy, creationDate);
    }

    /** Short: the name, hash and shape, never the (possibly megabytes of) hashes. */
    @Override
    public String toString() {
        return "Metainfo[" + version.wireName() + " " + dhtInfoHash().hex() + " " + Fields.quote(name) + ", "
                + files.size() + " files, " + totalSize() + " bytes, " + pieceCount + " x " + pieceLength
                + (isPrivate ? ", private" : "") + "]";
    }
}
