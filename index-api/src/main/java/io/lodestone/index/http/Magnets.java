package io.lodestone.index.http;

import io.lodestone.index.SearchHit;
import io.lodestone.magnet.MagnetException;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.TorrentSummary;
import io.lodestone.types.InfoHash;
import java.util.List;

/** Magnet links for indexed torrents: every hash the torrent has, its name and size. */
final class Magnets {

    /** Display names longer than this are cut: a link is for clicking, not for archiving names. */
    static final int MAX_DISPLAY_NAME = 200;

    private Magnets() {
    }

    /** A v1 torrent gets {@code btih}, a v2 one {@code btmh}, a hybrid both (BEP 52). */
    static String of(TorrentSummary s) {
        InfoHash v2 = s.infoHashV2() == null ? null : InfoHash.fromHex(s.infoHashV2());
        InfoHash v1 = v2 != null && "v2".equals(s.version()) ? null : InfoHash.fromHex(s.infoHash());
        return link(v1, v2, s.name(), s.totalSize());
    }

    /** From a search hit alone, when the record is gone: its key as a v1 hash. */
    static String ofHit(SearchHit h) {
        return link(h.infoHash().truncated(), null, h.name(), h.totalSize());
    }

    private static String link(InfoHash v1, InfoHash v2, String name, long size) {
        try {
            return new MagnetUri(v1, v2, displayName(name), List.of(), List.of(), List.of(), List.of(), size).toUri();
        } catch (MagnetException e) {
            // a name the magnet format cannot carry: the hash alone still finds the torrent
            return new MagnetUri(v1, v2, null, List.of(), List.of(), List.of(), List.of(), size).toUri();
        }
    }

    /** Control characters (which magnets refuse) become spaces; long names are cut on a code point. */
    static String displayName(String name) {
        if (name == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(name.length(), MAX_DISPLAY_NAME));
        name.codePoints().forEach(cp -> {
            if (b.length() < MAX_DISPLAY_NAME) {
                b.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp);
            }
        });
        String s = b.toString().strip();
        return s.isEmpty() ? null : s;
    }
}
