package io.lodestone.index.http;

import io.lodestone.index.TorrentRecord;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.metainfo.TorrentSummary;
import java.time.Instant;

/** The torrent page: what it is, how to get it (magnet, .torrent), and its files as a tree. */
final class TorrentView {

    /**
     * Files listed on the page at most; a torrent of 100,000 files would make a page of
     * megabytes. The JSON API lists them all.
     */
    static final int MAX_FILES_SHOWN = 5_000;
    /** Deeper directories are not nested further (a hostile path can be thousands deep). */
    static final int MAX_DEPTH = 32;

    private TorrentView() {
    }

    static String render(TorrentRecord t, String magnet, Instant now) {
        TorrentSummary s = t.summary();
        String hex = t.infoHash().hex();
        StringBuilder b = new StringBuilder(16_384);
        b.append("<article class=\"torrent\">\n<h1 class=\"torrent-name\" id=\"torrent-name\">")
                .append(Html.esc(s.name())).append("</h1>\n");
        b.append("<p class=\"actions\"><a class=\"button magnet\" id=\"magnet\" href=\"").append(Html.esc(magnet))
                .append("\">Magnet link</a> <a class=\"button\" id=\"torrent-file\" href=\"/api/v1/torrents/")
                .append(hex).append("/torrent\" download>.torrent file</a></p>\n");
        // operator actions: they work for a signed-in browser (or a loopback server without keys)
        b.append("<p class=\"actions\" id=\"operator-actions\" data-hash=\"").append(hex)
                .append("\" data-magnet=\"").append(Html.esc(magnet)).append("\">")
                .append("<button type=\"button\" class=\"button\" id=\"action-download\">Download</button> ")
                .append("<button type=\"button\" class=\"button\" id=\"action-delete\">Delete</button> ")
                .append("<button type=\"button\" class=\"button\" id=\"action-block\">Block</button> ")
                .append("<a href=\"").append(SessionRoutes.PAGE).append("\">Sign in</a></p>\n")
                .append("<p id=\"action-status\" class=\"hint\" role=\"status\"></p>\n");
        b.append("<dl class=\"facts\">\n");
        fact(b, "Size", Formats.size(s.totalSize()) + " (" + Formats.count(s.totalSize()) + " bytes)");
        fact(b, "Files", Formats.count(s.files().size()));
        fact(b, "Info-hash", "<code>" + Html.esc(s.infoHash()) + "</code>");
        if (s.infoHashV2() != null) {
            fact(b, "Info-hash v2", "<code>" + Html.esc(s.infoHashV2()) + "</code>");
        }
        if (t.hasMetadata()) {
            fact(b, "Version", Html.esc(s.version()) + (s.isPrivate() ? ", private" : ""));
            fact(b, "Pieces", Formats.count(s.pieceCount()) + " × " + Formats.size(s.pieceLength()));
        }
        fact(b, "Discovered", time(t.discoveredAt(), now));
        fact(b, "Resolved", t.hasMetadata() ? time(t.resolvedAt(), now)
                : "<span id=\"no-metadata\">not yet: imported without its metadata</span>");
        fact(b, "Seen", Formats.count(t.seenCount()) + (t.seenCount() == 1 ? " time" : " times"));
        if (t.swarm().scraped()) {
            fact(b, "Swarm", "<span id=\"swarm\">" + Formats.count(t.seeders()) + " seeders, "
                    + Formats.count(t.peers()) + " peers</span> (DHT scrape " + time(t.swarm().scrapedAt(), now) + ")");
        }
        if (t.swarm().announcers() > 0) {
            fact(b, "Announcers seen", Formats.count(t.swarm().announcers()));
        }
        b.append("</dl>\n");
        b.append("<h2>Files</h2>\n<div class=\"tree\" id=\"files\">\n");
        int[] budget = {MAX_FILES_SHOWN};
        FileTree.Dir root = FileTree.of(s.files());
        entries(b, root, 0, budget);
        b.append("</div>\n");
        if (budget[0] < 0) {
            b.append("<p class=\"hint\">Only the first ").append(Formats.count(MAX_FILES_SHOWN))
                    .append(" files are listed here; <a href=\"/api/v1/torrents/").append(hex)
                    .append("\">the JSON</a> has them all.</p>\n");
        }
        b.append("</article>\n");
        return Html.page(s.name(), "", b.toString(), "actions.js");
    }

    private static void fact(StringBuilder b, String label, String valueHtml) {
        b.append("<div><dt>").append(label).append("</dt><dd>").append(valueHtml).append("</dd></div>\n");
    }

    private static String time(Instant t, Instant now) {
        String iso = TorrentJson.instant(t);
        return "<time datetime=\"" + iso + "\" title=\"" + iso + "\">" + Formats.age(t, now) + "</time>";
    }

    /** A list of a directory's entries; directories open, so the whole tree shows without clicks. */
    private static void entries(StringBuilder b, FileTree.Dir dir, int depth, int[] budget) {
        b.append("<ul>\n");
        for (FileTree.Entry e : dir.entries()) {
            if (budget[0] <= 0) {
                budget[0] = -1;
                break;
            }
            switch (e) {
                case FileTree.File f -> {
                    budget[0]--;
                    b.append("<li class=\"file\"><span class=\"fname\">").append(Html.esc(f.name()))
                            .append("</span> <span class=\"fsize\">").append(Formats.size(f.size())).append("</span></li>\n");
                }
                case FileTree.Dir d -> {
                    b.append("<li class=\"dir\"><details open><summary><span class=\"dname\">")
                            .append(Html.esc(d.name())).append("/</span> <span class=\"fsize\">")
                            .append(Formats.size(d.size())).append(", ").append(Formats.count(d.fileCount()))
                            .append(d.fileCount() == 1 ? " file" : " files").append("</span></summary>\n");
                    if (depth < MAX_DEPTH) {
                        entries(b, d, depth + 1, budget);
                    } else {
                        b.append("<p class=\"hint\">(nested too deep to show)</p>\n");
                    }
                    b.append("</details></li>\n");
                }
            }
        }
        b.append("</ul>\n");
    }
}
