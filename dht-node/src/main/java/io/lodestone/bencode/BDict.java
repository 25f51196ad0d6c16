package io.lodestone.bencode;

import java.util.Arrays;
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
    private static final BString[] NO_KEYS = {};
    private static final BValue[] NO_VALUES = {};

    /**
     * Sorted, unique keys and their values side by side: a decoded dict arrives sorted (the
     * decoder rejects anything else), so it costs two arrays rather than a tree. KRPC dicts have a
     * handful of keys, so a lookup is a short scan that allocates nothing.
     */
    private final BString[] keys;
    private final BValue[] values;
    private final Span span;
    /** The map view, built on first use; most dicts are only read through {@link #get}. */
    private SortedMap<BString, BValue> entries;

    BDict(SortedMap<BString, BValue> entries, Span span) {
        this(entries.keySet().toArray(NO_KEYS), entries.values().toArray(NO_VALUES), span);
    }

    /** {@code keys} sorted by unsigned bytes and unique; both arrays are kept, not copied. */
    BDict(BString[] keys, BValue[] values, Span span) {
        this.keys = keys;
        this.values = values;
        this.span = span;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static BDict empty() {
        return new BDict(NO_KEYS, NO_VALUES, null);
    }

    public SortedMap<BString, BValue> entries() {
        SortedMap<BString, BValue> e = entries;
        if (e == null) {
            TreeMap<BString, BValue> m = new TreeMap<>();
            for (int i = 0; i < keys.length; i++) {
                m.put(keys[i], values[i]);
            }
            e = Collections.unmodifiableSortedMap(m);
            entries = e;
        }
        return e;
    }

    public int size() {
        return keys.length;
    }

    /** The i-th key in sorted order; with {@link #valueAt}, a walk over the dict without a map. */
    public BString keyAt(int i) {
        return keys[i];
    }

    public BValue valueAt(int i) {
        return values[i];
    }

    public boolean containsKey(String key) {
        return get(key) != null;
    }

    /** The value under {@code key}, or null. */
    public BValue get(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].contentEquals(key)) {
                return values[i];
            }
        }
        return null;
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
        return o instanceof BDict d && Arrays.equals(d.keys, keys) && Arrays.equals(d.values, values);
    }

    /** As a {@link java.util.Map}'s: the sum over entries of key hash XOR value hash. */
    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < keys.length; i++) {
            h += keys[i].hashCode() ^ values[i].hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return entries().toString();
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
            return new BDict(map, null);
        }
    }
}
