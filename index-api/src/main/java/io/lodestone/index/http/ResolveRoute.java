package io.lodestone.index.http;

import io.javalin.http.Context;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.magnet.MagnetException;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.ResolveResult;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/resolve}: a magnet (or bare hash) in, the torrent object out, 504 when no
 * metadata came in time. At most {@link HttpConfig#maxConcurrentResolves()} run at once; the
 * request thread is not held while waiting.
 */
final class ResolveRoute {

    static final String PATH = "/api/v1/resolve";
    /**
     * Slack past the resolver's own deadline before we stop waiting for it (at most the timeout
     * itself, so short timeouts stay short).
     */
    static final Duration RESULT_GRACE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ResolveRoute.class);

    private final MagnetResolver resolver;
    private final HttpConfig config;
    private final Semaphore permits;

    private final java.util.Optional<io.lodestone.index.content.ContentControl> content;
    private final HttpMetrics metrics;

    ResolveRoute(MagnetResolver resolver, HttpConfig config,
                 java.util.Optional<io.lodestone.index.content.ContentControl> content, HttpMetrics metrics) {
        this.metrics = metrics;
        this.resolver = resolver;
        this.config = config;
        this.content = content;
        this.permits = new Semaphore(config.maxConcurrentResolves());
    }

    void register(Router r) {
        r.post(PATH, this::resolve);
    }

    private void resolve(Context ctx) {
        Router.onlyParams(ctx, Set.of());
        String uri = UriBody.read(ctx, config.maxRequestBodyBytes());
        MagnetUri magnet;
        try {
            magnet = MagnetUri.parseAny(uri);
        } catch (MagnetException | IllegalArgumentException e) {
            throw HttpError.badRequest("not a magnet link or info-hash: " + e.getMessage());
        }
        ContentRoutes.refuseBlocked(content, magnet); // before any peer is asked for its metadata
        if (!permits.tryAcquire()) {
            throw HttpError.unavailable(config.maxConcurrentResolves() + " resolves are already running; try again later");
        }
        CompletableFuture<ResolveResult> pending;
        try {
            pending = resolver.resolve(magnet, config.resolveTimeout());
            metrics.started(HttpMetrics.RESOLVE);
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
        Duration timeout = config.resolveTimeout();
        long waitMillis = timeout.plus(timeout.compareTo(RESULT_GRACE) < 0 ? timeout : RESULT_GRACE).toMillis();
        // a copy: the resolver may share its future with other callers, and ours must not time theirs out
        ctx.future(() -> pending.copy()
                .orTimeout(waitMillis, TimeUnit.MILLISECONDS)
                .handle((result, failure) -> {
                    permits.release();
                    answer(ctx, magnet, result, failure);
                    return null;
                }));
    }

    private void answer(Context ctx, MagnetUri magnet, ResolveResult result, Throwable failure) {
        Throwable cause = failure != null && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            Router.json(ctx, HttpError.GATEWAY_TIMEOUT, ApiJson.error("no metadata for "
                    + magnet.dhtInfoHash().hex() + " within " + config.resolveTimeout().toSeconds() + " s"));
        } else if (cause != null) {
            log.warn("resolve of {} failed", magnet.dhtInfoHash().hex(), cause);
            Router.json(ctx, 500, ApiJson.error("the resolver failed"));
        } else if (result instanceof ResolveResult.Resolved r) {
            Router.json(ctx, 200, TorrentJson.of(r.metainfo().summary()));
        } else if (result instanceof ResolveResult.NotFound nf) {
            // the resolver ends at its deadline or when every peer is exhausted: either way, not in time
            Router.json(ctx, HttpError.GATEWAY_TIMEOUT, ApiJson.error("no metadata for "
                    + magnet.dhtInfoHash().hex() + ": " + nf.reason()));
        } else {
            log.warn("resolve of {} completed with nothing", magnet.dhtInfoHash().hex());
            Router.json(ctx, 500, ApiJson.error("the resolver failed"));
        }
    }
}
