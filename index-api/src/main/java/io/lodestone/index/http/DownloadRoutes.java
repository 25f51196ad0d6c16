package io.lodestone.index.http;

import io.javalin.http.Context;
import io.lodestone.client.DownloadManager;
import io.lodestone.client.DownloadStatus;
import io.lodestone.index.json.TorrentJson;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The download routes, over an optional {@link DownloadManager}: without one (a server that only
 * indexes) they answer 503. Input is checked before that, so bad requests are 400 either way.
 */
final class DownloadRoutes {

    static final String LIST = "/api/v1/downloads";
    static final String ONE = "/api/v1/downloads/{id}";
    /** A listing shows at most this many downloads. */
    static final int MAX_LISTED = 1000;
    /** Too many downloads run: the client may retry later (RFC 6585). */

    private final Optional<DownloadManager> manager;
    private final HttpConfig config;

    private final Optional<io.lodestone.index.content.ContentControl> content;
    private final HttpMetrics metrics;

    DownloadRoutes(Optional<DownloadManager> manager, HttpConfig config,
                   Optional<io.lodestone.index.content.ContentControl> content, HttpMetrics metrics) {
        this.metrics = metrics;
        this.manager = manager;
        this.config = config;
        this.content = content;
    }

    void register(Router r) {
        r.post(LIST, this::start);
        r.get(LIST, this::list);
        r.get(ONE, this::status);
        r.delete(ONE, this::cancel);
    }

    private void start(Context ctx) {
        Router.onlyParams(ctx, Set.of());
        String uri = UriBody.read(ctx, config.maxRequestBodyBytes());
        try {
            ContentRoutes.refuseBlocked(content, io.lodestone.magnet.MagnetUri.parseAny(uri));
        } catch (io.lodestone.magnet.MagnetException e) {
            throw HttpError.badRequest("cannot download that: " + e.getMessage());
        }
        String id;
        try {
            id = manager().start(uri);
            metrics.started(HttpMetrics.DOWNLOAD);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("cannot download that: " + e.getMessage());
        } catch (DownloadManager.TooManyDownloadsException e) {
            throw new HttpError(AccessGuard.TOO_MANY_REQUESTS, e.getMessage() + "; try again once one ends");
        }
        Router.json(ctx, 202, TorrentJson.MAPPER.createObjectNode().put("id", id));
    }

    private void list(Context ctx) {
        Router.onlyParams(ctx, Set.of());
        List<DownloadStatus> all = manager().all().stream()
                .sorted(Comparator.comparing(DownloadStatus::id))
                .limit(MAX_LISTED)
                .toList();
        Router.json(ctx, 200, ApiJson.downloads(all));
    }

    private void status(Context ctx) {
        Router.onlyParams(ctx, Set.of());
        String id = Params.downloadId(Router.pathParam(ctx, "id"));
        DownloadStatus s = manager().status(id).orElseThrow(() -> HttpError.notFound("no download with id " + id));
        Router.json(ctx, 200, ApiJson.download(s));
    }

    private void cancel(Context ctx) {
        Router.onlyParams(ctx, Set.of());
        String id = Params.downloadId(Router.pathParam(ctx, "id"));
        if (!manager().cancel(id)) {
            throw HttpError.notFound("no download with id " + id);
        }
        ctx.status(204);
    }

    private DownloadManager manager() {
        return manager.orElseThrow(() -> HttpError.unavailable("downloads are not enabled on this server"));
    }
}
