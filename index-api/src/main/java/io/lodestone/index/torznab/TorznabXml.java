package io.lodestone.index.torznab;

import io.lodestone.index.SearchHit;
import io.lodestone.index.SearchPage;
import io.lodestone.index.SearchQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The XML Torznab and the feed answer with: the capabilities, results as RSS 2.0 items with
 * {@code torznab:attr} elements, and errors. Pure: data in, a string out.
 */
public final class TorznabXml {
    public static final String TORZNAB_NS = "http://torznab.com/schemas/2015/feed";
    public static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    public static final String CONTENT_TYPE = "application/rss+xml; charset=utf-8";
    public static final String XML_CONTENT_TYPE = "application/xml; charset=utf-8";
    static final String BITTORRENT = "application/x-bittorrent";
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private TorznabXml() {
    }

    /**
     * One result: the hit, its magnet link, and where it is (absolute URLs).
     *
     * @param page        the torrent's web page
     * @param torrentFile its .torrent file
     */
    public record Item(SearchHit hit, String magnet, String page, String torrentFile) { }

    /**
     * The channel around the items.
     *
     * @param self the URL that gave this document
     * @param site the server's root URL
     */
    public record Channel(String title, String description, String self, String site) { }

    /** {@code t=caps}: only the parameters {@link TorznabRequest} honours, and our categories. */
    public static String caps(String serverTitle) {
        Xml x = new Xml();
        x.open("caps").newline();
        x.empty("server", "version", "1.0", "title", serverTitle).newline();
        x.empty("limits", "max", Integer.toString(SearchQuery.MAX_LIMIT), "default",
                Integer.toString(SearchQuery.DEFAULT_LIMIT)).newline();
        x.open("searching").newline();
        x.empty("search", "available", "yes", "supportedParams", "q").newline();
        x.empty("tv-search", "available", "yes", "supportedParams", "q,season,ep").newline();
        x.empty("movie-search", "available", "yes", "supportedParams", "q,year").newline();
        x.empty("music-search", "available", "yes", "supportedParams", "q").newline();
        x.empty("audio-search", "available", "yes", "supportedParams", "q").newline();
        x.empty("book-search", "available", "yes", "supportedParams", "q").newline();
        x.close("searching").newline();
        x.open("categories").newline();
        for (TorznabCategory c : TorznabCategory.values()) {
            if (c.parent() != null) {
                continue;
            }
            x.open("category", "id", Integer.toString(c.id()), "name", c.label()).newline();
            for (TorznabCategory sub : c.children()) {
                x.empty("subcat", "id", Integer.toString(sub.id()), "name", sub.label()).newline();
            }
            x.close("category").newline();
        }
        x.close("categories").newline();
        return x.close("caps").newline().toString();
    }

    /** Results as RSS 2.0, with the Torznab attributes and the total for paging. */
    public static String results(Channel channel, SearchPage page, int offset, List<Item> items) {
        Xml x = new Xml();
        x.open("rss", "version", "2.0", "xmlns:atom", ATOM_NS, "xmlns:torznab", TORZNAB_NS).newline();
        x.open("channel").newline();
        x.empty("atom:link", "href", channel.self(), "rel", "self", "type", "application/rss+xml").newline();
        x.element("title", channel.title()).newline();
        x.element("description", channel.description()).newline();
        x.element("link", channel.site()).newline();
        x.empty("torznab:response", "offset", Integer.toString(offset), "total", Long.toString(page.total())).newline();
        for (Item i : items) {
            item(x, i);
        }
        x.close("channel").newline();
        return x.close("rss").newline().toString();
    }

    private static void item(Xml x, Item i) {
        SearchHit h = i.hit();
        List<TorznabCategory> cats = TorznabCategory.of(h.classification()).withParent();
        String size = Long.toString(h.totalSize());
        x.open("item").newline();
        x.element("title", h.name()).newline();
        x.open("guid", "isPermaLink", "false").text(h.infoHash().hex()).close("guid").newline();
        x.element("link", i.torrentFile()).newline();
        x.element("comments", i.page()).newline();
        x.element("pubDate", date(h)).newline();
        x.element("size", size).newline();
        for (TorznabCategory c : cats) {
            x.element("category", Integer.toString(c.id())).newline();
        }
        x.empty("enclosure", "url", i.torrentFile(), "length", size, "type", BITTORRENT).newline();
        for (TorznabCategory c : cats) {
            attr(x, "category", Integer.toString(c.id()));
        }
        attr(x, "size", size);
        attr(x, "files", Integer.toString(h.fileCount()));
        attr(x, "infohash", h.infoHash().hex());
        attr(x, "magneturl", i.magnet());
        if (h.seeders() >= 0) { // never scraped: left out, so a client's minimum-seeders rule does not drop it
            attr(x, "seeders", Long.toString(h.seeders()));
            // Torznab's peers are seeders and leechers together; BEP 33's are the downloaders alone
            attr(x, "peers", Long.toString(h.seeders() + Math.max(0, h.peers())));
        }
        var a = h.classification().attributes();
        if (a.year() != null) {
            attr(x, "year", a.year().toString());
        }
        if (a.seasonFrom() != null) {
            attr(x, "season", a.seasonFrom().toString());
        }
        if (a.episodeFrom() != null && !a.absoluteEpisode()) {
            attr(x, "episode", a.episodeFrom().toString());
        }
        x.close("item").newline();
    }

    private static void attr(Xml x, String name, String value) {
        x.empty("torznab:attr", "name", name, "value", value).newline();
    }

    /** An error document: {@code <error code="100" description="..."/>}. */
    public static String error(int code, String description) {
        return new Xml().empty("error", "code", Integer.toString(code), "description", description).newline()
                .toString();
    }

    static String date(SearchHit h) {
        return RFC_822.format(h.discoveredAt());
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
