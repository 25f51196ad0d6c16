package io.lodestone.index.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.lodestone.index.json.TorrentJson;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adds routes to Javalin, tagging each request with its route template (for the request
 * counter), and holds the few ways a handler answers.
 */
final class Router {

    static final String ROUTE_ATTRIBUTE = "lodestone.route";
    static final String JSON = "application/json";
    static final String HTML = "text/html; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    private final RoutesConfig routes;

    Router(RoutesConfig routes) {
        this.routes = routes;
    }

    /** GET, and HEAD on the same handler: the server sends the headers without the body. */
    void get(String path, Handler h) {
        routes.get(path, tagged(path, h));
        routes.head(path, tagged(path, h));
    }

    void post(String path, Handler h) {
        routes.post(path, tagged(path, h));
    }

    void delete(String path, Handler h) {
        routes.delete(path, tagged(path, h));
    }

    private static Handler tagged(String path, Handler h) {
        return ctx -> {
            ctx.attribute(ROUTE_ATTRIBUTE, path);
            h.handle(ctx);
        };
    }

    static void json(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType(JSON).result(TorrentJson.write(body));
    }

    static void html(Context ctx, int status, String page) {
        ctx.status(status).contentType(HTML).result(page);
    }

    /** A path parameter, decoded; a broken %-escape in it is the client's 400, not our 500. */
    static String pathParam(Context ctx, String name) {
        try {
            return ctx.pathParam(name);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("the path holds a malformed %-escape");
        }
    }

    /** Refuses any query parameter outside {@code known}. */
    static void onlyParams(Context ctx, Set<String> known) {
        Params.only(queryParams(ctx), known);
    }

    /** The query parameters, read strictly: Javalin's own reading drops them all on one bad escape. */
    static Map<String, List<String>> queryParams(Context ctx) {
        Map<String, List<String>> params = QueryString.parse(ctx.queryString());
        params.remove(AccessGuard.API_KEY_PARAM); // every route takes it; the guard has read it
        return params;
    }
}
