package io.lodestone.index.http;

import io.javalin.http.Context;
import io.lodestone.magnet.MagnetUri;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads the body of the POST routes, {@code {"uri": "..."}}, strictly. */
final class UriBody {

    static final String URI = "uri";
    static final int PAYLOAD_TOO_LARGE = JsonBody.PAYLOAD_TOO_LARGE;
    private static final String SHAPE = "{\"uri\": \"...\"}";

    private UriBody() {
    }

    /** The {@code uri} string, not yet parsed; bounded by {@code maxBytes} and the magnet limit. */
    static String read(Context ctx, long maxBytes) {
        return check(JsonBody.object(ctx, maxBytes, Set.of(URI), SHAPE));
    }

    static String parse(byte[] body) {
        return check(JsonBody.parse(body, Set.of(URI), SHAPE));
    }

    private static String check(JsonNode root) {
        JsonNode uri = root.get(URI);
        if (uri == null || !uri.isString()) {
            throw HttpError.badRequest("uri is required and must be a string");
        }
        String s = uri.asString();
        if (s.isBlank()) {
            throw HttpError.badRequest("uri must not be blank");
        }
        if (s.length() > MagnetUri.MAX_URI_LENGTH) {
            throw HttpError.badRequest("uri is longer than " + MagnetUri.MAX_URI_LENGTH + " characters");
        }
        return s;
    }
}
