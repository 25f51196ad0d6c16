package io.lodestone.index.http;

import io.javalin.http.Context;
import io.lodestone.index.access.ApiKey;
import io.lodestone.index.access.ApiKeyStore;
import io.lodestone.index.json.TorrentJson;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signing a browser in: the sign-in page posts a key once ({@code POST /api/v1/session}, JSON,
 * same origin only) and gets an HttpOnly, SameSite=Strict session cookie; the key itself is never
 * kept by the page. {@code GET} tells the page who it is, {@code DELETE} signs out.
 */
final class SessionRoutes {

    static final String PAGE = "/signin";
    static final String API = "/api/v1/session";
    static final String KEY = "key";

    private final ApiKeyStore keys;
    private final Sessions sessions;
    private final HttpConfig config;

    SessionRoutes(ApiKeyStore keys, Sessions sessions, HttpConfig config) {
        this.keys = keys;
        this.sessions = sessions;
        this.config = config;
    }

    void register(Router r) {
        r.get(PAGE, this::page);
        r.get(API, this::whoAmI);
        r.post(API, this::signIn);
        r.delete(API, this::signOut);
    }

    private void page(Context ctx) {
        Router.onlyParams(ctx, Set.of());
        String main = "<h1>Sign in</h1>\n<p>Enter an API key with scope write (made with "
                + "<code>lodestone apikey create NAME --scope write</code>) to download, delete and block from these "
                + "pages. The key is exchanged for a session cookie; the page does not keep it.</p>\n"
                + "<form id=\"signin\" class=\"signin\"><label for=\"key\">API key</label> "
                + "<input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"off\" required> "
                + "<button type=\"submit\" id=\"signin-button\">Sign in</button> "
                + "<button type=\"button\" id=\"signout-button\">Sign out</button></form>\n"
                + "<p id=\"action-status\" class=\"hint\" role=\"status\"></p>\n";
        Router.html(ctx, 200, Html.page("Sign in", PAGE, main, "actions.js"));
    }

    private void whoAmI(Context ctx) throws IOException {
        Router.onlyParams(ctx, Set.of());
        AccessGuard.Caller c = ctx.attribute(AccessGuard.CALLER_ATTRIBUTE);
        ObjectNode o = TorrentJson.MAPPER.createObjectNode()
                .put("signedIn", c != null && c.key() != null)
                .put("keysConfigured", keys != null && !keys.isEmpty());
        if (c != null && c.key() != null) {
            o.put("name", c.key().name()).put("scope", c.key().scope().label());
        }
        Router.json(ctx, 200, o);
    }

    private void signIn(Context ctx) throws IOException {
        Router.onlyParams(ctx, Set.of());
        String key = JsonBody.string(JsonBody.object(ctx, config.maxRequestBodyBytes(), Set.of(KEY),
                "{\"key\": \"...\"}"), KEY);
        if (key == null) {
            throw HttpError.badRequest("key is required");
        }
        Optional<ApiKey> k = keys == null ? Optional.empty() : keys.find(key.strip());
        if (k.isEmpty()) {
            throw new HttpError(AccessGuard.UNAUTHORIZED, "unknown or revoked API key");
        }
        String token = sessions.open(k.get());
        ctx.header("Set-Cookie", Sessions.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + sessions.ttlSeconds());
        Router.json(ctx, 200, TorrentJson.MAPPER.createObjectNode().put("signedIn", true)
                .put("name", k.get().name()).put("scope", k.get().scope().label()));
    }

    private void signOut(Context ctx) {
        Router.onlyParams(ctx, Set.of());
        sessions.close(ctx.cookie(Sessions.COOKIE));
        ctx.header("Set-Cookie", Sessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ctx.status(204);
    }
}
