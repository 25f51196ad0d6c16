package io.lodestone.index.http;

import io.javalin.http.Context;
import io.lodestone.index.json.TorrentJson;
import java.util.Iterator;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads a small JSON object body strictly: bounded in size, an object, no field it does not know. */
final class JsonBody {

    static final int PAYLOAD_TOO_LARGE = 413;

    private JsonBody() {
    }

    /** The body as an object with only {@code fields}; {@code shape} describes it in errors. */
    static JsonNode object(Context ctx, long maxBytes, Set<String> fields, String shape) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw new HttpError(PAYLOAD_TOO_LARGE, "the body is larger than " + maxBytes + " bytes");
        }
        byte[] body = readBody(ctx);
        if (body.length > maxBytes) {
            throw new HttpError(PAYLOAD_TOO_LARGE, "the body is larger than " + maxBytes + " bytes");
        }
        return parse(body, fields, shape);
    }

    /**
     * The raw body; a body the client cut short or framed badly (a broken chunk, a length it did
     * not send) is its 400, not our 500.
     */
    private static byte[] readBody(Context ctx) {
        try {
            return ctx.bodyAsBytes();
        } catch (Exception e) { // the servlet's IOException arrives undeclared through Kotlin
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.io.IOException) {
                    throw HttpError.badRequest("the body could not be read: it ended early or is badly framed");
                }
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    static JsonNode parse(byte[] body, Set<String> fields, String shape) {
        if (body.length == 0) {
            throw HttpError.badRequest("the body must be a JSON object " + shape);
        }
        JsonNode root;
        try {
            root = TorrentJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw HttpError.badRequest("the body is not valid JSON: " + oneLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw HttpError.badRequest("the body must be a JSON object " + shape);
        }
        Iterator<String> names = root.propertyNames().iterator();
        while (names.hasNext()) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw HttpError.badRequest("unknown field " + Params.describe(name) + " in the body");
            }
        }
        return root;
    }

    /** A string field, or null when absent; anything but a string is a 400. */
    static String string(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw HttpError.badRequest(field + " must be a string");
        }
        return v.asString();
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
