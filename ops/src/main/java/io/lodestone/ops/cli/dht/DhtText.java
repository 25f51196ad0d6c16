package io.lodestone.ops.cli.dht;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Plain-text rendering of the dht commands' JSON objects: one "key: value" per line. */
final class DhtText {
    private DhtText() {
    }

    static String of(JsonNode o) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            JsonNode v = e.getValue();
            if (v.isArray()) {
                b.append(e.getKey()).append(": ").append(v.size()).append('\n');
                for (JsonNode item : v) {
                    b.append("  ").append(item.isObject() ? compact(item) : item.asString()).append('\n');
                }
            } else {
                b.append(e.getKey()).append(": ").append(v.isString() ? v.asString() : v.toString()).append('\n');
            }
        }
        return b.toString().stripTrailing();
    }

    private static String compact(JsonNode o) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (!b.isEmpty()) {
                b.append("  ");
            }
            b.append(e.getValue().isString() ? e.getValue().asString() : e.getValue().toString());
        }
        return b.toString();
    }
}
