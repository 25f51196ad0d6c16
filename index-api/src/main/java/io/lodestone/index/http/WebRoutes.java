package io.lodestone.index.http;

import io.javalin.http.Context;
import io.lodestone.index.SearchPage;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.TorrentIndex;
import io.lodestone.index.TorrentRecord;
import java.io.IOException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The web pages: search, a torrent, DHT health, and their stylesheet and script. */
final class WebRoutes {

    static final String STATIC_PREFIX = "/static/";
    static final String SEARCH_PAGE = "/";
    static final String TORRENT_PAGE = "/torrent/{infohash}";
    static final String HEALTH_PAGE = "/health";
    static final String ASSET = STATIC_PREFIX + "{name}";

    private final TorrentIndex index;
    private final HealthSource health;
    private final StaticAssets assets;
    private final HttpConfig config;
    private final InstantSource wallClock;

    WebRoutes(TorrentIndex index, HealthSource health, StaticAssets assets, HttpConfig config, InstantSource wallClock) {
        this.index = index;
        this.health = health;
        this.assets = assets;
        this.config = config;
        this.wallClock = wallClock;
    }

    void register(Router r) {
        r.get(SEARCH_PAGE, this::search);
        r.get(TORRENT_PAGE, this::torrent);
        r.get(HEALTH_PAGE, this::health);
        r.get(ASSET, this::asset);
    }

    private void search(Context ctx) throws IOException {
        Optional<SearchQuery> q = Params.searchIfAsked(withoutEmptyFilters(Router.queryParams(ctx)));
        SearchPage page = null;
        List<String> magnets = List.of();
        if (q.isPresent()) {
            page = ApiRoutes.search(index, q.get());
            page = new SearchPage(page.total(), page.results(), index.typeCounts(q.get()));
            magnets = ApiRoutes.magnets(index, page);
        }
        Router.html(ctx, 200, SearchView.render(q, page, magnets, wallClock.instant()));
    }

    /** The form sends its empty number fields as {@code minSize=}; on the page that means "no bound". */
    static Map<String, List<String>> withoutEmptyFilters(Map<String, List<String>> params) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        params.forEach((name, values) -> {
            boolean emptyFilter = !name.equals(Params.Q) && values.size() == 1 && values.get(0).isEmpty();
            if (!emptyFilter) {
                out.put(name, values);
            }
        });
        return out;
    }

    private void torrent(Context ctx) throws IOException {
        Router.onlyParams(ctx, Set.of());
        TorrentRecord t = ApiRoutes.find(index, Router.pathParam(ctx, "infohash"));
        Router.html(ctx, 200, TorrentView.render(t, Magnets.of(t.summary()), wallClock.instant()));
    }

    private void health(Context ctx) throws IOException {
        Router.onlyParams(ctx, Set.of());
        Router.html(ctx, 200, HealthView.render(health.json(), config.healthRefresh(), wallClock.instant()));
    }

    private void asset(Context ctx) {
        Router.onlyParams(ctx, Set.of());
        StaticAssets.Asset a = assets.get(Router.pathParam(ctx, "name"))
                .orElseThrow(() -> HttpError.notFound("no such file"));
        ctx.header("Cache-Control", "max-age=" + StaticAssets.MAX_AGE_SECONDS);
        ctx.status(200).contentType(a.contentType()).result(a.bytes());
    }
}
