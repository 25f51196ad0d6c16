package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of a .torrent around the info dict that say where to find peers (BEP 12 trackers,
 * BEP 19 web seeds) or describe it. URLs that are not UTF-8 cannot be used and are dropped;
 * wrong types are errors like anywhere else.
 */
final class TorrentExtras {
    private TorrentExtras() {
    }

    /** BEP 12: announce-list tiers when it yields any URL, else announce alone (libtorrent's rule). */
    static List<List<String>> trackers(BDict torrent) {
        List<List<String>> tiers = new ArrayList<>();
        BList list = Fields.optional(torrent, "announce-list", BList.class, "");
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                String where = "announce-list[" + i + "]";
                BList tier = Fields.item(list, i, BList.class, "announce-list");
                List<String> urls = new ArrayList<>(tier.size());
                for (int k = 0; k < tier.size(); k++) {
                    String url = url(Fields.item(tier, k, BString.class, where));
                    if (url != null && !urls.contains(url)) {
                        urls.add(url);
                    }
                }
                if (!urls.isEmpty()) {
                    tiers.add(urls);
                }
            }
        }
        BString announce = Fields.optional(torrent, "announce", BString.class, "");
        if (tiers.isEmpty() && announce != null) {
            String url = url(announce);
            if (url != null) {
                tiers.add(List.of(url));
            }
        }
        return tiers;
    }

    /** BEP 19: url-list is one URL or a list of them; empty and repeated ones are dropped. */
    static List<String> webSeeds(BDict torrent) {
        BValue v = torrent.get("url-list");
        Set<String> urls = new LinkedHashSet<>();
        if (v instanceof BString s) {
            add(urls, url(s));
        } else if (v instanceof BList list) {
            for (int i = 0; i < list.size(); i++) {
                add(urls, url(Fields.item(list, i, BString.class, "url-list")));
            }
        } else if (v != null) {
            throw new MetainfoException("url-list must be a string or a list");
        }
        return List.copyOf(urls);
    }

    /** Seconds since the epoch; a negative date is as good as none (libtorrent ignores it too). */
    static Long creationDate(BDict torrent) {
        BInt date = Fields.optional(torrent, "creation date", BInt.class, "");
        return date == null || date.value() < 0 ? null : date.value();
    }

    private static void add(Set<String> urls, String url) {
        if (url != null) {
            urls.add(url);
        }
    }

    /** The trimmed URL, or null when it is empty or not text. */
    private static String url(BString s) {
        String text = Fields.strictText(s);
        if (text == null) {
            return null;
        }
        text = text.strip();
        return text.isEmpty() ? null : text;
    }
}
