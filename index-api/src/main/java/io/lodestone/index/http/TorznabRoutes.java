package io.lodestone.index.http;

import io.javalin.http.Context;
import io.lodestone.index.SearchHit;
import io.lodestone.index.SearchPage;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.TorrentIndex;
import io.lodestone.index.torznab.TorznabException;
import io.lodestone.index.torznab.TorznabRequest;
import io.lodestone.index.torznab.TorznabXml;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Torznab at {@code /torznab/api} for the *arr apps, and {@code /feed}, an RSS 2.0 feed of the
 * newest torrents for any search and filter. Both speak XML, errors included: Torznab's error
 * element, whose code the server's error mapping takes from the HTTP status.
 */
final class TorznabRoutes {

    static final String TORZNAB = "/torznab/api";
    static final String FEED = "/feed";
    static final String TITLE = "Lodestone";

    private final TorrentIndex index;

    TorznabRoutes(TorrentIndex index) {
        this.index = index;
    }

    void register(Router r) {
        r.get(TORZNAB, this::torznab);
        r.get(FEED, this::feed);
    }

    /** Whether an error on this path is answered in Torznab's XML. */
    static boolean speaksXml(String path) {
        return path.equals(TORZNAB) || path.equals(FEED);
    }

    static void error(Context ctx, int status, String reason) {
        int code = TorznabException.codeForStatus(status);
        ctx.status(status).contentType(TorznabXml.XML_CONTENT_TYPE).result(TorznabXml.error(code, reason));
    }

    private void torznab(Context ctx) throws IOException {
        TorznabRequest request;
        try {
            request = TorznabRequest.parse(Router.queryParams(ctx));
        } catch (TorznabException e) {
            // a Torznab client reads the error element; the status stays 200 as Newznab servers answer
            ctx.status(200).contentType(TorznabXml.XML_CONTENT_TYPE).result(TorznabXml.error(e.code(), e.getMessage()));
            return;
        }
        switch (request) {
            case TorznabRequest.Caps c ->
                    ctx.status(200).contentType(TorznabXml.XML_CONTENT_TYPE).result(TorznabXml.caps(TITLE));
            case TorznabRequest.Search s -> answer(ctx, s.query(), "Torznab " + s.function().t());
        }
    }

    private void feed(Context ctx) throws IOException {
        Map<String, List<String>> params = Router.queryParams(ctx);
        Params.only(params, Set.of(Params.Q, Params.TYPE, Params.RESOLUTION, Params.SEASON, Params.EPISODE,
                Params.YEAR, Params.LIMIT, Params.OFFSET));
        String q = Params.single(params, Params.Q);
        if (q != null && q.length() > SearchQuery.MAX_TEXT_LENGTH) {
            throw HttpError.badRequest("q must be at most " + SearchQuery.MAX_TEXT_LENGTH + " characters");
        }
        int limit = (int) Params.number(params, Params.LIMIT, SearchQuery.DEFAULT_LIMIT, 1, SearchQuery.MAX_LIMIT);
        int offset = (int) Params.number(params, Params.OFFSET, 0, 0, SearchQuery.MAX_OFFSET);
        SearchQuery query = SearchQuery.newest(q, Params.filters(params), limit, offset);
        answer(ctx, query, q == null || q.isBlank() ? "newest torrents" : "newest torrents matching " + q.strip());
    }

    private void answer(Context ctx, SearchQuery q, String description) throws IOException {
        SearchPage page = ApiRoutes.search(index, q);
        List<String> magnets = ApiRoutes.magnets(index, page);
        String site = site(ctx);
        String key = AccessGuard.presentedKey(ctx);
        List<TorznabXml.Item> items = new ArrayList<>(page.results().size());
        for (int i = 0; i < page.results().size(); i++) {
            SearchHit h = page.results().get(i);
            String hex = h.infoHash().hex();
            String file = site + "/api/v1/torrents/" + hex + "/torrent"
                    + (key == null ? "" : "?apikey=" + Html.query(key));
            items.add(new TorznabXml.Item(h, magnets.get(i), site + "/torrent/" + hex, file));
        }
        String self = site + ctx.path() + withoutKey(Router.queryParams(ctx));
        TorznabXml.Channel channel = new TorznabXml.Channel(TITLE, TITLE + ": " + description, self, site + "/");
        ctx.status(200).contentType(TorznabXml.CONTENT_TYPE).result(TorznabXml.results(channel, page, q.offset(), items));
    }

    /** The query again, without the API key: a feed's self link is shown to people. */
    private static String withoutKey(Map<String, List<String>> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((name, values) -> values.forEach(v ->
                b.append(b.isEmpty() ? '?' : '&').append(Html.query(name)).append('=').append(Html.query(v))));
        return b.toString();
    }

    /** The root URL as the client reached us; the guard has checked Host against the allow-list. */
    private static String site(Context ctx) {
        String host = ctx.header("Host");
        return ctx.scheme() + "://" + (host == null ? "localhost" : host);
    }
}
