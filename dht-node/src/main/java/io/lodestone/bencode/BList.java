package io.lodestone.bencode;

import java.util.List;

/** A bencoded list; immutable. */
public final class BList implements BValue {
    private final List<BValue> items;
    private final Span span;

    BList(List<BValue> items, Span span) {
        this.items = List.copyOf(items);
        this.span = span;
    }

    public static BList of(List<? extends BValue> items) {
        return new BList(List.copyOf(items), null);
    }

    public static BList of(BValue... items) {
        return new BList(List.of(items), null);
    }

    public List<BValue> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public BValue get(int i) {
        return items.get(i);
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
        return o instanceof BList l && l.items.equals(items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return items.toString();
    }
}
