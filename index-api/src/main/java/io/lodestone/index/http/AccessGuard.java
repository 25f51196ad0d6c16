package io.lodestone.index.http;

import io.javalin.http.Context;
import io.lodestone.index.access.ApiKey;
import io.lodestone.index.access.ApiKeyStore;
import io.lodestone.index.access.Scope;
import io.lodestone.time.Clock;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Runs before every route: the {@code Host} allow-list (421), then for state-changing requests
 * the same-origin and JSON-only rules (403, 415), then who is asking (an API key as
 * {@code Authorization: Bearer}, {@code X-Api-Key} or {@code apikey=}, or a session cookie) and
 * whether that is enough for the route (401, 403), then the rate limits (429).
 *
 * <p>Write routes need a write key once any key exists, or on a non-loopback bind. On a loopback
 * bind with no key at all they stay open, as before keys existed: a stranger's web page cannot
 * use them anyway, since it cannot send JSON across origins without a preflight we never grant,
 * and its Origin is refused.
 */
final class AccessGuard {

    static final String CALLER_ATTRIBUTE = "lodestone.caller";
    static final String API_KEY_HEADER = "X-Api-Key";
    static final String API_KEY_PARAM = "apikey";
    static final int MISDIRECTED = 421;
    static final int UNAUTHORIZED = 401;
    static final int FORBIDDEN = 403;
    static final int UNSUPPORTED_MEDIA_TYPE = 415;
    static final int TOO_MANY_REQUESTS = 429;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OPEN_PATHS = Set.of(OpsRoutes.HEALTHZ, SessionRoutes.PAGE, SessionRoutes.API);

    /** Who made a request: a key (by a header, the query or a session), or nobody. */
    record Caller(ApiKey key, boolean viaCookie) {
        static final Caller ANONYMOUS = new Caller(null, false);

        String name() {
            return key == null ? "local" : key.name();
        }
    }

    private final HostCheck hosts;
    private final ApiKeyStore keys;
    private final Sessions sessions;
    private final boolean loopback;
    private final boolean keysForRead;
    private final TokenBuckets searches;
    private final TokenBuckets resolves;

    AccessGuard(HttpConfig config, ApiKeyStore keys, Sessions sessions, Clock clock) {
        this.hosts = new HostCheck(config.access().publicNames());
        this.keys = keys;
        this.sessions = sessions;
        this.loopback = config.isLoopbackBind();
        this.keysForRead = config.access().keysForRead();
        this.searches = new TokenBuckets(clock, config.access().search(), TokenBuckets.DEFAULT_MAX_CLIENTS);
        this.resolves = new TokenBuckets(clock, config.access().resolve(), TokenBuckets.DEFAULT_MAX_CLIENTS);
    }

