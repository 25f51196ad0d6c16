package io.lodestone.index.http;

import io.javalin.http.Context;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.magnet.MagnetUri;
import java.util.Iterator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads the body of the POST routes, {@code {"uri": "..."}}, strictly. */
final class UriBody {

    static final String URI = "uri";
    static final int PAYLOAD_TOO_LARGE = 413;

    private UriBody() {
    }

    /** The {@code uri} string, not yet parsed; bounded by {@code maxBytes} and the magnet limit. */
    static String read(Context ctx, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw new HttpError(PAYLOAD_TOO_LARGE, "the body is larger than " + maxBytes + " bytes");
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > maxBytes) {
            throw new HttpError(PAYLOAD_TOO_LARGE, "the body is larger than " + maxBytes + " bytes");
        }
        return parse(body);
    }

    static String parse(byte[] body) {
        if (body.length == 0) {
            throw HttpError.badRequest("the body must be a JSON object {\"uri\": \"...\"}");
        }
        JsonNode root;
        try {
            root = TorrentJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw HttpError.badRequest("the body is not valid JSON: " + oneLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw HttpError.badRequest("the body must be a JSON object {\"uri\": \"...\"}");
        }
        Iterator<String> names = root.propertyNames().iterator();
        while (names.hasNext()) {
            String name = names.next();
            if (!URI.equals(name)) {
                throw HttpError.badRequest("unknown field " + Params.describe(name) + " in the body");
            }
        }
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

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
