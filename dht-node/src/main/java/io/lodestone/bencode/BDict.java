package io.lodestone.bencode;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bencoded dictionary, keys in unsigned byte order. Typed getters throw {@link BencodeException}
 * naming the key when a value has the wrong type, so callers turn malformed input into one clear
 * error instead of a ClassCastException.
 */
public final class BDict implements BValue {
    private final SortedMap<BString, BValue> entries;
    private final Span span;

    BDict(SortedMap<BString, BValue> entries, Span span) {
        this.entries = Collections.unmodifiableSortedMap(entries);
        this.span = span;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static BDict empty() {
        return new BDict(new TreeMap<>(), null);
    }

    public SortedMap<BString, BValue> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public boolean containsKey(String key) {
        return entries.containsKey(BString.of(key));
    }

    /** The value under {@code key}, or null. */
    public BValue get(String key) {
        return entries.get(BString.of(key));
    }

    public BString getString(String key) {
        return typed(key, BString.class, "a string");
    }

    public BInt getInt(String key) {
        return typed(key, BInt.class, "an integer");
    }

    public BList getList(String key) {
        return typed(key, BList.class, "a list");
    }

    public BDict getDict(String key) {
        return typed(key, BDict.class, "a dictionary");
    }

    /** Like the typed getters, but a missing key is an error too. */
    public <T extends BValue> T require(String key, Class<T> type) {
        T v = typed(key, type, article(type));
        if (v == null) {
            throw new BencodeException("missing key '" + key + "'");
        }
        return v;
    }

    private <T extends BValue> T typed(String key, Class<T> type, String what) {
        BValue v = get(key);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw new BencodeException("key '" + key + "' must be " + what);
        }
        return type.cast(v);
    }

    private static String article(Class<?> type) {
        if (type == BString.class) return "a string";
        if (type == BInt.class) return "an integer";
        if (type == BList.class) return "a list";
        return "a dictionary";
    }

    @Override
    public byte[] encoded() {
        return span != null ? span.copy() : BencodeEncoder.encode(this);
    }

    @Override
    public Span span() {
        return span;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BDict d && d.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }

    /** Builds a dictionary in code; insertion order does not matter, encoding is always sorted. */
    public static final class Builder {
        private final TreeMap<BString, BValue> map = new TreeMap<>();

        public Builder put(String key, BValue value) {
            return put(BString.of(key), value);
        }

        public Builder put(BString key, BValue value) {
            map.put(key, value);
            return this;
        }

        public Builder put(String key, String utf8) {
            return put(key, BString.of(utf8));
        }

        public Builder put(String key, byte[] bytes) {
            return put(key, BString.of(bytes));
        }

        public Builder put(String key, long value) {
            return put(key, BInt.of(value));
        }

        public Builder putAll(Map<BString, BValue> entries) {
            map.putAll(entries);
            return this;
        }

        public BDict build() {
            return new BDict(new TreeMap<>(map), null);
        }
    }
}
