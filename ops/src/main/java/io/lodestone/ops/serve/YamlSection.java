package io.lodestone.ops.serve;

import io.lodestone.ops.cli.BadInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One mapping of the YAML config, read strictly: every value is type- and range-checked, and a
 * key nobody read is an error (a typo must not silently fall back to a default).
 */
final class YamlSection {

    /** The integer fallback that means "no default: required". */
    static final long REQUIRED = Long.MIN_VALUE;

    private final JsonNode node;
    private final String path;
    private final Set<String> read = new HashSet<>();

    YamlSection(JsonNode node, String path) {
        boolean absent = node == null || node.isNull() || node.isMissingNode();
        if (!absent && !node.isObject()) {
            throw new BadInputException("config: " + label(path) + " must be a mapping");
        }
        this.node = absent ? null : node;
        this.path = path;
    }

    YamlSection section(String key) {
        return new YamlSection(value(key), qualified(key));
    }

    /** A null fallback makes the key required (the bundled defaults must state every key). */
    String string(String key, String fallback) {
        JsonNode v = value(key);
        if (v == null) {
            return required(key, fallback);
        }
        if (!v.isString() && !v.isNumber()) {
            throw bad(key, "must be a string");
        }
        String s = v.asString();
        if (s.isBlank()) {
            throw bad(key, "must not be empty");
        }
        return s;
    }

    /** A string that must be one of {@code allowed} (compared without case). */
    String oneOf(String key, String fallback, String... allowed) {
        String s = string(key, fallback);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(s.trim())) {
                return a;
            }
        }
        throw bad(key, "must be one of " + String.join(", ", allowed));
    }

    /** {@link #REQUIRED} as the fallback makes the key required. */
    long integer(String key, long fallback, long min, long max) {
        JsonNode v = value(key);
        if (v == null) {
            if (fallback == REQUIRED) {
                throw bad(key, "is required");
            }
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw bad(key, "must be a whole number");
        }
        long n = v.longValue();
        if (n < min || n > max) {
            throw bad(key, "must be between " + min + " and " + max);
        }
        return n;
    }

    boolean bool(String key, Boolean fallback) {
        JsonNode v = value(key);
        if (v == null) {
            return required(key, fallback);
        }
        if (!v.isBoolean()) {
            throw bad(key, "must be true or false");
        }
        return v.booleanValue();
    }

    List<String> strings(String key, List<String> fallback) {
        JsonNode v = value(key);
        if (v == null) {
            return required(key, fallback);
        }
        if (!v.isArray()) {
            throw bad(key, "must be a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isString()) {
                throw bad(key, "must be a list of strings");
            }
            out.add(item.asString());
        }
        return out;
    }

    private <T> T required(String key, T fallback) {
        if (fallback == null) {
            throw bad(key, "is required");
        }
        return fallback;
    }

    /** Fails on the first key that no reader asked for. */
    void rejectUnknownKeys() {
        if (node == null) {
            return;
        }
        for (String key : node.propertyNames()) {
            if (!read.contains(key)) {
                throw new BadInputException("config: unknown key " + label(qualified(key)));
            }
        }
    }

    BadInputException bad(String key, String why) {
        return new BadInputException("config: " + label(qualified(key)) + " " + why);
    }

    private JsonNode value(String key) {
        read.add(key);
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String label(String path) {
        return path.isEmpty() ? "the document" : "'" + path + "'";
    }
}