    void check(Context ctx) throws IOException {
        String host = ctx.header("Host");
        if (!hosts.allows(host)) {
            throw new HttpError(MISDIRECTED, "this server does not answer for host " + Params.describe(host)
                    + "; add the name to http.public-names");
        }
        if (hasBrokenEscape(ctx.path())) {
            // refused here: the router decodes path parameters before any handler could
            throw HttpError.badRequest("the path holds a malformed %-escape");
        }
        String method = ctx.method().name();
        boolean changes = !SAFE_METHODS.contains(method);
        String origin = ctx.header("Origin");
        if (changes) {
            if (origin != null && !HostCheck.sameOrigin(origin, host)) {
                throw new HttpError(FORBIDDEN, "cross-origin requests are refused");
            }
            String site = ctx.header("Sec-Fetch-Site");
            if (site != null && !site.equals("same-origin") && !site.equals("none")) {
                throw new HttpError(FORBIDDEN, "cross-site requests are refused");
            }
            if (!method.equals("DELETE") && !isJson(ctx.header("Content-Type"))) {
                throw new HttpError(UNSUPPORTED_MEDIA_TYPE, "the body must be sent as application/json");
            }
        }
        Caller caller = caller(ctx);
        ctx.attribute(CALLER_ATTRIBUTE, caller);
        if (changes && caller.viaCookie() && origin == null) {
            // a browser always sends Origin on these; a cookie without one is not our page's request
            throw new HttpError(FORBIDDEN, "a signed-in browser's request must carry its Origin");
        }
        Scope needed = needed(method, ctx.path());
        if (needed != null) {
            if (caller.key() == null) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"lodestone\"");
                throw new HttpError(UNAUTHORIZED, "this needs an API key with scope " + needed.label()
                        + " (Authorization: Bearer, X-Api-Key or apikey=)");
            }
            if (!caller.key().scope().includes(needed)) {
                throw new HttpError(FORBIDDEN, "the key '" + caller.key().name() + "' has scope "
                        + caller.key().scope().label() + "; this needs " + needed.label());
            }
        }
        limit(ctx, method, caller);
    }

    /** The scope a route needs from this caller, or null when anyone may use it. */
    private Scope needed(String method, String path) throws IOException {
        if (OPEN_PATHS.contains(path) || path.startsWith(WebRoutes.STATIC_PREFIX)) {
            return null;
        }
        Scope s;
        if (path.equals(ContentRoutes.AUDIT)) {
            s = Scope.ADMIN;
        } else if (!SAFE_METHODS.contains(method) || path.startsWith(ContentRoutes.BLOCKS)) {
            s = Scope.WRITE;
        } else {
            s = keysForRead ? Scope.READ : null;
        }
        if (s != null && loopback && noKeys()) {
            return null; // a loopback server nobody made keys for: local use goes on as before
        }
        return s;
    }

    private boolean noKeys() throws IOException {
        return keys == null || keys.isEmpty();
    }

    private Caller caller(Context ctx) throws IOException {
        String presented = presentedKey(ctx);
        if (presented != null) {
            Optional<ApiKey> k = keys == null ? Optional.empty() : keys.find(presented);
            if (k.isEmpty()) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"lodestone\", error=\"invalid_token\"");
                throw new HttpError(UNAUTHORIZED, "unknown or revoked API key");
            }
            return new Caller(k.get(), false);
        }
        String token = ctx.cookie(Sessions.COOKIE);
        if (token != null && keys != null) {
            Optional<ApiKey> k = sessions.find(token);
            if (k.isPresent() && keys.stillValid(k.get())) {
                return new Caller(k.get(), true);
            }
        }
        return Caller.ANONYMOUS;
    }

    /** The key from the Authorization header, X-Api-Key, or the apikey parameter, in that order. */
    static String presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        String header = ctx.header(API_KEY_HEADER);
        if (header != null) {
            return header.strip();
        }
        List<String> param = QueryString.parse(ctx.queryString()).get(API_KEY_PARAM);
        if (param != null && !param.isEmpty()) {
            if (param.size() > 1) {
                throw HttpError.badRequest(API_KEY_PARAM + " is given more than once");
            }
            return param.get(0);
        }
        return null;
    }

    private void limit(Context ctx, String method, Caller caller) {
        String path = ctx.path();
        TokenBuckets buckets;
        if (path.equals(ResolveRoute.PATH) && method.equals("POST")) {
            buckets = resolves;
        } else if (SAFE_METHODS.contains(method) && (path.equals(ApiRoutes.SEARCH) || TorznabRoutes.speaksXml(path)
                || (path.equals(WebRoutes.SEARCH_PAGE) && ctx.queryString() != null))) {
            buckets = searches;
        } else {
            return;
        }
        String client = caller.key() != null ? "key:" + caller.key().name() : "ip:" + ctx.ip();
        long wait = buckets.take(client);
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(TokenBuckets.retryAfterSeconds(wait)));
            throw new HttpError(TOO_MANY_REQUESTS, "too many requests; try again in "
                    + TokenBuckets.retryAfterSeconds(wait) + " s");
        }
    }

    static boolean hasBrokenEscape(String rawPath) {
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
            if (i + 2 >= rawPath.length() || Character.digit(rawPath.charAt(i + 1), 16) < 0
                    || Character.digit(rawPath.charAt(i + 2), 16) < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String base = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return base.equals("application/json");
    }
}
