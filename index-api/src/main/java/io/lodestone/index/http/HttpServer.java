package io.lodestone.index.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API, {@code /metrics}, {@code /healthz} and the web pages, on one Javalin server.
 * Routes live in small route classes; this class wires them, maps errors to answers (JSON under
 * {@code /api/}, a page elsewhere) and owns the server's life.
 *
 * <pre>{@code
 * try (HttpServer http = new HttpServer(HttpConfig.defaults().withAddress("127.0.0.1", 0), services).start()) {
 *     int port = http.port();
 * }
 * }</pre>
 */
public final class HttpServer implements AutoCloseable {

    /** Idle request threads kept; the pool grows to {@link HttpConfig#maxThreads()} under load. */
    static final int MIN_THREADS = 4;
    static final Duration THREAD_IDLE = Duration.ofMinutes(1);
    /** Slack on an async request (a resolve) past its own deadline before Jetty gives up on it. */
    static final Duration ASYNC_SLACK = Duration.ofSeconds(10);
    /** Sent on every answer: no sniffing, no framing, and pages load only their own script and style. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final HttpConfig config;
    private final Javalin app;
    private boolean started;
    private boolean stopped;

    public HttpServer(HttpConfig config, HttpServices services) {
        this.config = config;
        HttpMetrics metrics = new HttpMetrics(services.registry());
        HealthSource health = new HealthSource(services.health(), new HealthRates(services.clock(), config.rateWindow()),
                services.index());
        StaticAssets assets = StaticAssets.load();
        ApiRoutes api = new ApiRoutes(services.index());
        ResolveRoute resolve = new ResolveRoute(services.resolver(), config, services.contentControl(), metrics);
        DownloadRoutes downloads = new DownloadRoutes(services.downloadManager(), config, services.contentControl(), metrics);
        ContentRoutes content = new ContentRoutes(services.contentControl(), config);
        Sessions sessions = new Sessions(services.clock(), config.access().sessionTtl());
        SessionRoutes session = new SessionRoutes(services.keys(), sessions, config);
        AccessGuard guard = new AccessGuard(config, services.keys(), sessions, services.clock());
        OpsRoutes ops = new OpsRoutes(services.registry(), health);
        TorznabRoutes torznab = new TorznabRoutes(services.index());
        WebRoutes web = new WebRoutes(services.index(), health, assets, config, services.wallClock());
        this.app = Javalin.create(c -> {
            configure(c);
            Router router = new Router(c.routes);
            api.register(router);
            resolve.register(router);
            downloads.register(router);
            content.register(router);
            session.register(router);
            ops.register(router);
            web.register(router);
            torznab.register(router);
            c.routes.before(HttpServer::securityHeaders);
            c.routes.before(guard::check);
            c.routes.after(ctx -> metrics.count(ctx.attribute(Router.ROUTE_ATTRIBUTE), ctx.statusCode()));
            c.routes.exception(HttpError.class, (e, ctx) -> answerError(ctx, e.status(), e.getMessage()));
            c.routes.exception(HttpResponseException.class, (e, ctx) -> answerError(ctx, e.getStatus(), e.getMessage()));
            c.routes.exception(Exception.class, (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                answerError(ctx, 500, "internal error");
            });
        });
    }

    private void configure(JavalinConfig c) {
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        c.http.maxRequestSize = config.maxRequestBodyBytes();
        c.http.prefer405over404 = true; // a known path asked with the wrong method says so
        c.http.asyncTimeout = config.resolveTimeout().plus(ResolveRoute.RESULT_GRACE).plus(ASYNC_SLACK).toMillis();
        QueuedThreadPool pool = new QueuedThreadPool(config.maxThreads(), MIN_THREADS, (int) THREAD_IDLE.toMillis());
        pool.setName("lodestone-http");
        c.jetty.threadPool = pool;
    }

    /** Binds {@link HttpConfig#host()}:{@link HttpConfig#port()} and starts serving. */
    public synchronized HttpServer start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        app.start(config.host(), config.port());
        log.info("HTTP on {}:{}", config.host(), port());
        return this;
    }

    /** The bound port: the configured one, or the one the system picked for port 0. */
    public int port() {
        return app.port();
    }

    /** Stops accepting and finishes; idempotent. */
    @Override
    public synchronized void close() {
        if (started && !stopped) {
            stopped = true;
            app.stop();
        }
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }

    /** JSON {@code {"error": reason}} for the API and machine routes, an error page for people. */
    private static void answerError(Context ctx, int status, String reason) {
        String path = ctx.path();
        if (TorznabRoutes.speaksXml(path)) {
            TorznabRoutes.error(ctx, status, reason == null ? "error " + status : reason);
        } else if (path.startsWith("/api/") || path.equals(OpsRoutes.METRICS) || path.equals(OpsRoutes.HEALTHZ)) {
            Router.json(ctx, status, ApiJson.error(reason == null ? "error " + status : reason));
        } else {
            Router.html(ctx, status, Html.errorPage(status, reason == null ? "error " + status : reason));
        }
    }
}
